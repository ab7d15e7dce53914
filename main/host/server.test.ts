import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closed, rawWebSocket } from './testing/raw-websocket';
import WebSocket from 'ws';
import { openKiosk, type Kiosk } from '../core/kiosk';
import { startHost, type Host } from './server';
import { rendererCsp } from '../../common/renderer-csp';

// A real HTTP server on port 0 over a real kiosk, serving a stand-in renderer folder.
const dir = mkdtempSync(join(tmpdir(), 'arrivals-host-'));
const staticDir = join(dir, 'renderer');
let kiosk: Kiosk;
let host: Host;

beforeAll(async () => {
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<html><head><!--arrivals:face-client--></head><body>kiosk</body></html>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'assets', 'zxing_reader.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  kiosk = openKiosk({ dataDir: join(dir, 'data'), face: 'host' });
  host = await startHost({ kiosk, port: 0, bind: '127.0.0.1', staticDir });
});
afterAll(async () => {
  await host.close();
  kiosk.close();
  rmSync(dir, { recursive: true, force: true });
});

// What a non-browser client does: this run's key as a bearer token.
const auth = () => ({ authorization: `Bearer ${host.key}` });
const call = (method: string, body: unknown, headers: Record<string, string> = auth()) =>
  fetch(`${host.url}/api/call/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const get = (path: string, headers: Record<string, string> = auth()) => fetch(host.url + path, { headers, redirect: 'manual' });

function openSocket(headers: Record<string, string> = auth()): Promise<WebSocket> {
  const socket = new WebSocket(host.url.replace('http', 'ws') + '/api/events', { headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}


describe('browser host', () => {
  it('binds to 127.0.0.1 on the port the OS picked', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).not.toMatch(/:0$/);
  });

  it('serves app.info through the contract', async () => {
    const response = await call('app.info', {});
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; result: { kioskId: string; face: string } };
    expect(body.ok).toBe(true);
    expect(body.result.kioskId).toBe(kiosk.context.identity.kioskId);
    expect(body.result.face).toBe('host');
  });

  it('injects the host client into index.html', async () => {
    const html = await (await get('/')).text();
    expect(html).toContain('<script src="./host-client.js"></script>');
  });

  it("serves the decoder's wasm as application/wasm, and every file under the renderer's CSP with 'wasm-unsafe-eval'", async () => {
    const wasm = await get('/assets/zxing_reader.wasm');
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    for (const response of [wasm, await get('/')]) {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain(rendererCsp);
      expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
      expect(csp).toContain("frame-ancestors 'none'");
    }
  });

  it("renderer/index.html's meta CSP is the policy the faces send", () => {
    const html = readFileSync(join(import.meta.dirname, '..', '..', 'renderer', 'index.html'), 'utf8');
    expect(/http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1]).toBe(rendererCsp);
  });

  it('refuses bad JSON, unknown methods, invalid input and non-JSON bodies', async () => {
    expect((await call('app.info', '{not json')).status).toBe(400);
    expect((await call('app.nothing', {})).status).toBe(404);
    expect((await call('app.info', { extra: true })).status).toBe(400);
    const form = await fetch(`${host.url}/api/call/app.info`, { method: 'POST', headers: { 'content-type': 'text/plain', ...auth() }, body: '{}' });
    expect(form.status).toBe(415);
  });

  it('refuses cross-origin calls and foreign Host headers', async () => {
    expect((await call('app.info', {}, { origin: 'https://evil.example', ...auth() })).status).toBe(403);
    const port = new URL(host.url).port;
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}`, ...auth() } }, (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.end();
    });
    expect(rebound).toBe(421);
  });

  it('does not serve files outside the renderer folder', async () => {
    const response = await get('/..%2Fsecret.txt');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('outside the renderer');
  });

  it('pushes events to WebSocket clients', async () => {
    const socket = await openSocket();
    const received = new Promise<unknown>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
    kiosk.bus.emit('app.online', { online: true, lastContactAt: '2026-11-24T09:00:00.000Z' });
    expect(await received).toEqual({ event: 'app.online', payload: { online: true, lastContactAt: '2026-11-24T09:00:00.000Z' } });
    socket.close();
  });

  it('refuses WebSocket upgrades from another origin', async () => {
    const socket = new WebSocket(host.url.replace('http', 'ws') + '/api/events', { headers: { origin: 'https://evil.example', ...auth() } });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('open', () => resolve('open'));
      socket.once('error', () => resolve('refused'));
    });
    expect(outcome).toBe('refused');
  });

  it("refuses calls, pages and the WebSocket without this run's key (as curl sends them), on loopback too", async () => {
    const bare = await call('app.info', {}, {});
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/key/) } });
    expect((await call('app.info', {}, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await call('app.info', {}, { cookie: `arrivals_key_${new URL(host.url).port}=wrong` })).status).toBe(401);
    expect((await get('/', {})).status).toBe(401);
    expect((await get('/index.html', {})).status).toBe(401);
    // The old /etc/shadow read, as curl sent it: refused before the body is even looked at.
    expect((await call('attendees.import', { path: '/etc/shadow' }, {})).status).toBe(401);
    await expect(openSocket({})).rejects.toThrow(/401/);
    await expect(openSocket({ authorization: 'Bearer wrong' })).rejects.toThrow(/401/);
  });

  it('swaps the printed URL\'s key for an HttpOnly, SameSite=Strict cookie that opens the page, the calls and the WebSocket', async () => {
    expect(host.openUrl).toBe(`${host.url}/?key=${host.key}`);
    expect(host.key.length).toBeGreaterThanOrEqual(40);
    const wrong = await get('/?key=wrong', {});
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const opened = await fetch(host.openUrl, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/');
    const setCookie = opened.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    expect(cookie).toBe(`arrivals_key_${new URL(host.url).port}=${host.key}`);

    expect(await (await get('/', { cookie })).text()).toContain('host-client.js');
    expect((await call('app.info', {}, { cookie })).status).toBe(200);
    (await openSocket({ cookie })).close();
  });

  it('answers 400, not 500, to a malformed % escape', async () => {
    const method = await call('app.info%E0%A4%A', {});
    expect(method.status).toBe(400);
    expect(await method.json()).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect((await call('%', {})).status).toBe(400);
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect((await get('/assets/%zz.js')).status).toBe(400);
  });

  it('closes a socket that sends an unmasked frame, and stays up', async () => {
    const socket = await rawWebSocket(host.url, host.key);
    // A client frame without the mask bit: FIN + text, length 2, "hi".
    socket.write(Buffer.from([0x81, 0x02, 0x68, 0x69]));
    await closed(socket);
    expect((await call('app.info', {})).status).toBe(200);
    (await openSocket()).close();
  });

  it('closes a socket that announces a frame over maxPayload, and stays up', async () => {
    const socket = await rawWebSocket(host.url, host.key);
    // FIN + binary, masked, 64-bit length 1 MiB (maxPayload is 64 KiB), then the masking key.
    socket.write(Buffer.from([0x82, 0xff, 0, 0, 0, 0, 0, 0x10, 0, 0, 1, 2, 3, 4]));
    await closed(socket);
    expect((await call('app.info', {})).status).toBe(200);
    (await openSocket()).close();
  });
});
