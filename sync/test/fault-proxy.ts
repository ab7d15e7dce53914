/**
 * A fault-injecting HTTP proxy for the sync drills: it sits between kiosks and a real cloud and,
 * request by request, drops the connection, resets it mid-response, delays, answers 502 or 503,
 * sends the request twice, truncates the body, or lets the cloud commit and then drops the answer.
 * A seeded generator picks the faults, so a failing drill can be run again the same way.
 *
 * `partition(true)` cuts the network (every connection refused, open streams cut) until
 * `partition(false)`; `heal()` turns every fault off.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { systemClock, type Clock } from '../../common/clock';

export const faults = ['drop', 'reset', 'delay', 'bad_gateway', 'unavailable', 'replay', 'truncate', 'drop_after_commit'] as const;
export type Fault = (typeof faults)[number];
export type FaultRates = Partial<Record<Fault, number>>;

export interface FaultProxyOptions {
  /** The cloud's base URL, e.g. http://127.0.0.1:4000. */
  target: string;
  /** Probability of each fault per request (their sum at most 1); the rest pass clean. */
  rates?: FaultRates;
  /** Seed of the fault generator. */
  seed?: number;
  /** How long a `delay` fault holds a request. */
  delayMs?: number;
  clock?: Clock;
}

export interface FaultProxy {
  url: string;
  setRates(rates: FaultRates): void;
  /** These faults, in order, on the next requests they fit (before any random pick). */
  inject(queue: readonly Fault[]): void;
  /** No faults from now on (a partition stays as it is). */
  heal(): void;
  /** Cut (true) or restore (false) the network; cutting also ends open responses and streams. */
  partition(cut: boolean): void;
  /** How many requests met each fault, and how many passed clean. */
  counts(): Record<Fault | 'clean' | 'partitioned', number>;
  close(): Promise<void>;
}

/** mulberry32: small, fast, seedable; good enough to pick faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host', 'te', 'trailer']);

function forwardHeaders(headers: http.IncomingHttpHeaders | http.OutgoingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !hopByHop.has(name.toLowerCase())) out[name] = value;
  return out;
}

interface Upstream {
  status: number;
  headers: http.IncomingHttpHeaders;
  response: http.IncomingMessage;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const clock = options.clock ?? systemClock;
  const random = seededRandom(options.seed ?? 1);
  const delayMs = options.delayMs ?? 200;
  let rates: FaultRates = { ...options.rates };
  const queued: Fault[] = [];
  let cut = false;
  const tally: Record<Fault | 'clean' | 'partitioned', number> = { drop: 0, reset: 0, delay: 0, bad_gateway: 0, unavailable: 0, replay: 0, truncate: 0, drop_after_commit: 0, clean: 0, partitioned: 0 };
  const sockets = new Set<Socket>();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  const streamless = new Set<Fault>(['replay', 'truncate', 'drop_after_commit']);

  function pick(isStream: boolean): Fault | 'clean' {
    const next = queued.findIndex((fault) => !isStream || !streamless.has(fault));
    if (next !== -1) return queued.splice(next, 1)[0]!;
    let roll = random();
    for (const fault of faults) {
      const rate = rates[fault] ?? 0;
      if (roll < rate) return fault;
      roll -= rate;
    }
    return 'clean';
  }

  function sendUpstream(req: http.IncomingMessage, body: Buffer): Promise<Upstream> {
    return new Promise((resolve, reject) => {
      const upstream = http.request(
        { protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: forwardHeaders(req.headers), agent },
        (response) => resolve({ status: response.statusCode ?? 502, headers: response.headers, response }),
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  function readAll(message: http.IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      message.on('data', (chunk: Buffer) => chunks.push(chunk));
      message.on('end', () => resolve(Buffer.concat(chunks)));
      message.on('error', reject);
    });
  }

  const wait = (ms: number) => new Promise<void>((resolve) => clock.setTimer(ms, resolve));

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readAll(req);
    if (cut) {
      tally.partitioned++;
      req.socket.destroy();
      return;
    }
    const isStream = (req.headers.accept ?? '').includes('text/event-stream');
    let fault = pick(isStream);
    // A stream has no single body to replay, cut short or withhold: those pass it clean.
    if (isStream && fault !== 'clean' && streamless.has(fault)) fault = 'clean';
    tally[fault]++;
    switch (fault) {
      case 'drop':
        req.socket.destroy();
        return;
      case 'bad_gateway':
        res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway (fault proxy)');
        return;
      case 'unavailable':
        res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' }).end('unavailable (fault proxy)');
        return;
      case 'delay':
        await wait(delayMs);
        if (cut) return void req.socket.destroy();
        break;
      default:
        break;
    }
    let upstream: Upstream;
    try {
      if (fault === 'replay') {
        const first = await sendUpstream(req, body);
        await readAll(first.response);
      }
      upstream = await sendUpstream(req, body);
    } catch {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('upstream unreachable (fault proxy)');
      return;
    }
    if (isStream || (upstream.headers['content-type'] ?? '').includes('text/event-stream')) {
      res.writeHead(upstream.status, forwardHeaders(upstream.headers));
      res.flushHeaders();
      upstream.response.pipe(res);
      res.on('close', () => upstream.response.destroy());
      return;
    }
    const payload = await readAll(upstream.response);
    if (cut || fault === 'drop_after_commit') {
      // The cloud has done the work; its answer never arrives.
      req.socket.destroy();
      return;
    }
    const headers = forwardHeaders(upstream.headers);
    if (fault === 'reset') {
      // The full length is announced, half is sent, and the connection is reset.
      res.writeHead(upstream.status, headers);
      res.write(payload.subarray(0, Math.floor(payload.length / 2)));
      clock.setTimer(5, () => req.socket.destroy());
      return;
    }
    if (fault === 'truncate') {
      // Half the body, ended cleanly: the client sees a short, unparseable answer.
      delete headers['content-length'];
      res.writeHead(upstream.status, headers);
      res.end(payload.subarray(0, Math.floor(payload.length / 2)));
      return;
    }
    res.writeHead(upstream.status, headers);
    res.end(payload);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.on('connection', (socket) => {
    if (cut) {
      tally.partitioned++;
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    setRates(next) {
      rates = { ...next };
    },
    inject(queue) {
      queued.push(...queue);
    },
    heal() {
      rates = {};
      queued.length = 0;
    },
    partition(on) {
      cut = on;
      if (on) for (const socket of sockets) socket.destroy();
    },
    counts: () => ({ ...tally }),
    async close() {
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
