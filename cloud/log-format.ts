/**
 * Human log lines for a terminal. The server logs pino's JSON lines (what a log collector wants);
 * when a person watches (`npm run cloud` in a terminal) each line is turned into one short line:
 *
 *   14:02:07 INFO  POST /v1/events/:id/checkins → 200 (3 ms)
 *   14:02:09 WARN  feed stream read failed
 *
 * A request's "incoming" and "completed" records become one line. Only fields the JSON lines carry
 * are shown, and those are already free of names, emails, codes and tokens (server.ts serializers).
 */

export type LogFormat = 'json' | 'pretty';

const levels: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

interface LogRecord {
  level?: number;
  time?: number;
  msg?: string;
  reqId?: string;
  req?: { method?: string; route?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { name?: string; code?: string; message?: string };
}

/** Turns JSON log lines into human ones; `undefined` for a line that is folded into a later one. */
export function prettyLogFormatter(): (line: string) => string | undefined {
  // Requests in flight: the incoming record has the route, the completed one the status.
  const requests = new Map<string, { method?: string | undefined; route?: string | undefined }>();
  return (line) => {
    let record: LogRecord;
    try {
      record = JSON.parse(line) as LogRecord;
    } catch {
      return line.trimEnd();
    }
    const time = typeof record.time === 'number' ? new Date(record.time).toTimeString().slice(0, 8) : '--:--:--';
    const level = (levels[record.level ?? 30] ?? String(record.level)).padEnd(5);
    if (record.msg === 'incoming request' && record.reqId !== undefined) {
      if (requests.size > 10_000) requests.clear(); // requests that never completed (aborted)
      requests.set(record.reqId, { method: record.req?.method, route: record.req?.route });
      return undefined;
    }
    if (record.msg === 'request completed') {
      const request = record.reqId === undefined ? undefined : requests.get(record.reqId);
      if (record.reqId !== undefined) requests.delete(record.reqId);
      const what = `${request?.method ?? '?'} ${request?.route ?? '(no route)'}`;
      const took = typeof record.responseTime === 'number' ? ` (${Math.round(record.responseTime)} ms)` : '';
      return `${time} ${level} ${what} → ${record.res?.statusCode ?? '?'}${took}`;
    }
    const err = record.err ? ` [${[record.err.name, record.err.code, record.err.message].filter(Boolean).join(': ')}]` : '';
    return `${time} ${level} ${record.msg ?? ''}${err}`;
  };
}

/** A pino destination that writes human lines to `out` (pino writes one JSON line per call). */
export function prettyLogStream(out: { write(text: string): unknown }): { write(line: string): void } {
  const format = prettyLogFormatter();
  return {
    write(chunk) {
      for (const line of chunk.split('\n')) {
        if (line.trim() === '') continue;
        const text = format(line);
        if (text !== undefined) out.write(text + '\n');
      }
    },
  };
}
