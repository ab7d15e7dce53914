/**
 * The self-service kiosk (guests find themselves and print their own badge) and the setup screens
 * (printer and badge choice, a test badge). A guest's screen never receives another guest's data:
 * the core answers a "Find me" only with the one exact match, and with nothing otherwise.
 */
import { z } from 'zod';
import { verdict } from '../domain/checkin';
import { method } from './define';
import { printJob } from './print';

/** What the kiosk's screen is: the staff desk, the guests' self-service kiosk, or badge pickup (print, no check-in). */
export const kioskMode = z.enum(['desk', 'self-service', 'print-only']);
export type KioskMode = z.infer<typeof kioskMode>;

/** The least a guest's screen shows: the name and company on the badge, nothing else (no email, no note). */
export const selfServiceGuest = z.object({
  code: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  company: z.string(),
  ticketType: z.string(),
});
export type SelfServiceGuest = z.infer<typeof selfServiceGuest>;

/**
 * ready: the badge can print (and the guest be checked in); already_in: checked in before, see
 * `reprintAllowed`; refused: the guest must see the desk (unknown, cancelled, wrong event, doors…).
 */
export const selfServiceOutcome = z.enum(['ready', 'already_in', 'refused']);

export const selfServiceLookup = z.object({
  outcome: selfServiceOutcome,
  /** null for every refusal of an unknown code and for a "Find me" without exactly one match. */
  guest: selfServiceGuest.nullable(),
  /** The verdict a check-in would get now (nothing was written). */
  verdict,
  /** already_in: whether this guest may still print a badge here (at most one reprint a guest). */
  reprintAllowed: z.boolean(),
});
export type SelfServiceLookup = z.infer<typeof selfServiceLookup>;

/** "Find me": the last name and the first 3 letters of the email, or the booking code. */
export const selfServiceFindInput = z.union([
  z.object({ lastName: z.string().trim().min(1).max(100), emailStart: z.string().trim().min(3).max(3) }).strict(),
  z.object({ bookingCode: z.string().trim().min(3).max(200) }).strict(),
]);
export type SelfServiceFindInput = z.infer<typeof selfServiceFindInput>;

export const selfServiceConfirmInput = z
  .object({
    code: z.string().min(1).max(2000),
    /** An already checked-in guest asks for their one reprint. */
    reprint: z.boolean().default(false),
  })
  .strict();

export const selfServiceConfirmResult = z.object({
  /** The check-in written (source self_service); null in print-only mode and for a reprint. */
  checkinId: z.string().nullable(),
  verdict,
  /** The badge's print job (progress: `printer.status` events); null when the guest already has their badge. */
  job: printJob.nullable(),
  /** needs_attention: the guest should also see the desk (staff have a note for them). */
  seeDesk: z.boolean(),
});
export type SelfServiceConfirmResult = z.infer<typeof selfServiceConfirmResult>;

/** A printer's name: a letter or digit first, then letters, digits, . _ -, at most 64 (setup's form checks it too). */
export const printerNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const printerName = z.string().regex(printerNamePattern, 'letters, digits, . _ - (up to 64)');

/** A printer chosen in setup: a detected CUPS queue, a network printer on raw TCP, or a PDF folder. */
export const printerChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cups'), name: printerName, queue: z.string().min(1).max(200) }).strict(),
  z
    .object({
      kind: z.literal('tcp'),
      name: printerName,
      host: z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.:[\]-]+$/, 'a host name or IP address'),
      port: z.number().int().min(1).max(65535).default(9100),
      language: z.enum(['zpl', 'escpos']),
      dpi: z.union([z.literal(203), z.literal(300)]).default(203),
    })
    .strict(),
  z.object({ kind: z.literal('folder'), name: printerName, dir: z.string().trim().min(1).max(1000) }).strict(),
]);
export type PrinterChoice = z.input<typeof printerChoice>;

export const printConfigureInput = z
  .object({
    /** Adds the printer to print.json (or replaces the one of that name). */
    printer: printerChoice.optional(),
    /** The default printer's name (one of `print.printers`). */
    defaultPrinter: printerName.optional(),
    /** The default badge template (one of `print.templates`). */
    defaultTemplate: z.string().min(1).max(100).optional(),
  })
  .strict();

export const printConfigureResult = z.object({ defaultPrinter: z.string(), defaultTemplate: z.string() });

export const printTestResult = z.object({
  ok: z.boolean(),
  printer: z.string(),
  template: z.string(),
  /** Why the test badge did not print ("printer offline", "connection refused"…), or null. */
  error: z.string().nullable(),
  ms: z.number().nonnegative(),
});

export const selfServiceWelcome = z.object({
  mode: kioskMode,
  /** The current event's name ('' when the kiosk has none yet). */
  eventName: z.string(),
  /** The attract screen's colour, "#rrggbb": the event's accent, or the app's default when it has none. */
  color: z.string(),
});
export type SelfServiceWelcome = z.infer<typeof selfServiceWelcome>;

export const badgePreview = z.object({
  template: z.string(),
  widthMm: z.number(),
  heightMm: z.number(),
  /** The badge as an SVG image (the same layout as the printed PDF). */
  svg: z.string(),
  /** Whose badge it shows: a real attendee's, or the sample guest's when the kiosk has none. */
  sample: z.boolean(),
  notes: z.array(z.string()),
});
export type BadgePreview = z.infer<typeof badgePreview>;

export const selfServiceMethods = {
  'selfService.welcome': method({
    summary: "The attract screen's event name and colour, and the kiosk's mode.",
    input: z.object({}).strict(),
    output: selfServiceWelcome,
  }),
  'selfService.lookup': method({
    summary: 'A scanned ticket on the self-service kiosk: the guest (name, company) and whether the badge can print; writes nothing.',
    input: z.object({ code: z.string().max(65_536) }).strict(),
    output: selfServiceLookup,
  }),
  'selfService.find': method({
    summary: '"Find me": last name and the first 3 letters of the email, or the booking code; the one exact match, or nothing (zero or several matches show nothing).',
    input: selfServiceFindInput,
    output: selfServiceLookup,
  }),
  'selfService.confirm': method({
    summary: 'The guest confirmed: check in (source self_service; not in print-only mode) and queue the badge; an already checked-in guest gets one reprint.',
    input: selfServiceConfirmInput,
    output: selfServiceConfirmResult,
  }),
  'selfService.preview': method({
    summary: '"Is this you?": the guest\'s badge as SVG with the QR code masked (a grey box with `qrLabel`), so the screen never shows a scannable ticket; refused for a code the kiosk would not print.',
    input: z.object({ code: z.string().min(1).max(2000), qrLabel: z.string().trim().min(1).max(100).default('QR code printed on your badge') }).strict(),
    output: badgePreview,
  }),
  'print.configure': method({
    summary: 'Setup: add a printer (CUPS queue, TCP 9100, PDF folder) to print.json and choose the default printer and badge template.',
    input: printConfigureInput,
    output: printConfigureResult,
  }),
  'print.preview': method({
    summary: "A badge as SVG for the screen: the attendee's (default: the current event's first valid attendee, else the sample guest), with a template (default: the kiosk's).",
    input: z.object({ code: z.string().min(1).max(2000).optional(), template: z.string().min(1).max(100).optional() }).strict(),
    output: badgePreview,
  }),
  'print.test': method({
    summary: 'Print a test badge (sample guest) on a printer now, bypassing the queue, and answer its outcome.',
    input: z.object({ printer: printerName, template: z.string().min(1).max(100).optional() }).strict(),
    output: printTestResult,
  }),
};
