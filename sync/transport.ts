/**
 * The kiosk's only way to the cloud: `CloudTransport`, on axios. Every call takes an AbortSignal,
 * parses the answer with the common/cloud-api.ts schemas (one definition for both ends), and
 * fails with a `TransportError` whose `kind` tells the engine what to do:
 *
 *   transient     network error, timeout, reset, truncated body, 408, 429 (with `retryAfterMs` from
 *                 Retry-After), 5xx: try again later, with backoff
 *   permanent     any other 4xx (a validation refusal): retrying will not help
 *   unauthorized  401: the token is not (or no longer) known
 *   revoked       401 `device_revoked`: the cloud revoked this kiosk (wipe and stop)
 *   aborted       the caller's signal ended the call
 *
 * The engine never sees axios: tests and the fault drill hand it another CloudTransport, or this
 * one pointed at a proxy (`server` is just a base URL).
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import {
  deviceLeaveResponse,
  deviceReportResponse,
  deviceRevokedCode,
  enrollResponse,
  feedPage,
  ingestResponse,
  type DeviceReport,
  type EnrollResponse,
  type FeedPage,
  type IngestRequestInput,
  type IngestResponse,
} from '../common/cloud-api';
import type { Clock } from '../common/clock';

export type TransportErrorKind = 'transient' | 'permanent' | 'unauthorized' | 'revoked' | 'aborted';

export class TransportError extends Error {
  readonly kind: TransportErrorKind;
  readonly status: number | undefined;
  /** The cloud's error code (`bad_input`, `device_revoked`…), when it sent one. */
  readonly code: string | undefined;
  /** 429/503 with Retry-After: wait at least this long. */
  readonly retryAfterMs: number | undefined;
  /** Nothing answered (refused, reset, timed out, DNS): the network, not the cloud's judgement. */
  readonly unreachable: boolean;
  constructor(kind: TransportErrorKind, message: string, extra: { status?: number | undefined; code?: string | undefined; retryAfterMs?: number | undefined; unreachable?: boolean } = {}) {
    super(message);
    this.name = 'TransportError';
    this.kind = kind;
    this.status = extra.status;
    this.code = extra.code;
    this.retryAfterMs = extra.retryAfterMs;
    this.unreachable = extra.unreachable ?? false;
  }
}

export function isTransportError(error: unknown): error is TransportError {
  return error instanceof TransportError;
}

export interface CloudTransport {
  /** The cloud's base URL, as enrolled. */
  readonly server: string;
  /** One feed page after `cursor` ('' = from the start: the snapshot). */
  pullFeed(eventId: string, cursor: string, limit: number, signal: AbortSignal): Promise<FeedPage>;
  /** One ingest batch (check-ins, undos, walk-ins: at most maxCheckinBatch in all); one answer per item, per kind, in order. */
  push(eventId: string, batch: IngestRequestInput, signal: AbortSignal): Promise<IngestResponse>;
  /** Tells the cloud this kiosk's queue depth and dead letters (the device list shows them). */
  report(eventId: string, report: DeviceReport, signal: AbortSignal): Promise<void>;
  /** Unenrolling: the cloud retires this device (its token is refused from then on, its kiosk id may enroll again). */
  leave(eventId: string, signal: AbortSignal): Promise<void>;
  /**
   * Follows the live feed from `cursor`: `onPage` gets each page as the cloud commits it (the next
   * is read only after it resolves). Resolves when the cloud ends the stream; rejects on a
   * failure (TransportError), or with kind `aborted` when `signal` ends it. `onActivity` is told of
   * every byte (heartbeats too), so the caller can notice a stream gone silent.
   */
  stream(eventId: string, cursor: string, signal: AbortSignal, onPage: (page: FeedPage) => Promise<void>, onActivity?: () => void): Promise<void>;
}

export interface HttpTransportOptions {
  server: string;
  token: string;
  /** For Retry-After given as an HTTP date. */
  clock: Clock;
  /** Per request (not for the stream, which lives as long as it is followed). Default 30 s. */
  timeoutMs?: number;
}

const jsonText = { responseType: 'text' as const, transformResponse: [(data: unknown) => data], validateStatus: () => true };

