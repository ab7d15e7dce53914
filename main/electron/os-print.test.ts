// The Electron side of OS printing, with BrowserWindow stood in for (no Electron binary here): one
// hidden window per job, the page loaded from the file the core wrote, printed silently to the
// named device at the badge's size with no margins, Electron's failures turned into staff's words,
// and the window destroyed whatever happens.
import { describe, expect, it } from 'vitest';
import { PrintError } from '../core/print/transports/print-error';
import { electronOsPrinting, type PrintWindow } from './os-print';

type PrintCall = { options: unknown; loaded: string | undefined };

function fakeWindows(outcome: { success: boolean; reason?: string; loadFails?: boolean }) {
  const windows: Array<{ loaded?: string; destroyed: boolean }> = [];
  const prints: PrintCall[] = [];
  const make = (): PrintWindow => {
    const state: { loaded?: string; destroyed: boolean } = { destroyed: false };
    windows.push(state);
    return {
      loadFile: async (file: string) => {
        if (outcome.loadFails) throw new Error('ERR_FILE_NOT_FOUND (-6)');
        state.loaded = file;
      },
      destroy: () => {
        state.destroyed = true;
      },
      isDestroyed: () => state.destroyed,
      webContents: {
        print: (options: unknown, callback?: (success: boolean, reason: string) => void) => {
          prints.push({ options, loaded: state.loaded });
          setImmediate(() => callback?.(outcome.success, outcome.reason ?? ''));
        },
        getPrintersAsync: async () => [{ name: 'Brother_QL_820NWB', displayName: 'Brother QL-820NWB', description: '', options: {} }],
      },
    } as unknown as PrintWindow;
  };
  return { make, windows, prints };
}

const request = { device: 'Brother_QL_820NWB', file: '/tmp/arrivals-print-x/badge.html', widthMm: 62, heightMm: 100, title: 'badge-T1' };

describe('electronOsPrinting', () => {
  it('prints the loaded page silently to the device at the badge size, then destroys its window', async () => {
    const fake = fakeWindows({ success: true });
    await electronOsPrinting(fake.make).print(request);
    expect(fake.prints).toEqual([
      {
        loaded: request.file,
        options: {
          silent: true,
          deviceName: 'Brother_QL_820NWB',
          printBackground: true,
          color: true,
          margins: { marginType: 'none' },
          pageSize: { width: 62_000, height: 100_000 },
        },
      },
    ]);
    expect(fake.windows.map((w) => w.destroyed)).toEqual([true]);
  });

  it("turns Electron's failure reasons into a readable, correctly retryable PrintError", async () => {
    const cases: Array<[string, RegExp, boolean]> = [
      ['Invalid deviceName provided', /printer Brother_QL_820NWB is not available to this computer/, false],
      ['Print job canceled', /was cancelled/, true],
      ['Print job failed', /printer Brother_QL_820NWB failed the job \(Print job failed\)/, true],
    ];
    for (const [reason, message, retryable] of cases) {
      const fake = fakeWindows({ success: false, reason });
      const error = await electronOsPrinting(fake.make).print(request).catch((e: unknown) => e);
      expect(error, reason).toBeInstanceOf(PrintError);
      expect((error as PrintError).message, reason).toMatch(message);
      expect((error as PrintError).retryable, reason).toBe(retryable);
      expect(fake.windows[0]!.destroyed, reason).toBe(true);
    }
  });

  it('a page that cannot load fails without printing, and the window is still destroyed', async () => {
    const fake = fakeWindows({ success: true, loadFails: true });
    await expect(electronOsPrinting(fake.make).print(request)).rejects.toThrow(/cannot lay out the badge for printing: ERR_FILE_NOT_FOUND/);
    expect(fake.prints).toEqual([]);
    expect(fake.windows[0]!.destroyed).toBe(true);
  });

  it('lists devices by their OS name', async () => {
    const fake = fakeWindows({ success: true });
    expect(await electronOsPrinting(fake.make).list()).toEqual([{ name: 'Brother_QL_820NWB', displayName: 'Brother QL-820NWB' }]);
    expect(fake.windows[0]!.destroyed).toBe(true);
  });
});
