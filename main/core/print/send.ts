/** Sends rendered badge bytes to a printer through the transport its kind calls for. */
import type { Printer } from './printers';
import { sendCups } from './transports/cups';
import { writeToFolder } from './transports/folder';
import { escposStatusQuery, sendTcp, zplStatusQuery } from './transports/tcp';

export async function sendToPrinter(printer: Printer, payload: Buffer, job: { id: string; title: string; extension: string }): Promise<void> {
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
      writeToFolder(printer.dir, `${job.title}-${job.id.slice(0, 8)}`, job.extension, payload);
      return;
  }
}
