/**
 * The setup screen's printer form, pure: the printer's name as the kiosk stores it (letters, digits,
 * . _ -, as print.configure wants), made from whatever the supervisor typed ("Zebra foyer" →
 * "zebra-foyer"), and the form filled from the printer badges print on now, so "Print a test badge"
 * can tell whether the form shows that printer or an unsaved one.
 */
import { printerNamePattern } from '../../../../common/contract/self-service';
import type { PrinterInfo } from '../../status/status-store';

export type PrinterKind = 'cups' | 'tcp' | 'folder';
export interface PrinterForm {
  name: string;
  queue: string;
  host: string;
  port: string;
  language: 'zpl' | 'escpos';
  dir: string;
}

export const defaultPrinterForm: PrinterForm = { name: 'badges', queue: '', host: '', port: '9100', language: 'zpl', dir: 'badges' };

/** The contract's printer name (print.configure refuses any other). */
export { printerNamePattern };

/** A valid printer name from what was typed: accents dropped, lower case, anything else a hyphen; '' when nothing is left. */
export function printerIdFrom(text: string): string {
  const trimmed = text.trim();
  if (printerNamePattern.test(trimmed)) return trimmed;
  return trimmed
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/** The form showing this printer, or null for one the form cannot show (the built-in PDF folder, an OS printer). */
export function formFromPrinter(printer: PrinterInfo): { kind: PrinterKind; form: PrinterForm } | null {
  if (printer.source !== 'config') return null;
  const form = { ...defaultPrinterForm, name: printer.name };
  if (printer.kind === 'folder') return { kind: 'folder', form: { ...form, dir: printer.target } };
  if (printer.kind === 'cups') return { kind: 'cups', form: { ...form, queue: printer.target.replace(/^cups:/, '') } };
  if (printer.kind === 'tcp') {
    const m = /^tcp:\/\/(.+):(\d+)$/.exec(printer.target);
    if (!m) return null;
    return { kind: 'tcp', form: { ...form, host: m[1]!, port: m[2]!, language: printer.language === 'escpos' ? 'escpos' : 'zpl' } };
  }
  return null;
}

/** A key of what the form shows, to compare with what was saved last. */
export const formKey = (kind: PrinterKind, form: PrinterForm) =>
  JSON.stringify([kind, printerIdFrom(form.name), kind === 'cups' ? form.queue : '', kind === 'tcp' ? [form.host.trim(), form.port, form.language] : '', kind === 'folder' ? form.dir.trim() : '']);
