/**
 * Raw TCP ("port 9100", JetDirect) for network ZPL and ESC/POS printers. We connect, send the job,
 * half-close and wait for the printer to close: every way this can go wrong becomes a readable,
 * retryable PrintError instead of a hung queue (connect and idle timeouts on every step).
 */
import { Socket } from 'node:net';
import { PrintError } from './print-error';

export interface TcpTarget {
  host: string;
  port: number;
  /** Connect and per-step idle limit. */
  timeoutMs: number;
  /** Optional status query sent first (ZPL ~HS, ESC/POS DLE EOT 4); its answer is checked. */
  statusQuery?: { request: Buffer; check: (answer: Buffer) => string | null; waitMs: number };
}

function describe(error: NodeJS.ErrnoException, where: string): PrintError {
  switch (error.code) {
    case 'ECONNREFUSED':
      return new PrintError(`printer offline (connection refused by ${where})`, true);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return new PrintError(`printer offline (${where} unreachable)`, true);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new PrintError(`printer offline (cannot resolve ${where})`, true);
    case 'ECONNRESET':
    case 'EPIPE':
      return new PrintError(`printer closed the connection mid-job (${where})`, true);
    default:
      return new PrintError(`printer error at ${where}: ${error.message}`, true);
  }
}

export function sendTcp(target: TcpTarget, payload: Buffer): Promise<void> {
  const where = `${target.host}:${target.port}`;
  return new Promise<void>((resolve, reject) => {
    const socket = new Socket();
    let settled = false;
    let connected = false;
    let finished = false;
    let answer = Buffer.alloc(0);
    const fail = (error: PrintError) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(error);
    };
    const succeed = () => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve();
    };
    const sendJob = () => {
      socket.write(payload);
      // Half-close: the printer sees the end of the job, prints, and closes its side.
      socket.end(() => {
        finished = true;
      });
    };

    socket.setTimeout(target.timeoutMs);
    socket.on('timeout', () => {
      if (!connected) fail(new PrintError(`printer offline (no answer from ${where} in ${target.timeoutMs} ms)`, true));
      else if (finished) succeed(); // sent everything; a printer that keeps the socket open is fine
      else fail(new PrintError(`printer stopped accepting data (${where})`, true));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => fail(describe(error, where)));
    socket.on('data', (chunk: Buffer) => {
      answer = Buffer.concat([answer, chunk]);
    });
    socket.on('close', () => {
      if (finished) succeed();
      else fail(new PrintError(`printer closed the connection mid-job (${where})`, true));
    });
    socket.connect(target.port, target.host, () => {
      connected = true;
      const query = target.statusQuery;
      if (!query) return sendJob();
      socket.write(query.request);
      setTimeout(() => {
        if (settled) return;
        const problem = answer.length ? query.check(answer) : null;
        if (problem) fail(new PrintError(problem, true));
        else sendJob();
      }, query.waitMs);
    });
  });
}

/** ZPL ~HS: the first status string's 2nd field is "paper out", the 3rd "pause". */
export const zplStatusQuery = {
  request: Buffer.from('~HS\r\n'),
  waitMs: 400,
  check(answer: Buffer): string | null {
    // Each status string is framed by STX (0x02) … ETX (0x03).
    const text = answer.toString('latin1');
    const start = text.indexOf('\u0002');
    const end = text.indexOf('\u0003', start + 1);
    const fields = start >= 0 && end > start ? text.slice(start + 1, end).split(',') : [];
    if (fields[1] === '1') return 'out of paper';
    if (fields[2] === '1') return 'printer paused';
    return null;
  },
};

/** ESC/POS DLE EOT 4 (roll paper sensor): bits 5-6 set means paper end. */
export const escposStatusQuery = {
  request: Buffer.from([0x10, 0x04, 0x04]),
  waitMs: 400,
  check(answer: Buffer): string | null {
    const status = answer[0];
    if (status === undefined) return null;
    if ((status & 0x60) === 0x60) return 'out of paper';
    return null;
  },
};
