/**
 * The browser host: serves the built renderer and the contract over HTTP (POST /api/call/<method>)
 * with push events over a WebSocket (/api/events). It binds to 127.0.0.1 by default.
 *
 * Who may call it:
 * - Every request needs this run's key, a random secret made when the host starts, on loopback
 *   too. The URL the host prints carries it once (`/?key=…`, like Jupyter's token); the host swaps
 *   it for an HttpOnly, SameSite=Strict cookie scoped to its port and redirects to the bare URL, so
 *   the page's calls and its WebSocket carry the cookie, and the key leaves the address bar. Other
 *   clients send `Authorization: Bearer KEY`. Without it: 401, and nothing is read or run.
 * - Calls must be JSON (a cross-site form cannot send that without a CORS preflight, which we never
 *   grant), and Host and Origin must be this server's own: that stops cross-site requests and DNS
 *   rebinding even where a browser holds the cookie.
 * A malformed WebSocket frame (unmasked, or larger than maxPayload) closes that one socket; a
 * malformed `%` escape in a path answers 400.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { maxImportBase64Length } from '../../common/contract/attendees';
import { ArrivalsError } from '../../common/contract/index';
import type { KioskPort } from '../core/kiosk';
import { serveRenderer, rendererDir } from './static-files';

export interface HostOptions {
  /** The kiosk in-process, or the client of its core in a worker thread (core/worker/). */
  kiosk: KioskPort;
  port: number;
  bind: string;
  /** Where the built renderer lives; defaults to dist/renderer next to the bundle. */
  staticDir?: string;
  /** This run's key; random (256 bits) unless a test fixes it. */
  key?: string;
}

export interface Host {
  /** The origin, e.g. http://127.0.0.1:5780. Requests need the key besides. */
  url: string;
  /** What a person opens: the origin with `?key=`, which the host turns into a cookie. */
  openUrl: string;
  /** This run's key, for `Authorization: Bearer KEY`. */
  key: string;
  close(): Promise<void>;
}

/** The largest call body: an attendee list at the contract's limit, in base64, plus the rest. */
const maxBodyBytes = maxImportBase64Length + 1024 * 1024;
export const keyParam = 'key';

export async function startHost(options: HostOptions): Promise<Host> {
  const staticDir = options.staticDir ?? rendererDir();
  const { router, bus } = options.kiosk;
  const key = options.key ?? randomBytes(32).toString('base64url');
  const keyDigest = digest(key);
  let origin = '';
  let cookieName = '';

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'host error' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isOwnHost(req)) return sendJson(res, 421, { ok: false, error: { code: 'forbidden', message: 'wrong Host header' } });
    let url: URL;
    try {
      url = new URL(req.url ?? '/', origin);
    } catch {
      return sendJson(res, 400, { ok: false, error: { code: 'bad_input', message: 'malformed request path' } });
    }
    const isApi = url.pathname.startsWith('/api/');
    // The printed URL's key: swapped for the cookie, then the start page without it.
    const offered = url.searchParams.get(keyParam);
    if (offered !== null && !isApi && (req.method === 'GET' || req.method === 'HEAD')) {
      if (!isKey(offered)) return refuse(res, false);
      res.writeHead(303, {
        location: '/',
        'set-cookie': `${cookieName}=${key}; Path=/; HttpOnly; SameSite=Strict`,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      });
      res.end();
      return;
    }
    if (!hasKey(req)) return refuse(res, isApi);

    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'bad_input', message: 'use POST' } });
      if (!isOwnOrigin(req)) return sendJson(res, 403, { ok: false, error: { code: 'forbidden', message: 'cross-origin call refused' } });
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendJson(res, 415, { ok: false, error: { code: 'bad_input', message: 'send application/json' } });
      }
      let method: string;
      try {
        method = decodeURIComponent(url.pathname.slice('/api/call/'.length));
      } catch {
        return sendJson(res, 400, { ok: false, error: { code: 'bad_input', message: 'malformed % escape in the method name' } });
      }
      const body = await readBody(req);
      if (body === undefined) return sendJson(res, 413, { ok: false, error: { code: 'bad_input', message: 'request too large' } });
      let input: unknown;
      try {
        input = body.length ? JSON.parse(body) : {};
      } catch {
        return sendJson(res, 400, { ok: false, error: { code: 'bad_input', message: 'body is not valid JSON' } });
      }
      const envelope = await router.envelope(method, input);
      const status = envelope.ok ? 200 : envelope.error.code === 'unknown_method' ? 404 : envelope.error.code === 'internal' ? 500 : 400;
      return sendJson(res, status, envelope);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: 'bad_input', message: 'method not allowed' } });
    return serveRenderer(staticDir, url.pathname, res);
  }

  function isKey(candidate: string): boolean {
    return timingSafeEqual(digest(candidate), keyDigest);
  }

  /** The key from the page's cookie, or from `Authorization: Bearer KEY`. */
  function hasKey(req: IncomingMessage): boolean {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer !== undefined) return isKey(bearer);
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [name, ...value] = part.trim().split('=');
      if (name === cookieName) return isKey(value.join('='));
    }
    return false;
  }

  function refuse(res: ServerResponse, api: boolean): void {
    const message = "this kiosk host needs this run's key: open the URL that \"arrivals host\" printed, or send Authorization: Bearer KEY";
    if (api) return sendJson(res, 401, { ok: false, error: { code: 'forbidden', message } }, { 'www-authenticate': 'Bearer realm="arrivals"' });
    res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'www-authenticate': 'Bearer realm="arrivals"' });
    res.end(`Arrivals: ${message}.\n`);
  }

  function isOwnHost(req: IncomingMessage): boolean {
    const { port } = server.address() as AddressInfo;
    const host = req.headers.host ?? '';
    return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${options.bind}:${port}`].includes(host);
  }

  function isOwnOrigin(req: IncomingMessage): boolean {
    const claimed = req.headers.origin;
    // Non-browser clients (curl, tests) send no Origin; browsers always do on POST and WebSocket.
    return claimed === undefined || claimed === `http://${req.headers.host}`;
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  // A bad frame is that socket's problem: close it, never the host. Without these listeners the
  // 'error' event that ws emits for an unmasked or oversized frame is thrown and ends the process.
  sockets.on('error', () => {});
  sockets.on('connection', (ws: WebSocket) => ws.on('error', () => ws.terminate()));
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://x').pathname;
    } catch {
      path = '';
    }
    if (path !== '/api/events' || !isOwnHost(req) || !isOwnOrigin(req)) {
      socket.destroy();
      return;
    }
    if (!hasKey(req)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws));
  });
  const unsubscribe = bus.subscribe((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const client of sockets.clients as Set<WebSocket>) if (client.readyState === client.OPEN) client.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new ArrivalsError('unavailable', `port ${options.port} on ${options.bind} is already in use; pick another with --port (0 = any free port)`)
          : error,
      ),
    );
    server.listen(options.port, options.bind, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.bind.includes(':') ? `[${options.bind}]` : options.bind;
  origin = `http://${shownHost}:${port}`;
  // Cookies are per host name, not per port: two hosts on 127.0.0.1 must not replace each other's.
  cookieName = `arrivals_key_${port}`;

  return {
    url: origin,
    openUrl: `${origin}/?${keyParam}=${key}`,
    key,
    async close() {
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
