/** Handlers for the `print.*` part of the contract: thin over the printing service. */
import { currentEventId } from '../db/settings-queries';
import type { KioskContext } from '../kiosk';
import { builtinFolderPrinter, listPrinters, type OutputFormat, type Printer } from '../print/printers';
import { PrintService } from '../print/service';
import type { Handlers } from '../router';

type PrintMethod = 'print.templates' | 'print.printers' | 'print.badge' | 'print.reprint' | 'print.retry' | 'print.jobs' | 'print.log' | 'print.render' | 'print.configure' | 'print.test' | 'print.preview';

function targetOf(p: Printer): string {
  switch (p.kind) {
    case 'cups':
      return `cups:${p.queue ?? p.name}`;
    case 'tcp':
      return `tcp://${p.host}:${p.port}`;
    case 'os':
      return `os:${p.device ?? p.name}`;
    case 'folder':
      return p.dir;
  }
}

/** The kiosk's one printing service (the print and self-service handlers share its queue). */
export function printService(context: KioskContext): PrintService {
  return new PrintService({
    dataDir: context.dataDir,
    bus: context.bus,
    // Opened on first use: listing templates or printers needs no replica.
    db: () => context.replica(),
    closers: context.closers,
    background: context.face !== 'cli',
    clock: context.clock,
    os: context.osPrinting,
  });
}

export function printHandlers(context: KioskContext, service: PrintService = printService(context)): Pick<Handlers, PrintMethod> {
  // The app and the browser host print in the background from the moment they start, and pick up
  // jobs a crash left behind; the CLI only prints what it is asked to.
  let closed = false;
  context.closers.push(() => (closed = true));
  if (context.face !== 'cli') {
    setImmediate(() => {
      if (closed) return;
      try {
        void service.queue;
      } catch (error) {
        console.error(`arrivals: print queue not started: ${(error as Error).message}`);
      }
    });
  }

  return {
    'print.templates': () =>
      service.templates().map((t) => ({ name: t.name, title: t.title, stock: t.stock, version: t.version, widthMm: t.page.widthMm, heightMm: t.page.heightMm })),
    'print.printers': async () => {
      const config = service.config();
      const defaultName = config.defaultPrinter ?? builtinFolderPrinter;
      const { printers, notes } = await listPrinters(context.dataDir, config, { cups: true, os: context.osPrinting });
      return {
        printers: printers.map((p) => ({
          name: p.name,
          kind: p.kind,
          language: p.kind === 'cups' ? ('pdf' as const) : p.kind === 'os' ? ('html' as const) : p.language,
          target: targetOf(p),
          source: p.source,
          isDefault: p.name === defaultName,
          template: p.template ?? null,
        })),
        notes,
      };
    },
    'print.badge': (input) => service.enqueue(input, input.mode),
    'print.reprint': (input) => service.enqueue(input, 'reprint'),
    'print.retry': async (input) => ({ job: await service.retry(input.jobId, input.wait) }),
    'print.jobs': (input) => ({ jobs: service.jobs(input.code, input.limit) }),
    'print.log': (input) => ({ entries: service.log(input.code) }),
    'print.configure': async (input) => {
      const { configurePrinting } = await import('../print/print-setup');
      return configurePrinting(context.dataDir, input);
    },
    'print.preview': (input) =>
      service.preview(input.code, input.template, () => {
        const db = context.replica();
        const eventId = currentEventId(db);
        return eventId ? (db.prepare("SELECT code FROM attendees WHERE event_id = ? AND status = 'valid' AND first_name <> '' ORDER BY id LIMIT 1").get(eventId) as { code: string } | undefined)?.code : undefined;
      }),
    'print.test': (input) => service.testBadge(input.printer, input.template),
    'print.render': async (input) => {
      const format: OutputFormat =
        input.format === 'zpl' ? { kind: 'zpl' as const, dpi: input.dpi } : input.format === 'escpos' ? { kind: 'escpos' as const, model: input.model, dpi: input.dpi } : { kind: input.format };
      const { template, bytes, notes } = await service.render(input.code, input.template, format);
      return { format: input.format, template, bytes: bytes.length, base64: bytes.toString('base64'), notes };
    },
  };
}
