// The IPC bridge over a real kiosk and router. Only `ipcMain` is stood in for (there is no
// Electron binary here): the test invokes the registered handlers as Electron would, with sender
// frames of our page, an iframe, and a page that navigated away.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { methodNames } from '../../common/contract/index';
import { ipcCallChannel, ipcEventChannel } from '../../common/ipc';
import { openKiosk } from '../core/kiosk';

type Handler = (event: unknown, input: unknown) => Promise<unknown>;
const handlers = new Map<string, Handler>();
vi.mock('electron', () => ({ ipcMain: { handle: (channel: string, handler: Handler) => handlers.set(channel, handler) } }));
const { bridgeContract } = await import('./ipc-bridge');

const dir = mkdtempSync(join(tmpdir(), 'arrivals-ipc-'));
const kiosk = openKiosk({ dataDir: dir, face: 'electron' });
afterAll(() => {
  kiosk.close();
  rmSync(dir, { recursive: true, force: true });
});

const mainFrame = { url: 'app://arrivals/index.html' };
const sent: unknown[] = [];
const windowCalls: string[] = [];
const window = {
  isDestroyed: () => false,
  setKiosk: (on: boolean) => windowCalls.push(`kiosk:${on}`),
  setFullScreen: (on: boolean) => windowCalls.push(`fullscreen:${on}`),
  webContents: { id: 7, mainFrame, send: (channel: string, message: unknown) => sent.push({ channel, message }) },
} as unknown as BrowserWindow;
bridgeContract(kiosk, window);

const invoke = (method: string, input: unknown, frame: { url: string } | null = mainFrame, senderId = 7) =>
  handlers.get(ipcCallChannel(method))!({ sender: { id: senderId, mainFrame }, senderFrame: frame }, input);

describe('IPC bridge', () => {
  it('registers exactly one handler per contract method', () => {
    expect([...handlers.keys()].sort()).toEqual(methodNames.map(ipcCallChannel).sort());
  });

  it('serves our page through the router', async () => {
    const answer = (await invoke('app.info', {})) as { ok: boolean; result: { face: string; kioskId: string } };
    expect(answer.ok).toBe(true);
    expect(answer.result.face).toBe('electron');
    expect(answer.result.kioskId).toBe(kiosk.context.identity.kioskId);
  });

  it('leaves kiosk mode only once the core accepted the supervisor PIN', async () => {
    expect(await invoke('kiosk.setPin', { pin: '2468' })).toMatchObject({ ok: true });
    expect(await invoke('kiosk.leaveKioskMode', { pin: '1111' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(windowCalls).toEqual([]);
    expect(await invoke('kiosk.leaveKioskMode', { pin: '2468' })).toEqual({ ok: true, result: { face: 'electron' } });
    expect(windowCalls).toEqual(['kiosk:false', 'fullscreen:false']);
  });

  it('validates input with the contract', async () => {
    const answer = (await invoke('app.info', { injected: '<script>' })) as { ok: boolean; error: { code: string } };
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });

  it('refuses iframes, pages that navigated away, and other web contents', async () => {
    const refused = { ok: false, error: { code: 'forbidden', message: 'call from an unknown frame' } };
    expect(await invoke('app.info', {}, { url: 'app://arrivals/index.html' })).toEqual(refused); // a frame object that is not the main frame
    expect(await invoke('app.info', {}, { ...mainFrame, url: 'https://evil.example/' })).toEqual(refused);
    expect(await invoke('app.info', {}, null)).toEqual(refused);
    expect(await invoke('app.info', {}, mainFrame, 8)).toEqual(refused);
    mainFrame.url = 'https://evil.example/';
    try {
      expect(await invoke('app.info', {})).toEqual(refused);
    } finally {
      mainFrame.url = 'app://arrivals/index.html';
    }
  });

  it('forwards push events to the window', () => {
    kiosk.bus.emit('app.online', { online: true, lastContactAt: null });
    expect(sent).toContainEqual({ channel: ipcEventChannel, message: { event: 'app.online', payload: { online: true, lastContactAt: null } } });
  });
});
