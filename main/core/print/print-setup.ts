/**
 * The setup screen's printer choices: a printer added to `<data>/print.json` (a detected CUPS queue,
 * a network printer on raw TCP, a PDF folder), the default printer and template. The file is
 * checked whole before it is written (through a temporary file and a rename), so a bad choice
 * leaves the printers as they were.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArrivalsError } from '../../../common/contract/errors';
import type { PrinterChoice } from '../../../common/contract/self-service';
import { builtinFolderPrinter, listPrinters, printConfigFile, printConfigSchema, type PrintConfig } from './printers';
import { defaultTemplateName, findTemplate, loadTemplates } from './templates';

export interface PrintSetupChanges {
  printer?: PrinterChoice | undefined;
  defaultPrinter?: string | undefined;
  defaultTemplate?: string | undefined;
}

export async function configurePrinting(dataDir: string, changes: PrintSetupChanges): Promise<{ defaultPrinter: string; defaultTemplate: string }> {
  const file = join(dataDir, printConfigFile);
  // The file as written (defaults not filled in), so what the venue wrote by hand stays as it was.
  let raw: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new ArrivalsError('bad_input', `${file} is not valid JSON: ${(error as Error).message}`);
    }
  }
  const next: Record<string, unknown> = { ...raw };
  if (changes.printer) {
    const entry = printerEntry(changes.printer);
    const others = Array.isArray(raw.printers) ? (raw.printers as Array<{ name?: unknown }>).filter((p) => p?.name !== entry.name) : [];
    next.printers = [...others, entry];
  }
  if (changes.defaultTemplate !== undefined) {
    findTemplate(loadTemplates(dataDir), changes.defaultTemplate);
    next.defaultTemplate = changes.defaultTemplate;
  }
  const parsed = printConfigSchema.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ArrivalsError('bad_input', `printer settings: ${issue.path.join('.')}: ${issue.message}`);
  }
  if (changes.defaultPrinter !== undefined) {
    const config: PrintConfig = parsed.data;
    const { printers } = await listPrinters(dataDir, config, { cups: !config.printers.some((p) => p.name === changes.defaultPrinter) && changes.defaultPrinter !== builtinFolderPrinter });
    if (!printers.some((p) => p.name === changes.defaultPrinter)) throw new ArrivalsError('not_found', `unknown printer "${changes.defaultPrinter}"`);
    next.defaultPrinter = changes.defaultPrinter;
  }
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  return {
    defaultPrinter: typeof next.defaultPrinter === 'string' ? next.defaultPrinter : builtinFolderPrinter,
    defaultTemplate: typeof next.defaultTemplate === 'string' ? next.defaultTemplate : defaultTemplateName,
  };
}

function printerEntry(choice: PrinterChoice): Record<string, unknown> {
  switch (choice.kind) {
    case 'cups':
      return { name: choice.name, kind: 'cups', queue: choice.queue };
    case 'tcp':
      // statusQuery: the guest-facing "out of paper" needs the printer's own answer.
      return { name: choice.name, kind: 'tcp', host: choice.host, port: choice.port ?? 9100, language: choice.language, dpi: choice.dpi ?? 203, statusQuery: true };
    case 'folder':
      return { name: choice.name, kind: 'folder', dir: choice.dir, language: 'pdf' };
  }
}
