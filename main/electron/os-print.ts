/**
 * The desktop app's OS printers: a badge page printed silently to a named device with Electron's
 * `webContents.print`, in a hidden, sandboxed window that runs no script. This is the only part of
 * printing that needs Electron; the core renders the page and handles the queue (transports/os.ts).
 */
import type { BrowserWindow, WebContentsPrintOptions } from 'electron';
import type { OsPrintDevice, OsPrinting, OsPrintRequest } from '../core/print/transports/os';
import { PrintError } from '../core/print/transports/print-error';

/** What this module uses of a BrowserWindow: a seam for tests, which have no Electron binary. */
export type PrintWindow = Pick<BrowserWindow, 'loadFile' | 'destroy' | 'isDestroyed'> & {
  webContents: Pick<BrowserWindow['webContents'], 'print' | 'getPrintersAsync'>;
};

/** Electron's failure reasons, in the words staff see; and whether trying again can help. */
function failure(device: string, reason: string): PrintError {
  if (/invalid printer settings|invalid deviceName/i.test(reason)) return new PrintError(`printer ${device} is not available to this computer (${reason})`, false);
  if (/cancel/i.test(reason)) return new PrintError(`the print job on ${device} was cancelled`, true);
  return new PrintError(`printer ${device} failed the job${reason ? ` (${reason})` : ''}`, true);
}

export function printOptions(request: OsPrintRequest): WebContentsPrintOptions {
  return {
    silent: true,
    deviceName: request.device,
    printBackground: true,
    color: true,
    margins: { marginType: 'none' },
    // Microns; the badge page is exactly the stock, so the driver neither scales nor rotates it.
    pageSize: { width: Math.round(request.widthMm * 1000), height: Math.round(request.heightMm * 1000) },
  };
}

export function electronOsPrinting(newWindow: () => PrintWindow): OsPrinting {
  async function withWindow<T>(use: (window: PrintWindow) => Promise<T>): Promise<T> {
    const window = newWindow();
    try {
      return await use(window);
    } finally {
      if (!window.isDestroyed()) window.destroy();
    }
  }
  return {
    list: () =>
      withWindow(async (window): Promise<OsPrintDevice[]> => {
        const printers = await window.webContents.getPrintersAsync();
        return printers.map((p) => ({ name: p.name, displayName: p.displayName || p.name }));
      }),
    print: (request) =>
      withWindow(async (window) => {
        try {
          await window.loadFile(request.file);
        } catch (error) {
          throw new PrintError(`cannot lay out the badge for printing: ${(error as Error).message}`, false);
        }
        await new Promise<void>((resolve, reject) => {
          window.webContents.print(printOptions(request), (success, reason) => (success ? resolve() : reject(failure(request.device, reason))));
        });
      }),
  };
}
