// The face's client over an in-memory channel to the real serveCore and a real kiosk: messages
// are copied with structuredClone and delivered on a later turn, as on a worker or utility
// process. It covers what a real thread cannot be made to do on demand: a core that cannot be
// restarted, a core that ignores stop, an input that cannot be copied.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArrivalsError } from '../../../common/contract/index';
import { openKiosk, type Kiosk } from '../kiosk';
import { connectCore, type CoreChannel, type CoreClient, type CoreExitReport } from './client';
import type { FromCore, ToCore } from './protocol';
import { serveCore, type OpenCore } from './serve';

const dirs: string[] = [];
const clients: CoreClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface MemoryCore extends CoreChannel {
  crash(reason: string): void;
  received: ToCore[];
}

/** A core "process" in this thread; `deaf` cores never answer stop. */
function memoryCore(open: OpenCore, options: { deaf?: boolean } = {}): MemoryCore {
  let handlers: { message(message: FromCore): void; exit(reason: string): void } | undefined;
  let coreListener: ((message: ToCore) => void) | undefined;
  let ended = false;
  const received: ToCore[] = [];
  serveCore(
    {
      post: (message) => {
        const copy = structuredClone(message);
        setImmediate(() => !ended && handlers?.message(copy));
      },
      listen: (listener) => (coreListener = listener),
    },
    open,
  );
  const end = (reason: string) => {
    if (ended) return;
    ended = true;
    setImmediate(() => handlers?.exit(reason));
  };
  return {
    received,
    post(message) {
      const copy = structuredClone(message);
      received.push(copy);
      if (options.deaf && 'stop' in copy) return;
      setImmediate(() => !ended && coreListener?.(copy));
    },
    listen: (h) => (handlers = h),
    kill: () => end('was ended'),
    crash: end,
  };
}

/** A client of an in-thread core that serves real kiosks; the kiosks it opened are listed. */
async function servingClient(): Promise<{ client: CoreClient; kiosks: Kiosk[] }> {
  const kiosks: Kiosk[] = [];
  const open: OpenCore = (options) => {
    const kiosk = openKiosk(options);
    kiosks.push(kiosk);
    return kiosk;
  };
  const client = await connectCore(() => memoryCore(open), { start: { dataDir: dataDir(), face: 'host' } });
  clients.push(client);
  return { client, kiosks };
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'arrivals-client-'));
  dirs.push(dir);
  return dir;
}

describe('core client', () => {
  it('a core that cannot be restarted leaves the face up: it is reported and calls say why', async () => {
    const cores: MemoryCore[] = [];
    let opens = 0;
    const kiosks: Kiosk[] = [];
    const open: OpenCore = (options) => {
      if (++opens > 1) throw new ArrivalsError('unavailable', 'the data disk is gone');
      const kiosk = openKiosk(options);
      kiosks.push(kiosk);
      return kiosk;
    };
    const reports: CoreExitReport[] = [];
    let reported: () => void = () => {};
    const twoReports = new Promise<void>((resolve) => (reported = resolve));
    const client = await connectCore(
      () => {
        const core = memoryCore(open);
        cores.push(core);
        return core;
      },
      { start: { dataDir: dataDir(), face: 'host' }, onCoreExit: (report) => reports.push(report) && reports.length === 1 && reported() },
    );
    clients.push(client);
    expect(await client.envelope('app.info', {})).toMatchObject({ ok: true });

    const inFlight = client.envelope('app.info', {});
    cores[0]!.crash('crashed (out of memory)');
    expect(await inFlight).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'the kiosk core crashed (out of memory) during this call; it is being restarted' },
    });
    await twoReports;
    expect(reports).toEqual([
      { message: 'the kiosk core crashed (out of memory) and could not be restarted (the data disk is gone)', restarted: false },
    ]);
    expect(await client.envelope('app.info', {})).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'the kiosk core crashed (out of memory) and could not be restarted (the data disk is gone)' },
    });
    expect(cores).toHaveLength(2); // no restart loop
    for (const kiosk of kiosks) kiosk.close();
  });

  it('a core that does not answer stop is ended after the grace time', async () => {
    const kiosks: Kiosk[] = [];
    const core = memoryCore((options) => {
      const kiosk = openKiosk(options);
      kiosks.push(kiosk);
      return kiosk;
    }, { deaf: true });
    const client = await connectCore(() => core, { start: { dataDir: dataDir(), face: 'host' }, closeGraceMs: 1 });
    expect(await client.envelope('app.info', {})).toMatchObject({ ok: true });
    await client.close(); // would never resolve if the deaf core were waited for
    expect(core.received.some((m) => 'stop' in m)).toBe(true);
    expect(await client.envelope('app.info', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    for (const kiosk of kiosks) kiosk.close();
  });

  it('an input that cannot be copied to the core is bad input, and the core keeps serving', async () => {
    const { client, kiosks } = await servingClient();
    const answer = await client.envelope('attendees.search', { text: 'ab', onResult: () => {} });
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    if (!answer.ok) expect(answer.error.message).toMatch(/^attendees\.search: the input cannot be sent to the kiosk core/);
    expect(await client.envelope('app.info', {})).toMatchObject({ ok: true });
    await client.close();
    for (const kiosk of kiosks) kiosk.close();
  });

  it('a listener that throws does not stop the others', async () => {
    const { client, kiosks } = await servingClient();
    const seen: string[] = [];
    client.subscribe(() => {
      throw new Error('a closed socket');
    });
    client.subscribe((event) => seen.push(event));
    kiosks[0]!.bus.emit('app.online', { online: true, lastContactAt: null });
    await client.envelope('app.info', {}); // the event was posted before this answer
    expect(seen).toEqual(['app.online']);
    await client.close();
    for (const kiosk of kiosks) kiosk.close();
  });
});
