/**
 * One ipcMain.handle per contract method. Each checks that the call comes from our own page's main
 * frame (not an iframe, not a navigated-away page) before the router validates the input with zod.
 * `kiosk.leaveKioskMode` is the one method with a shell side: once the core accepted the PIN, the
 * window leaves kiosk mode.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { CallEnvelope } from '../../common/api-client';
import { methodNames } from '../../common/contract/index';
import { ipcCallChannel, ipcEventChannel } from '../../common/ipc';
import type { KioskPort } from '../core/kiosk';
import { isAppUrl } from './app-protocol';

function fromOurPage(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
  const frame = event.senderFrame;
  return (
    !window.isDestroyed() &&
    event.sender.id === window.webContents.id &&
    frame !== null &&
    frame === event.sender.mainFrame &&
    isAppUrl(frame.url)
  );
}

export function bridgeContract(kiosk: KioskPort, window: BrowserWindow): void {
  for (const method of methodNames) {
    ipcMain.handle(ipcCallChannel(method), async (event, input: unknown): Promise<CallEnvelope> => {
      if (!fromOurPage(event, window)) return { ok: false, error: { code: 'forbidden', message: 'call from an unknown frame' } };
      const answer = await kiosk.router.envelope(method, input);
      // The core checked the supervisor PIN; only the shell can let go of the window.
      if (method === 'kiosk.leaveKioskMode' && answer.ok && !window.isDestroyed()) {
        window.setKiosk(false);
        window.setFullScreen(false);
      }
      return answer;
    });
  }
  kiosk.bus.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(ipcEventChannel, { event, payload });
  });
}
