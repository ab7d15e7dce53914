// The browser host over a kiosk core in a worker thread, during a real import. The stand-in core
// (main/core/worker/testing/stand-in-core.ts) holds the import inside its write transaction until
// the test lets it go, so "the core is busy" is a fact, not a race: meanwhile the host must answer
// a GET, push the import's progress to a page's WebSocket, and its event loop must keep turning.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CoreClient } from '../core/worker/client';
import { openCoreWorker } from '../core/worker/thread';
import { startHost, type Host } from './server';

const dir = mkdtempSync(join(tmpdir(), 'arrivals-host-worker-'));
const staticDir = join(dir, 'renderer');
const gateBuffer = new SharedArrayBuffer(8);
const gate = new Int32Array(gateBuffer);
let core: CoreClient;
let host: Host;

beforeAll(async () => {
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<html><head></head><body>kiosk</body></html>');
  core = await openCoreWorker({
    start: { dataDir: join(dir, 'data'), face: 'host' },
    entry: new URL('../core/worker/testing/stand-in-core.ts', import.meta.url),
    extra: gateBuffer,
  });
  host = await startHost({ kiosk: core, port: 0, bind: '127.0.0.1', staticDir });
});
afterAll(async () => {
  // Never leave the core blocked, whatever happened above.
  Atomics.store(gate, 1, 1);
  Atomics.notify(gate, 1);
  await host?.close();
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

// The import carries the list's bytes, as a page uploading a file would.
const importInput = (path: string) => ({ fileName: basename(path), contentBase64: readFileSync(path).toString('base64') });
const auth = () => ({ authorization: `Bearer ${host.key}` });
const call = (method: string, body: unknown) =>
  fetch(`${host.url}/api/call/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth() }, body: JSON.stringify(body) });

it('answers a GET, pushes progress and keeps its event loop turning while the core is in the middle of an import', async () => {
  const rows = 20_000;
  const csv = join(dir, 'guests.csv');
  writeFileSync(csv, ['name,email,code', ...Array.from({ length: rows }, (_, i) => `Guest ${i},guest${i}@example.org,G-${i}`)].join('\n'));

  const page = new WebSocket(`${host.url.replace('http', 'ws')}/api/events`, { headers: auth() });
  await new Promise((resolve, reject) => page.once('open', resolve).once('error', reject));
  const phases: string[] = [];
  page.on('message', (data) => {
    const { event, payload } = JSON.parse(String(data)) as { event: string; payload: { phase: string } };
    if (event === 'import.progress') phases.push(payload.phase);
  });

  // A heartbeat on the face's thread: it counts turns of the event loop.
  let ticks = 0;
  let beating = true;
  const beat = () => {
    ticks++;
    if (beating) setImmediate(beat);
  };
  beat();

  const importing = call('attendees.import', importInput(csv));
  // Wait, without blocking this thread, until the core is inside its write transaction.
  while (Atomics.load(gate, 0) !== 1) await new Promise((resolve) => setImmediate(resolve));
  const ticksWhenHeld = ticks;

  const page200 = await fetch(`${host.url}/`, { headers: auth() });
  expect(page200.status).toBe(200);
  expect(await page200.text()).toContain('kiosk');
  // The progress the core sent before it stopped reaches the page while the import is still open.
  while (!phases.includes('validating')) await new Promise((resolve) => setImmediate(resolve));
  expect(phases).not.toContain('done');
  expect(ticks).toBeGreaterThan(ticksWhenHeld);

  // Let the import finish: it answers the HTTP call, and the page sees it done.
  Atomics.store(gate, 1, 1);
  Atomics.notify(gate, 1);
  const response = await importing;
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ ok: true, result: { inserted: rows } });
  while (!phases.includes('done')) await new Promise((resolve) => setImmediate(resolve));
  expect(phases.at(-1)).toBe('done');
  beating = false;
  page.close();
});
