// The kiosk core in a real worker_thread, driven through the face's client: calls answer what the
// in-process router answers, bus events (import progress, printer status) reach the face, a crash
// answers the calls in flight and the core comes back, and OS print jobs come back to the face.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../../common/contract/index';
import { openKiosk } from '../kiosk';
import type { OsPrinting, OsPrintRequest } from '../print/transports/os';
import { PrintError } from '../print/transports/print-error';
import type { CoreClient, CoreExitReport } from './client';
import { openCoreWorker, type CoreWorkerOptions } from './thread';

const standIn = new URL('./testing/stand-in-core.ts', import.meta.url);
const dirs: string[] = [];
const clients: CoreClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'arrivals-worker-'));
  dirs.push(dir);
  return dir;
}

async function open(options: Partial<CoreWorkerOptions> = {}): Promise<CoreClient> {
  const client = await openCoreWorker({ start: { dataDir: join(tempDir(), 'data'), face: 'host' }, ...options });
  clients.push(client);
  return client;
}

/** A `name,email,code` list of `rows` guests, written to a file. */
function guestList(rows: number): string {
  const lines = ['name,email,code'];
  for (let i = 0; i < rows; i++) lines.push(`Guest ${i},guest${i}@example.org,G-${i}`);
  const path = join(tempDir(), 'guests.csv');
  writeFileSync(path, lines.join('\n'));
  return path;
}
// The import's input in one place: the contract's import is moving from a path to bytes.
const importInput = (path: string) => ({ fileName: basename(path), contentBase64: readFileSync(path).toString('base64') });

// Starting a worker from the sources takes a few seconds (tsx compiles the core in the new thread),
// so the tests that leave the core as it was share one; it also stands in for Electron's printers.
const printed: Array<OsPrintRequest & { html: string }> = [];
const face: { refuse?: PrintError } = {};
const osPrinting: OsPrinting = {
  list: async () => [{ name: 'Office', displayName: 'Office laser' }, { name: 'Brother_QL', displayName: 'Brother QL' }],
  async print(request) {
    printed.push({ ...request, html: readFileSync(request.file, 'utf8') });
    if (face.refuse) throw face.refuse;
  },
};
let shared: CoreClient;
const sharedDir = mkdtempSync(join(tmpdir(), 'arrivals-worker-'));
beforeAll(async () => {
  shared = await openCoreWorker({ start: { dataDir: join(sharedDir, 'data'), face: 'host' }, osPrinting });
});
afterAll(async () => {
  await shared?.close();
  rmSync(sharedDir, { recursive: true, force: true });
});

