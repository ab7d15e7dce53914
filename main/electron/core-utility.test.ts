// The kiosk core's utility process, with Electron stood in for (there is no Electron binary here):
// `utilityProcess.fork` returns an emitter wired to a stand-in `process.parentPort`, on which the
// real core-process entry code (parentPortEndpoint + serveCore) runs a real kiosk. Messages are
// copied with structuredClone and delivered on a later turn; the core receives MessageEvents
// ({data}) and main receives the bare message, as in Electron. OS printing goes through the real
// electronOsPrinting adapter over stand-in print windows, in "main".
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoreClient, CoreExitReport } from '../core/worker/client';
import { parentPortEndpoint } from './core-process';
import { serveCore } from '../core/worker/serve';
import { electronOsPrinting, type PrintWindow } from './os-print';

interface FakeChild extends EventEmitter {
  postMessage(message: unknown): void;
  kill(): boolean;
  /** What Electron reports when V8 dies in the utility process: 'error', then 'exit'. */
  crash(location: string): void;
}

const forks: Array<{ entry: string; options: unknown; child: FakeChild; early: unknown[] }> = [];

function fork(entry: string, _args: string[], options: unknown): FakeChild {
  const child = new EventEmitter() as FakeChild;
  const parentPort = new EventEmitter();
  let spawned = false;
  let alive = true;
  const early: unknown[] = [];
  child.postMessage = (message) => {
    if (!spawned) early.push(message);
    const copy = structuredClone(message);
    setImmediate(() => alive && parentPort.emit('message', { data: copy }));
  };
  child.kill = () => {
    if (!alive) return false;
    alive = false;
    setImmediate(() => child.emit('exit', 0));
    return true;
  };
  child.crash = (location) => {
    alive = false;
    parentPort.emit('message', { data: { stop: true } }); // the dead process's files are closed by the OS
    child.emit('error', 'FatalError', location, '{}');
    child.emit('exit', 133);
  };
  // The "utility process": core-process.ts's code on this parentPort.
  serveCore(
    parentPortEndpoint({
      on: (event, listener) => parentPort.on(event, listener),
      postMessage: (message) => {
        const copy = structuredClone(message);
        setImmediate(() => alive && child.emit('message', copy));
      },
    }),
  );
  setImmediate(() => {
    spawned = true;
    child.emit('spawn');
  });
  forks.push({ entry, options, child, early });
  return child;
}

vi.mock('electron', () => ({ utilityProcess: { fork } }));
const { openCoreProcess } = await import('./core-utility');

/** Stand-in print windows for the real electronOsPrinting: they record what was printed. */
const printed: Array<{ device: string; html: string }> = [];
const printWindow = (): PrintWindow => {
  let loaded = '';
  let destroyed = false;
  return {
    loadFile: async (file: string) => {
      loaded = readFileSync(file, 'utf8');
    },
    destroy: () => {
      destroyed = true;
    },
    isDestroyed: () => destroyed,
    webContents: {
      print: (options: { deviceName?: string }, callback?: (success: boolean, reason: string) => void) => {
        printed.push({ device: options.deviceName ?? '', html: loaded });
        setImmediate(() => callback?.(options.deviceName !== 'Gone', options.deviceName === 'Gone' ? 'Invalid deviceName provided' : ''));
      },
      getPrintersAsync: async () => [{ name: 'Brother_QL', displayName: 'Brother QL', description: '', options: {} }],
    },
  } as unknown as PrintWindow;
};

const dir = mkdtempSync(join(tmpdir(), 'arrivals-utility-'));
const reports: CoreExitReport[] = [];
let core: CoreClient;
beforeAll(async () => {
  core = await openCoreProcess({
    entry: '/app/dist/electron/core-process.cjs',
    start: { dataDir: join(dir, 'data'), face: 'electron', sqliteBinding: undefined },
    osPrinting: electronOsPrinting(printWindow),
    onCoreExit: (report) => reports.push(report),
  });
});
afterAll(async () => {
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the kiosk core in a utility process', () => {
  it('forks the core bundle once, and messages sent before the process spawned reach it', () => {
    expect(forks).toHaveLength(1);
    expect(forks[0]).toMatchObject({ entry: '/app/dist/electron/core-process.cjs', options: { serviceName: 'Arrivals kiosk core' } });
    // The start message was held until 'spawn'.
    expect(forks[0]!.early).toEqual([]);
  });

  it('answers calls with the router’s envelope and pushes bus events to main', async () => {
    expect(core.identity).toMatchObject({ face: 'electron', dataDir: join(dir, 'data') });
    expect(await core.envelope('app.info', {})).toMatchObject({ ok: true, result: { face: 'electron', kioskId: core.identity.kioskId } });
    expect(await core.envelope('app.info', { x: 1 })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    const events: string[] = [];
    const stop = core.subscribe((event) => events.push(event));
    const demo = await core.envelope('demo.create', { attendees: 2 });
    expect(demo).toMatchObject({ ok: true });
    const code = (demo as { result: { sampleCodes: string[] } }).result.sampleCodes[0]!;
    await core.envelope('print.badge', { code, printer: 'pdf-folder', wait: true });
    stop();
    expect(events).toContain('printer.status');
  });

  it('OS print jobs go from the core to main’s webContents.print and their outcome comes back', async () => {
    writeFileSync(join(dir, 'data', 'print.json'), JSON.stringify({ printers: [{ name: 'Gone', kind: 'os', device: 'Gone' }] }));
    const printers = await core.envelope('print.printers', {});
    expect(JSON.stringify(printers)).toContain('Brother_QL');
    const info = (await core.envelope('demo.create', { attendees: 2 })) as { result: { sampleCodes: string[] } };
    const code = info.result.sampleCodes[0]!;

    const done = await core.envelope('print.badge', { code, printer: 'Brother_QL', template: 'label-62x100', wait: true });
    expect(done).toMatchObject({ ok: true, result: { job: { state: 'done' } } });
    expect(printed.at(-1)).toMatchObject({ device: 'Brother_QL' });
    expect(printed.at(-1)!.html).toContain('@page{size:62mm 100mm;margin:0}');

    // Electron's refusal becomes the adapter's PrintError in main, and crosses back not retryable.
    const refused = await core.envelope('print.reprint', { code, printer: 'Gone', wait: true });
    expect(refused).toMatchObject({ ok: true, result: { job: { state: 'failed', attempts: 1, error: 'printer Gone is not available to this computer (Invalid deviceName provided)' } } });
  });

  it('a fatal error in the utility process answers calls in flight, is reported, and a new process serves the same kiosk', async () => {
    const inFlight = core.envelope('app.info', {});
    forks.at(-1)!.child.crash('v8::ToLocalChecked Empty MaybeLocal');
    expect(await inFlight).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'the kiosk core crashed (FatalError at v8::ToLocalChecked Empty MaybeLocal) during this call; it is being restarted' },
    });
    expect(await core.envelope('app.info', {})).toMatchObject({ ok: true, result: { kioskId: core.identity.kioskId } });
    expect(forks).toHaveLength(2);
    expect(reports).toEqual([
      { message: 'the kiosk core crashed (FatalError at v8::ToLocalChecked Empty MaybeLocal); calls in flight failed, and it was restarted', restarted: true },
    ]);
  });
});
