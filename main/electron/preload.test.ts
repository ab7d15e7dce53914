// The Electron preload, run through stand-ins for Electron with its cloning semantics (there is no
// Electron binary here): whatever crosses the contextBridge or IPC is a structured clone, and a
// function crossing the bridge becomes a proxy that clones its arguments and results in turn. On
// the other side of the stand-in IPC is the real IPC bridge over a real kiosk.
//
// The finding: a thrown ArrivalsError crosses the contextBridge as a plain Error, without `code` or
// `details`. So the preload passes the `{ok, result | error}` envelope, and the page builds its API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { installArrivalsApi, type ArrivalsApi, type PageGlobals } from '../../common/api-client';
import { ArrivalsError } from '../../common/contract/errors';
import { ipcCallChannel } from '../../common/ipc';
import { openKiosk } from '../core/kiosk';

type Fn = (...args: unknown[]) => unknown;

/** What crossing a context (contextBridge) does to a value. */
function cross(value: unknown): unknown {
  if (typeof value === 'function') return (...args: unknown[]) => cross((value as Fn)(...args.map(cross)));
  if (value instanceof Promise) return value.then(cross, (error: unknown) => Promise.reject(cross(error)));
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, cross(inner)]));
  }
  return structuredClone(value);
}

const mainWorld: Record<string, unknown> = {};
const ipcHandlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
const rendererListeners = new Map<string, Set<Fn>>();
const mainFrame = { url: 'app://arrivals/index.html' };

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      mainWorld[key] = cross(api);
    },
  },
  ipcMain: { handle: (channel: string, handler: (event: unknown, input: unknown) => Promise<unknown>) => ipcHandlers.set(channel, handler) },
  ipcRenderer: {
    // IPC clones both ways; a rejected handler reaches the renderer as a plain Error.
    async invoke(channel: string, input: unknown) {
      const handler = ipcHandlers.get(channel);
      if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
      return structuredClone(await handler({ sender: { id: 7, mainFrame }, senderFrame: mainFrame }, structuredClone(input)));
    },
    on(channel: string, listener: Fn) {
      if (!rendererListeners.has(channel)) rendererListeners.set(channel, new Set());
      rendererListeners.get(channel)!.add(listener);
    },
    removeListener(channel: string, listener: Fn) {
      rendererListeners.get(channel)?.delete(listener);
    },
  },
}));

const dir = mkdtempSync(join(tmpdir(), 'arrivals-preload-'));
const kiosk = openKiosk({ dataDir: dir, face: 'electron' });
afterAll(() => {
  kiosk.close();
  rmSync(dir, { recursive: true, force: true });
});
const window = {
  isDestroyed: () => false,
  webContents: {
    id: 7,
    mainFrame,
    send: (channel: string, message: unknown) => {
      for (const listener of rendererListeners.get(channel) ?? []) listener({}, structuredClone(message));
    },
  },
} as unknown as BrowserWindow;
const { bridgeContract } = await import('./ipc-bridge');
bridgeContract(kiosk, window);
await import('../../preload/electron');

/** The page's `window.arrivals`, as the renderer gets it (renderer/src/arrivals.ts). */
function pageApi(): ArrivalsApi {
  const api = installArrivalsApi(mainWorld as PageGlobals);
  if (!api) throw new Error('the preload exposed no transport');
  return api;
}

async function refusal(call: () => Promise<unknown>): Promise<ArrivalsError> {
  try {
    await call();
  } catch (error) {
    return error as ArrivalsError;
  }
  throw new Error('the call was not refused');
}

describe('Electron preload through a structured-clone contextBridge', () => {
  it('(the stand-in is faithful) a thrown ArrivalsError loses code and details crossing the bridge', async () => {
    const exposed = cross({
      fail: async () => {
        throw new ArrivalsError('bad_input', 'two bad rows', { rows: [2, 5] });
      },
    }) as { fail: () => Promise<never> };
    const error = await refusal(() => exposed.fail());
    expect(error.message).toBe('two bad rows');
    expect(error.code).toBeUndefined();
    expect(error.details).toBeUndefined();
  });

  it('exposes only the raw transport; the page builds window.arrivals from it', () => {
    expect(Object.keys(mainWorld)).toEqual(['arrivalsTransport']);
    expect(Object.keys(mainWorld.arrivalsTransport as object).sort()).toEqual(['call', 'subscribe']);
    const api = pageApi();
    expect(Object.keys(api)).toContain('attendees');
    expect(pageApi()).toBe(api);
  });

  it('answers calls through the real IPC bridge', async () => {
    const info = await pageApi().app.info();
    expect(info).toMatchObject({ face: 'electron', kioskId: kiosk.context.identity.kioskId });
  });

  it('delivers code and message of a refusal from the core', async () => {
    const error = await refusal(() => pageApi().attendees.import({ fileName: 'guests.csv', contentBase64: Buffer.from('email\nx@y.z\n').toString('base64') }));
    expect(error).toBeInstanceOf(ArrivalsError);
    expect(error.code).toBe('bad_input');
    expect(error.message).toMatch(/^guests\.csv: missing required columns/);
    const invalid = await refusal(() => (pageApi().app.info as (input: unknown) => Promise<unknown>)({ injected: true }));
    expect(invalid).toMatchObject({ code: 'bad_input', message: expect.stringMatching(/^app\.info: /) });
  });

  it('delivers details intact', async () => {
    const channel = ipcCallChannel('checkins.undo');
    const real = ipcHandlers.get(channel)!;
    const details = { rows: [{ line: 3, reason: 'no ticket code' }], at: '2026-01-01T00:00:00.000Z' };
    ipcHandlers.set(channel, async () => ({ ok: false, error: { code: 'conflict', message: 'already undone', details } }));
    try {
      const error = await refusal(() => pageApi().checkins.undo({ checkinId: 'x' }));
      expect(error).toBeInstanceOf(ArrivalsError);
      expect(error.code).toBe('conflict');
      expect(error.details).toEqual(details);
    } finally {
      ipcHandlers.set(channel, real);
    }
  });

  it('answers unknown methods and a missing main with an envelope, never a bare rejection', async () => {
    const transport = mainWorld.arrivalsTransport as { call(method: string, input: unknown): Promise<unknown> };
    expect(await transport.call('app.nothing', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const channel = ipcCallChannel('app.info');
    const real = ipcHandlers.get(channel)!;
    ipcHandlers.delete(channel);
    try {
      expect(await transport.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    } finally {
      ipcHandlers.set(channel, real);
    }
  });

  it('delivers push events across the bridge, and stops after unsubscribing', () => {
    const seen: unknown[] = [];
    const stop = pageApi().on('app.online', (payload) => seen.push(payload));
    kiosk.bus.emit('app.online', { online: true, lastContactAt: null });
    stop();
    kiosk.bus.emit('app.online', { online: false, lastContactAt: null });
    expect(seen).toEqual([{ online: true, lastContactAt: null }]);
  });
});
