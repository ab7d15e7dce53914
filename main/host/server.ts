/**
 * The browser host: serves the built renderer and the contract over HTTP (POST /api/call/<method>)
 * with push events over a WebSocket (/api/events). It binds to 127.0.0.1 by default. Because any
 * web page the kiosk's browser opens could try to reach it, calls must be JSON (a cross-site form
 * cannot send that without a CORS preflight, which we never grant), and Host and Origin must be
 * this server's own: that stops both cross-site requests and DNS rebinding.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
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
}

export interface Host {
  url: string;
  close(): Promise<void>;
}

const maxBodyBytes = 16 * 1024 * 1024;

export async function startHost(options: HostOptions): Promise<Host> {
  const staticDir = options.staticDir ?? rendererDir();
  const { router, bus } = options.kiosk;
  let origin = '';

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'host error' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isOwnHost(req)) return sendJson(res, 421, { ok: false, error: { code: 'forbidden', message: 'wrong Host header' } });
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'bad_input', message: 'use POST' } });
      if (!isOwnOrigin(req)) return sendJson(res, 403, { ok: false, error: { code: 'forbidden', message: 'cross-origin call refused' } });
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendJson(res, 415, { ok: false, error: { code: 'bad_input', message: 'send application/json' } });
      }
      const body = await readBody(req);
      if (body === undefined) return sendJson(res, 413, { ok: false, error: { code: 'bad_input', message: 'request too large' } });
      let input: unknown;
      try {
        input = body.length ? JSON.parse(body) : {};
      } catch {
        return sendJson(res, 400, { ok: false, error: { code: 'bad_input', message: 'body is not valid JSON' } });
      }
      const method = decodeURIComponent(url.pathname.slice('/api/call/'.length));
      const envelope = await router.envelope(method, input);
      const status = envelope.ok ? 200 : envelope.error.code === 'unknown_method' ? 404 : envelope.error.code === 'internal' ? 500 : 400;
      return sendJson(res, status, envelope);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: 'bad_input', message: 'method not allowed' } });
    return serveRenderer(staticDir, url.pathname, res);
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
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== '/api/events' || !isOwnHost(req) || !isOwnOrigin(req)) {
      socket.destroy();
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

  return {
    url: origin,
    async close() {
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
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
