/**
 * One badge, from attendee data to the bytes a printer (or a file) takes. Each renderer, and the
 * font measurement (pdfkit), is imported on the first badge of its format: opening a kiosk, or a
 * check-in on the command line, does not load pdfkit, qrcode or node-thermal-printer.
 */
import { existsSync } from 'node:fs';
import type { BadgeData } from './badge-data';
import type { OutputFormat } from './printers';
import type { BadgeTemplate } from './template';
import { PrintError } from './transports/print-error';

export interface RenderedBadge {
  bytes: Buffer;
  /** The page, for formats that have one (PDF, HTML): what an OS printer is told to use. */
  page: { widthMm: number; heightMm: number } | null;
  /** What the badge shows differently from the registration ("name shortened to fit"); usually empty. */
  notes: string[];
}

/**
 * A name of 300 characters, emoji or control characters still print (cut to fit, left out): a
 * guest at the door needs a badge more than a refusal. What was changed is in `notes`, which the
 * print job keeps, so staff see that the badge differs. Only what cannot print at all fails.
 */
export async function renderBadge(template: BadgeTemplate, data: BadgeData, format: OutputFormat): Promise<RenderedBadge> {
  // A configured logo that is not there is a set-up mistake staff must see, not a silent omission.
  if (data.logoPath && !existsSync(data.logoPath)) throw new PrintError(`logo file not found: ${data.logoPath}`, false);
  if (data.logoPath && !/\.(png|jpe?g)$/i.test(data.logoPath)) throw new PrintError(`logo must be a PNG or JPEG file: ${data.logoPath}`, false);
  if (format.kind === 'escpos') {
    const notes = new Set<string>();
    const { renderEscpos } = await import('./escpos');
    const bytes = await renderEscpos(template, data, format.model, notes, format.dpi);
    return { bytes, page: null, notes: [...notes] };
  }
  // The layout (and qrcode with it) loads with the first badge, not with every kiosk start.
  const [{ measureText }, { layoutBadge }] = await Promise.all([import('./fonts'), import('./layout')]);
  const layout = layoutBadge(template, data, measureText);
  const page = { widthMm: layout.widthMm, heightMm: layout.heightMm };
  const title = `Badge ${data.firstName} ${data.lastName}`.trim();
  if (format.kind === 'zpl') {
    const { renderZpl } = await import('./zpl');
    return { bytes: Buffer.from(renderZpl(layout, format.dpi, format.font), 'utf8'), page, notes: layout.notes };
  }
  if (format.kind === 'html') {
    const { renderHtml } = await import('./html');
    return { bytes: Buffer.from(renderHtml(layout, title), 'utf8'), page, notes: layout.notes };
  }
  const { renderPdf } = await import('./pdf');
  try {
    return { bytes: await renderPdf(layout, title), page, notes: layout.notes };
  } catch (error) {
    throw new PrintError(`cannot render the badge: ${(error as Error).message}`, false);
  }
}

export function fileExtensionOf(format: OutputFormat): string {
  return format.kind === 'escpos' ? 'bin' : format.kind;
}
