/** One badge, from attendee data to the bytes a printer (or a file) takes. */
import { existsSync } from 'node:fs';
import type { BadgeData } from './badge-data';
import { renderEscpos } from './escpos';
import { measureText } from './fonts';
import { layoutBadge } from './layout';
import { renderPdf } from './pdf';
import type { OutputFormat } from './printers';
import type { BadgeTemplate } from './template';
import { PrintError } from './transports/print-error';
import { renderZpl } from './zpl';

export async function renderBadge(template: BadgeTemplate, data: BadgeData, format: OutputFormat): Promise<Buffer> {
  // A configured logo that is not there is a set-up mistake staff must see, not a silent omission.
  if (data.logoPath && !existsSync(data.logoPath)) throw new PrintError(`logo file not found: ${data.logoPath}`, false);
  if (data.logoPath && !/\.(png|jpe?g)$/i.test(data.logoPath)) throw new PrintError(`logo must be a PNG or JPEG file: ${data.logoPath}`, false);
  if (format.kind === 'escpos') return renderEscpos(template, data, format.model);
  const layout = layoutBadge(template, data, measureText);
  if (format.kind === 'zpl') return Buffer.from(renderZpl(layout, format.dpi, format.font), 'utf8');
  try {
    return await renderPdf(layout, `Badge ${data.firstName} ${data.lastName}`.trim());
  } catch (error) {
    throw new PrintError(`cannot render the badge: ${(error as Error).message}`, false);
  }
}

export function fileExtensionOf(format: OutputFormat): string {
  return format.kind === 'pdf' ? 'pdf' : format.kind === 'zpl' ? 'zpl' : 'bin';
}
