import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openKiosk, type Kiosk } from '../core/kiosk';
import { startHost, type Host } from './server';

// A real HTTP server on port 0 over a real kiosk, serving a stand-in renderer folder.
const dir = mkdtempSync(join(tmpdir(), 'arrivals-host-'));
const staticDir = join(dir, 'renderer');
let kiosk: Kiosk;
let host: Host;

beforeAll(async () => {
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<html><head><!--arrivals:face-client--></head><body>kiosk</body></html>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  kiosk = openKiosk({ dataDir: join(dir, 'data'), face: 'host' });
  host = await startHost({ kiosk, port: 0, bind: '127.0.0.1', staticDir });
});
afterAll(async () => {
  await host.close();
  kiosk.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.url}/api/call/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

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
    const html = await (await fetch(host.url + '/')).text();
    expect(html).toContain('<script src="./host-client.js"></script>');
  });

  it('refuses bad JSON, unknown methods, invalid input and non-JSON bodies', async () => {
    expect((await call('app.info', '{not json')).status).toBe(400);
    expect((await call('app.nothing', {})).status).toBe(404);
    expect((await call('app.info', { extra: true })).status).toBe(400);
    const form = await fetch(`${host.url}/api/call/app.info`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
  });

  it('refuses cross-origin calls and foreign Host headers', async () => {
    expect((await call('app.info', {}, { origin: 'https://evil.example' })).status).toBe(403);
    const port = new URL(host.url).port;
    const rebound = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}` } }, (res) => resolve(res.statusCode ?? 0));
        req.on('error', reject);
        req.end();
      });
    });
    expect(rebound).toBe(421);
  });

  it('does not serve files outside the renderer folder', async () => {
    const response = await fetch(`${host.url}/..%2Fsecret.txt`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('outside the renderer');
  });

  it('pushes events to WebSocket clients', async () => {
    const socket = new WebSocket(host.url.replace('http', 'ws') + '/api/events');
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const received = new Promise<unknown>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
    kiosk.bus.emit('app.online', { online: true, lastContactAt: '2026-11-24T09:00:00.000Z' });
    expect(await received).toEqual({ event: 'app.online', payload: { online: true, lastContactAt: '2026-11-24T09:00:00.000Z' } });
    socket.close();
  });

  it('refuses WebSocket upgrades from another origin', async () => {
    const socket = new WebSocket(host.url.replace('http', 'ws') + '/api/events', { headers: { origin: 'https://evil.example' } });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('open', () => resolve('open'));
      socket.once('error', () => resolve('refused'));
    });
    expect(outcome).toBe('refused');
  });
});
