/** Badge printing: templates, printers, the durable print queue and one-off renders. */
import { z } from 'zod';
import { method, noInput } from './define';

export const printJobState = z.enum(['queued', 'printing', 'done', 'failed']);
export const printJobReason = z.enum(['auto', 'manual', 'reprint']);
/** Who asked for the badge: staff (desk, CLI, auto-print) or a guest at a self-service kiosk (whose one reprint counts these). */
export const printJobSource = z.enum(['staff', 'self_service']);

export const printJob = z.object({
  id: z.string(),
  code: z.string(),
  /** The guest's name as registered ('' when the code is not in the replica): what staff look for. */
  name: z.string(),
  printer: z.string(),
  template: z.string(),
  /** auto: printed at check-in (at most once per attendee); manual: staff; reprint: staff, again. */
  reason: printJobReason,
  source: printJobSource,
  state: printJobState,
  attempts: z.number().int().nonnegative(),
  maxAttempts: z.number().int().positive(),
  /** Why the last attempt failed, readable ("printer offline", "out of paper"). */
  error: z.string().nullable(),
  /**
   * What the printed badge shows differently from the registration: "name shortened to fit",
   * "emoji left out of the name", "control characters left out of the company"… Usually empty.
   */
  notes: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type PrintJob = z.infer<typeof printJob>;

export const templateInfo = z.object({
  name: z.string(),
  title: z.string(),
  stock: z.string(),
  version: z.number().int(),
  widthMm: z.number(),
  /** null: continuous roll (receipt). */
  heightMm: z.number().nullable(),
});

export const printerInfo = z.object({
  name: z.string(),
  /** os: a printer the desktop app prints to through the OS (Electron, silently, by device name). */
  kind: z.enum(['cups', 'tcp', 'folder', 'os']),
  /** What the printer is sent: a PDF, ZPL, ESC/POS, or (os) an HTML page the app prints. */
  language: z.enum(['pdf', 'zpl', 'escpos', 'html']),
  /** Where it goes: the CUPS queue, host:port, the folder, or the OS device. */
  target: z.string(),
  source: z.enum(['config', 'cups', 'builtin', 'os']),
  isDefault: z.boolean(),
  template: z.string().nullable(),
});

const printRequest = z
  .object({
    code: z.string().min(1).max(2000),
    /** Default: print.json's defaultPrinter, else the PDF folder. */
    printer: z.string().min(1).max(200).optional(),
    /** Default: the printer's template, print.json's defaultTemplate, else badge-4x3. */
    template: z.string().min(1).max(100).optional(),
    /** Resolve only when the job is done or has failed for good (the CLI waits; the UI listens). */
    wait: z.boolean().default(false),
  })
  .strict();

const enqueued = z.object({
  /** null when auto-print skipped the attendee (see `skipped`). */
  job: printJob.nullable(),
  skipped: z.string().nullable(),
});

export const printMethods = {
  'print.templates': method({
    summary: 'The badge templates this kiosk can print (shipped and from DATA/templates/).',
    input: noInput,
    output: z.array(templateInfo),
  }),
  'print.printers': method({
    summary: 'Printers available: CUPS queues, network printers from DATA/print.json, the PDF folder.',
    input: noInput,
    output: z.object({ printers: z.array(printerInfo), notes: z.array(z.string()) }),
  }),
  'print.badge': method({
    summary: "Queue an attendee's badge; mode auto prints only if no badge was printed for them yet.",
    input: printRequest.extend({ mode: z.enum(['auto', 'manual']).default('manual') }),
    output: enqueued,
  }),
  'print.reprint': method({
    summary: 'Staff reprint: queue the badge again, whatever the print log says.',
    input: printRequest,
    output: enqueued,
  }),
  'print.retry': method({
    summary: 'Try a failed print job again (fresh attempts).',
    input: z.object({ jobId: z.string().min(1), wait: z.boolean().default(false) }).strict(),
    output: z.object({ job: printJob }),
  }),
  'print.jobs': method({
    summary: 'Recent print jobs, newest first, optionally for one ticket code.',
    input: z.object({ code: z.string().optional(), limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.object({ jobs: z.array(printJob) }),
  }),
  'print.log': method({
    summary: 'Badges printed for one attendee (the log auto-print checks).',
    input: z.object({ code: z.string().min(1) }).strict(),
    output: z.object({
      entries: z.array(z.object({ jobId: z.string(), printer: z.string(), template: z.string(), reason: printJobReason, source: printJobSource, printedAt: z.string() })),
    }),
  }),
  'print.render': method({
    summary: "Render an attendee's badge to bytes (PDF, ZPL or ESC/POS) without printing it.",
    input: z
      .object({
        code: z.string().min(1).max(2000),
        template: z.string().min(1).max(100).optional(),
        /** html: the page the desktop app prints to an OS printer. */
        format: z.enum(['pdf', 'zpl', 'escpos', 'html']),
        dpi: z.union([z.literal(203), z.literal(300)]).default(203),
        model: z.enum(['epson', 'star']).default('epson'),
      })
      .strict(),
    output: z.object({
      format: z.enum(['pdf', 'zpl', 'escpos', 'html']),
      template: z.string(),
      bytes: z.number().int(),
      base64: z.string(),
      /** As a print job's notes: what the badge shows differently from the registration. */
      notes: z.array(z.string()),
    }),
  }),
};
