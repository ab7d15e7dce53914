/**
 * OS printers reached through the desktop app: Electron prints a page silently to a named device
 * (`webContents.print`). The core may not import electron, so the Electron shell hands the kiosk an
 * `OsPrinting` (main/electron/os-print.ts); other faces have none, and a job for such a printer
 * fails with a reason that says where it can print.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrintError } from './print-error';

export interface OsPrintDevice {
  /** The device name the OS knows the printer by (what `deviceName` takes). */
  name: string;
  /** The name people see in print dialogs. */
  displayName: string;
}

export interface OsPrintRequest {
  device: string;
  /** A self-contained HTML page (main/core/print/html.ts), written to a file for the print. */
  file: string;
  widthMm: number;
  heightMm: number;
  title: string;
}

export interface OsPrinting {
  list(): Promise<OsPrintDevice[]>;
  /** Resolves once the OS has the job; rejects with a PrintError carrying a readable reason. */
  print(request: OsPrintRequest): Promise<void>;
}

export async function sendOs(
  printing: OsPrinting | undefined,
  printer: { name: string; device: string; timeoutMs: number },
  page: { html: Buffer; widthMm: number; heightMm: number; title: string },
): Promise<void> {
  if (!printing) {
    throw new PrintError(`printer "${printer.name}" is an OS printer that only the Arrivals desktop app can reach; print here through a CUPS queue or a network printer`, false);
  }
  const dir = mkdtempSync(join(tmpdir(), 'arrivals-print-'));
  const file = join(dir, 'badge.html');
  let timer: NodeJS.Timeout | undefined;
  try {
    writeFileSync(file, page.html);
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PrintError(`printer ${printer.name} did not take the job within ${Math.round(printer.timeoutMs / 1000)} s`, true)), printer.timeoutMs);
    });
    // A print that fails after the timeout is still handled: race subscribed to it.
    await Promise.race([printing.print({ device: printer.device, file, widthMm: page.widthMm, heightMm: page.heightMm, title: page.title }), timeout]);
  } catch (error) {
    if (error instanceof PrintError) throw error;
    throw new PrintError(`printer ${printer.name}: ${(error as Error).message}`, true);
  } finally {
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  }
}