/** The CloudTransport over HTTP (axios). */
export function httpTransport(options: HttpTransportOptions): CloudTransport {
  const server = options.server.replace(/\/+$/, '');
  const http: AxiosInstance = axios.create({
    baseURL: server,
    timeout: options.timeoutMs ?? 30_000,
    headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
    maxContentLength: 256 * 1024 * 1024,
    maxBodyLength: 16 * 1024 * 1024,
    // The engine retries by itself; a redirect to elsewhere is not followed with the token.
    maxRedirects: 0,
  });
  const path = (eventId: string, tail: string) => `/v1/events/${encodeURIComponent(eventId)}/${tail}`;

  return {
    server,
    async pullFeed(eventId, cursor, limit, signal) {
      const response = await send(() => http.get(path(eventId, 'feed'), { ...jsonText, params: { cursor, limit }, signal }), signal);
      return parse(response, feedPage, options.clock, 'feed page');
    },
    async push(eventId, batch, signal) {
      const response = await send(
        () => http.post(path(eventId, 'checkins'), JSON.stringify(batch), { ...jsonText, headers: { 'content-type': 'application/json' }, signal }),
        signal,
      );
      const parsed = parse(response, ingestResponse, options.clock, 'ingest answer');
      const counts: Array<[string, number, number]> = [
        ['check-ins', parsed.results.length, batch.checkins?.length ?? 0],
        ['undos', parsed.undos.length, batch.undos?.length ?? 0],
        ['walk-ins', parsed.walkIns.length, batch.walkIns?.length ?? 0],
      ];
      for (const [kind, got, sent] of counts) {
        if (got !== sent) throw new TransportError('transient', `the cloud answered ${got} results for ${sent} ${kind}`);
      }
      return parsed;
    },
    async report(eventId, report, signal) {
      const response = await send(
        () => http.post(path(eventId, 'report'), JSON.stringify(report), { ...jsonText, headers: { 'content-type': 'application/json' }, signal }),
        signal,
      );
      parse(response, deviceReportResponse, options.clock, 'report answer');
    },
    async leave(eventId, signal) {
      const response = await send(
        () => http.post(path(eventId, 'devices/self/leave'), '{}', { ...jsonText, headers: { 'content-type': 'application/json' }, signal }),
        signal,
      );
      parse(response, deviceLeaveResponse, options.clock, 'leave answer');
    },
    async stream(eventId, cursor, signal, onPage, onActivity) {
      const response = await send(
        () =>
          http.get<Readable>(path(eventId, 'feed/stream'), {
            params: { cursor },
            responseType: 'stream',
            timeout: 0,
            headers: { accept: 'text/event-stream' },
            validateStatus: () => true,
            signal,
          }),
        signal,
      );
      const body = response.data;
      if (response.status !== 200) {
        let text = '';
        for await (const chunk of body) text += String(chunk);
        throw classifyStatus(response.status, text, response.headers as Record<string, unknown>, options.clock);
      }
      try {
        await readEvents(body, signal, async (event, data) => {
          if (event !== 'changes') return;
          let json: unknown;
          try {
            json = JSON.parse(data);
          } catch {
            throw new TransportError('transient', 'a feed stream message was cut short');
          }
          const page = feedPage.safeParse(json);
          if (!page.success) throw new TransportError('transient', `a feed stream message does not match the feed's schema: ${page.error.issues[0]?.message ?? ''}`);
          await onPage(page.data);
        }, onActivity);
      } catch (error) {
        throw toTransportError(error, signal);
      } finally {
        body.destroy();
      }
    },
  };
}

/** Enrolls with a setup code (no token yet): the device's id, token, event and kiosk id. */
export async function enrollDevice(
  server: string,
  request: { setupCode: string; name: string; kioskId: string },
  clock: Clock,
  signal: AbortSignal,
): Promise<EnrollResponse> {
  const base = server.replace(/\/+$/, '');
  const response = await send(
    () => axios.post(`${base}/v1/devices/enroll`, JSON.stringify(request), { ...jsonText, timeout: 30_000, maxRedirects: 0, headers: { 'content-type': 'application/json' }, signal }),
    signal,
  );
  return parse(response, enrollResponse, clock, 'enrollment answer');
}

async function send<T>(request: () => Promise<AxiosResponse<T>>, signal: AbortSignal): Promise<AxiosResponse<T>> {
  try {
    return await request();
  } catch (error) {
    throw toTransportError(error, signal);
  }
}

function toTransportError(error: unknown, signal: AbortSignal): TransportError {
  if (error instanceof TransportError) return error;
  if (signal.aborted) return new TransportError('aborted', 'the call was stopped');
  const e = error as { code?: string; message?: string };
  const reason = e.code ? `${e.code}: ${e.message ?? ''}` : (e.message ?? String(error));
  // No answer at all: refused, reset, timed out, DNS — the network, not the cloud's judgement.
  return new TransportError('transient', `cannot reach the cloud (${reason.trim()})`, { unreachable: true });
}

function parse<S extends z.ZodType>(response: AxiosResponse, schema: S, clock: Clock, what: string): z.output<S> {
  const text = typeof response.data === 'string' ? response.data : '';
  if (response.status < 200 || response.status > 299) throw classifyStatus(response.status, text, response.headers as Record<string, unknown>, clock);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // A body cut short by the network (or a proxy): the next try may get it whole.
    throw new TransportError('transient', `the cloud's ${what} was cut short or is not JSON (HTTP ${response.status}, ${text.length} bytes)`, { status: response.status });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TransportError('transient', `the cloud's ${what} does not match this kiosk's schema (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'})`, { status: response.status });
  }
  return parsed.data;
}

/** What an HTTP status means for the engine; exported for tests. */
export function classifyStatus(status: number, text: string, headers: Record<string, unknown>, clock: Clock): TransportError {
  let code: string | undefined;
  let message = text.slice(0, 300);
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // Not the cloud's JSON error (a proxy's page): keep the text.
  }
  const said = `HTTP ${status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`;
  if (status === 401) return new TransportError(code === deviceRevokedCode ? 'revoked' : 'unauthorized', `the cloud refused this kiosk's token (${said})`, { status, code });
  if (status === 408 || status === 429 || status >= 500) {
    return new TransportError('transient', `the cloud is busy or failing (${said})`, { status, code, retryAfterMs: retryAfter(headers['retry-after'], clock) });
  }
  return new TransportError('permanent', `the cloud refused it (${said})`, { status, code });
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfter(value: unknown, clock: Clock): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - clock.now()) : undefined;
}

/**
 * Reads server-sent events: `onEvent(event, data)` for each message (awaited before the next),
 * comments and heartbeats only reported as activity.
 */
async function readEvents(body: Readable, signal: AbortSignal, onEvent: (event: string, data: string) => Promise<void>, onActivity?: () => void): Promise<void> {
  let buffer = '';
  body.setEncoding('utf8');
  for await (const chunk of body as AsyncIterable<string>) {
    if (signal.aborted) throw new TransportError('aborted', 'the stream was stopped');
    onActivity?.();
    buffer += chunk.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length) await onEvent(event, data.join('\n'));
    }
  }
  if (signal.aborted) throw new TransportError('aborted', 'the stream was stopped');
}