describe('the core in a worker thread', () => {
  it('answers calls as the in-process router does, envelopes and errors included', async () => {
    const client = shared;
    const info = await client.envelope('app.info', {});
    expect(info).toMatchObject({ ok: true, result: { face: 'host', kioskId: client.identity.kioskId, dataDir: client.identity.dataDir } });
    expect(client.identity.kioskId).toMatch(/^kiosk-[0-9a-f]{8}$/);
    expect(await client.envelope('app.info', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await client.envelope('app.nothing', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    // The router/bus views let main/host and the IPC bridge take the client as they take a Kiosk.
    expect(await client.router.envelope('app.info', {})).toEqual(info);
  });

  it('pushes bus events to the face: an import reports its progress before it answers', async () => {
    const client = shared;
    const seen: Array<{ event: EventName; phase: string }> = [];
    let answered = false;
    const unsubscribe = client.subscribe((event, payload) => {
      if (!answered) seen.push({ event, phase: (payload as { phase: string }).phase });
    });
    const answer = await client.envelope('attendees.import', importInput(guestList(12_000)));
    answered = true;
    expect(answer).toMatchObject({ ok: true, result: { inserted: 12_000 } });
    expect(seen.map((s) => s.event)).toEqual(seen.map(() => 'import.progress'));
    const phases = seen.map((s) => s.phase);
    expect(phases[0]).toBe('parsing');
    expect(phases).toContain('validating');
    expect(phases).toContain('writing');
    expect(phases.at(-1)).toBe('done');

    unsubscribe();
    const after: unknown[] = [];
    const stop = client.subscribe((event) => after.push(event));
    const count = seen.length;
    await client.envelope('attendees.import', importInput(guestList(10)));
    stop();
    expect(seen).toHaveLength(count);
    expect(after).toContain('import.progress');
  });

  it('a crash answers the calls in flight with unavailable, is reported, and the core comes back (twice)', async () => {
    const reports: Array<(report: CoreExitReport) => void> = [];
    const client = await open({ entry: standIn, onCoreExit: (report) => reports.shift()?.(report) });
    for (const how of ['throw', 'exit'] as const) {
      const report = new Promise<CoreExitReport>((resolve) => reports.push(resolve));
      // Sent together: the crash, and a call queued behind it in the same thread.
      const [crash, behind] = await Promise.all([client.envelope('test.crash', { how }), client.envelope('app.info', {})]);
      const reason = how === 'throw' ? 'crashed (stand-in core crashed on purpose)' : 'exited with code 70';
      for (const answer of [crash, behind]) {
        expect(answer).toEqual({ ok: false, error: { code: 'unavailable', message: `the kiosk core ${reason} during this call; it is being restarted` } });
      }
      expect(await report).toEqual({ message: `the kiosk core ${reason}; calls in flight failed, and it was restarted`, restarted: true });
      // The new core serves the same kiosk.
      expect(await client.envelope('app.info', {})).toMatchObject({ ok: true, result: { kioskId: client.identity.kioskId } });
    }
  });

  it('a kiosk that cannot be opened fails the open with its reason, as in-process', async () => {
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    let inProcess: unknown;
    try {
      openKiosk({ dataDir: join(file, 'data'), face: 'host' });
    } catch (error) {
      inProcess = error;
    }
    expect(inProcess).toBeInstanceOf(Error);
    await expect(openCoreWorker({ start: { dataDir: join(file, 'data'), face: 'host' } })).rejects.toMatchObject({
      message: (inProcess as Error).message,
    });
  });

  it('after close, calls answer unavailable; the same kiosk then opens in-process', async () => {
    const client = await open();
    await client.close();
    expect(await client.envelope('app.info', {})).toEqual({ ok: false, error: { code: 'unavailable', message: 'the kiosk core is closed' } });
    await client.close(); // twice is fine
    const same = openKiosk({ dataDir: client.identity.dataDir, face: 'cli' });
    expect(same.context.identity.kioskId).toBe(client.identity.kioskId);
    same.close();
  });

  it('prints on the face’s OS printers: the core asks, the face prints, the job settles in the core', async () => {
    const client = shared;
    writeFileSync(join(client.identity.dataDir, 'print.json'), JSON.stringify({ printers: [{ name: 'Office', kind: 'os', template: 'badge-4x6' }] }));
    const demo = await client.envelope('demo.create', { attendees: 3 });
    if (!demo.ok) throw new Error(demo.error.message);
    const code = (demo.result as { sampleCodes: string[] }).sampleCodes[0]!;

    // The face's device list crosses into the core's printer list.
    const printers = await client.envelope('print.printers', {});
    if (!printers.ok) throw new Error(printers.error.message);
    const os = (printers.result as { printers: Array<{ name: string; kind: string }> }).printers.filter((p) => p.kind === 'os');
    expect(os.map((p) => p.name)).toEqual(['Office', 'Brother_QL']);
    const statuses: string[] = [];
    client.subscribe((event, payload) => event === 'printer.status' && statuses.push((payload as { state: string }).state));

    const done = await client.envelope('print.badge', { code, printer: 'Office', wait: true });
    expect(done).toMatchObject({ ok: true, result: { job: { state: 'done', printer: 'Office' } } });
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatchObject({ device: 'Office' });
    expect(printed[0]!.html).toContain('<html');
    expect(existsSync(printed[0]!.file)).toBe(false);
    expect(statuses).toContain('done');

    // The face's refusal, with its reason and "do not retry", crosses back into the core's queue.
    face.refuse = new PrintError('printer Office is not available to this computer', false);
    const failed = await client.envelope('print.reprint', { code, printer: 'Office', wait: true });
    expect(failed).toMatchObject({ ok: true, result: { job: { state: 'failed', attempts: 1, error: 'printer Office is not available to this computer' } } });
  });
});
