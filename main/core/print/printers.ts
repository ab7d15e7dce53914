/**
 * Which printers a kiosk can use. Four sources, listed by `arrivals printers`:
 *  - network printers configured in `<data>/print.json` (raw TCP 9100, ZPL or ESC/POS);
 *  - the built-in "pdf-folder" printer, writing PDF badges to `<data>/badges/` (or as configured);
 *  - the OS print queues CUPS knows (PDF badges, sent with lp);
 *  - in the desktop app, the OS printers Electron knows that CUPS did not list (Windows): an HTML
 *    badge printed silently to the named device.
 * A configured name wins over a discovered printer of the same name, and CUPS over Electron.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { ArrivalsError } from '../../../common/contract/index';
import { listCupsQueues } from './transports/cups';
import type { OsPrinting } from './transports/os';

const printerName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ -');

const tcpPrinter = z.object({
  name: printerName,
  kind: z.literal('tcp'),
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(9100),
  language: z.enum(['zpl', 'escpos']),
  /** The printhead's resolution (ZPL and ESC/POS; a 180 dpi thermal head is set as 203). */
  dpi: z.union([z.literal(203), z.literal(300)]).default(203),
  /** ESC/POS: the command dialect. */
  model: z.enum(['epson', 'star']).default('epson'),
  /** ZPL: a Unicode TrueType font stored on the printer (e.g. "E:TT0003M_.TTF") for Greek,
   * Cyrillic, Hebrew…; default: the printer's font 0. */
  zplFont: z.string().regex(/^[A-Z]:[A-Za-z0-9_.-]{1,40}$/, 'a printer font path like E:TT0003M_.TTF').optional(),
  timeoutMs: z.number().int().min(100).max(60_000).default(5000),
  /** Ask the printer for its status first (~HS / DLE EOT), to report "out of paper". */
  statusQuery: z.boolean().default(false),
  template: z.string().optional(),
});

const folderPrinter = z.object({
  name: printerName,
  kind: z.literal('folder'),
  /** Relative paths are inside the data directory. */
  dir: z.string().min(1),
  language: z.enum(['pdf', 'zpl', 'escpos']).default('pdf'),
  dpi: z.union([z.literal(203), z.literal(300)]).default(203),
  model: z.enum(['epson', 'star']).default('epson'),
  template: z.string().optional(),
});

const cupsPrinter = z.object({
  name: printerName,
  kind: z.literal('cups'),
  /** The CUPS queue; defaults to the printer's name. */
  queue: z.string().min(1).optional(),
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  template: z.string().optional(),
});

const osPrinter = z.object({
  name: printerName,
  kind: z.literal('os'),
  /** The OS device name, as `arrivals printers` in the desktop app lists it; defaults to the name. */
  device: z.string().min(1).max(200).optional(),
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  template: z.string().optional(),
});

export const printConfigSchema = z.object({
  printers: z.array(z.discriminatedUnion('kind', [tcpPrinter, folderPrinter, cupsPrinter, osPrinter])).default([]),
  defaultPrinter: z.string().optional(),
  defaultTemplate: z.string().optional(),
  /** The event logo, PNG or JPEG; relative to the data directory. */
  logo: z.string().optional(),
  /** Automatic attempts per job before it is marked failed (staff can still retry it). */
  maxAttempts: z.number().int().min(1).max(10).default(3),
});
export type PrintConfig = z.infer<typeof printConfigSchema>;

export type Printer =
  | (z.infer<typeof tcpPrinter> & { source: 'config' })
  | (z.infer<typeof folderPrinter> & { source: 'config' | 'builtin' })
  | (z.output<typeof cupsPrinter> & { source: 'config' | 'cups' })
  | (z.output<typeof osPrinter> & { source: 'config' | 'os' });

/** Where discovered printers come from besides the configuration. */
export interface PrinterSources {
  cups: boolean;
  /** The desktop app's OS printers (Electron); absent in the browser host and the CLI. */
  os?: OsPrinting | undefined;
}

export const printConfigFile = 'print.json';
export const builtinFolderPrinter = 'pdf-folder';

export function loadPrintConfig(dataDir: string): PrintConfig {
  const file = join(dataDir, printConfigFile);
  if (!existsSync(file)) return printConfigSchema.parse({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ArrivalsError('bad_input', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = printConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ArrivalsError('bad_input', `${file}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

export function inDataDir(dataDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(dataDir, path);
}

/** Every usable printer, configured first; CUPS queues and OS printers are looked up as `sources` say. */
export async function listPrinters(dataDir: string, config: PrintConfig, sources: PrinterSources = { cups: true }): Promise<{ printers: Printer[]; notes: string[] }> {
  const printers: Printer[] = config.printers.map((p) => (p.kind === 'folder' ? { ...p, dir: inDataDir(dataDir, p.dir), source: 'config' as const } : { ...p, source: 'config' as const }));
  const notes: string[] = [];
  if (!printers.some((p) => p.name === builtinFolderPrinter)) {
    printers.push({ name: builtinFolderPrinter, kind: 'folder', dir: join(dataDir, 'badges'), language: 'pdf', dpi: 203, model: 'epson', source: 'builtin' });
  }
  if (sources.cups) {
    const cups = await listCupsQueues();
    if (cups.note) notes.push(cups.note);
    for (const queue of cups.queues) {
      if (!printers.some((p) => p.name === queue)) printers.push({ name: queue, kind: 'cups', queue, timeoutMs: 60_000, source: 'cups' });
    }
  }
  if (sources.os) {
    // CUPS queues are OS printers too (Linux, macOS): lp reports when the job completed, so they
    // stay CUPS printers and Electron adds only what CUPS does not have (Windows printers).
    const taken = (device: string) => printers.some((p) => p.name === device || (p.kind === 'cups' && (p.queue ?? p.name) === device) || (p.kind === 'os' && (p.device ?? p.name) === device));
    try {
      for (const device of await sources.os.list()) {
        if (!taken(device.name)) printers.push({ name: device.name, kind: 'os', device: device.name, timeoutMs: 60_000, source: 'os' });
      }
    } catch (error) {
      notes.push(`the desktop app could not list the OS printers: ${(error as Error).message}`);
    }
  }
  return { printers, notes };
}

export async function findPrinter(dataDir: string, config: PrintConfig, name: string, os?: OsPrinting): Promise<Printer> {
  const local = await listPrinters(dataDir, config, { cups: false });
  const found = local.printers.find((p) => p.name === name) ?? (await listPrinters(dataDir, config, { cups: true, os })).printers.find((p) => p.name === name);
  if (!found) throw new ArrivalsError('not_found', `unknown printer "${name}"; run "arrivals printers" for the list`);
  return found;
}

/**
 * What goes over the wire to this printer: a PDF, ZPL at a resolution, ESC/POS of a dialect, or
 * the HTML page the desktop app prints through the OS.
 */
export type OutputFormat = { kind: 'pdf' } | { kind: 'zpl'; dpi: 203 | 300; font?: string } | { kind: 'escpos'; model: 'epson' | 'star'; dpi?: 203 | 300 } | { kind: 'html' };

export function outputFormatOf(printer: Printer): OutputFormat {
  if (printer.kind === 'cups') return { kind: 'pdf' };
  if (printer.kind === 'os') return { kind: 'html' };
  if (printer.language === 'zpl') return { kind: 'zpl', dpi: printer.dpi, ...(printer.kind === 'tcp' && printer.zplFont ? { font: printer.zplFont } : {}) };
  if (printer.language === 'escpos') return { kind: 'escpos', model: printer.model, dpi: printer.dpi };
  return { kind: 'pdf' };
}
