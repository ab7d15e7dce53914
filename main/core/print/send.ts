/** Sends a rendered badge to a printer through the transport its kind calls for. */
import type { Printer } from './printers';
import type { RenderedBadge } from './render';
import { sendCups } from './transports/cups';
import { writeToFolder } from './transports/folder';
import { sendOs, type OsPrinting } from './transports/os';
import { escposStatusQuery, sendTcp, zplStatusQuery } from './transports/tcp';

export async function sendToPrinter(
  printer: Printer,
  badge: Pick<RenderedBadge, 'bytes' | 'page'>,
  /** `fileName`: the start of the file's name in a PDF folder, before the job's short id. */
  job: { id: string; title: string; fileName: string; extension: string },
  os?: OsPrinting,
): Promise<void> {
  const payload = badge.bytes;
  switch (printer.kind) {
    case 'cups':
      return sendCups(printer.queue ?? printer.name, job.title, payload, { timeoutMs: printer.timeoutMs });
    case 'tcp':
      return sendTcp(
        {
          host: printer.host,
          port: printer.port,
          timeoutMs: printer.timeoutMs,
          ...(printer.statusQuery ? { statusQuery: printer.language === 'zpl' ? zplStatusQuery : escposStatusQuery } : {}),
        },
        payload,
      );
    case 'folder':
      writeToFolder(printer.dir, `${job.fileName}-${job.id.slice(0, 8)}`, job.extension, payload);
      return;
    case 'os':
      // An HTML badge always has a page (render.ts); a receipt's height is its content's.
      return sendOs(os, { name: printer.name, device: printer.device ?? printer.name, timeoutMs: printer.timeoutMs }, { html: payload, widthMm: badge.page!.widthMm, heightMm: badge.page!.heightMm, title: job.title });
  }
}
