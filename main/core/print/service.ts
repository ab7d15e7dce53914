/**
 * The printing service behind the `print.*` methods: it reads the kiosk's print settings and
 * templates, builds badge data from the replica, and owns the print queue. The replica is opened
 * on first use, so `arrivals templates` and `arrivals printers` work on any data directory.
 */
import { nowIso, type Clock } from '../../../common/clock';
import type { PrintJob } from '../../../common/contract/print';
import { ArrivalsError } from '../../../common/contract/index';
import type { Database } from '../db/open';
import { badgeRow, getPrintJob, hasBadgeOrPendingJob, jobNotes, listPrintJobs, printLog, requeueJob, type JobReason, type JobSource, type PrintJobRow } from '../db/print-queries';
import type { EventBus } from '../event-bus';
import { randomUUID } from 'node:crypto';
import { sampleBadge, type BadgeData } from './badge-data';
import { PrintQueue } from './queue';
import type { SvgOptions } from './svg';
import { fileExtensionOf, renderBadge } from './render';
import { sendToPrinter } from './send';
import { builtinFolderPrinter, findPrinter, inDataDir, loadPrintConfig, outputFormatOf, type OutputFormat, type PrintConfig } from './printers';
import { defaultTemplateName, findTemplate, loadTemplates } from './templates';
import { nameSlug } from './transports/folder';
import { PrintError } from './transports/print-error';
import type { OsPrinting } from './transports/os';

export interface PrintServiceOptions {
  dataDir: string;
  bus: EventBus;
  db: () => Database;
  /** The kiosk's closers; the queue adds its stop after the replica's close is registered. */
  closers: Array<() => void>;
  /** Long-running faces run the worker; the CLI drives only the job it queued. */
  background: boolean;
  retryDelaysMs?: number[];
  clock: Clock;
  /** The desktop app's OS printers; absent in the browser host and the CLI. */
  os?: OsPrinting | undefined;
}

export function toPrintJob(row: PrintJobRow): PrintJob {
  return {
    id: row.id,
    code: row.attendee_code,
    name: row.attendee_name ?? '',
    printer: row.printer,
    template: row.template,
    reason: row.reason,
    source: row.source,
    state: row.state,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    notes: jobNotes(row),
  };
}

function noAttendee(code: string): ArrivalsError {
  return new ArrivalsError('not_found', `no attendee with ticket code "${code.length > 40 ? code.slice(0, 40) + '…' : code}"`);
}

export class PrintService {
  private queueInstance: PrintQueue | undefined;

  constructor(private readonly options: PrintServiceOptions) {}

  config(): PrintConfig {
    return loadPrintConfig(this.options.dataDir);
  }

  templates() {
    return loadTemplates(this.options.dataDir);
  }

  get queue(): PrintQueue {
    if (!this.queueInstance) {
      const db = this.options.db();
      // Closers run in reverse order: pushed after the replica's, the queue stops before it closes.
      this.options.closers.push(() => this.close());
      this.queueInstance = new PrintQueue({
        db,
        bus: this.options.bus,
        run: (job) => this.runJob(job),
        clock: this.options.clock,
        retryDelaysMs: this.options.retryDelaysMs ?? (this.options.background ? [2000, 10_000, 30_000] : [500, 1500]),
      });
      if (this.options.background) this.queueInstance.start();
    }
    return this.queueInstance;
  }

  close(): void {
    this.queueInstance?.stop();
  }

  badgeData(code: string, config: PrintConfig): BadgeData {
    const row = badgeRow(this.options.db(), code);
    if (!row) throw noAttendee(code);
    let badgeFields: Record<string, string> = {};
    try {
      const parsed: unknown = JSON.parse(row.badge_fields);
      if (parsed && typeof parsed === 'object') badgeFields = Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    } catch {
      // A malformed free-fields column prints a badge without free fields rather than none.
    }
    return {
      code: row.code,
      firstName: row.first_name,
      lastName: row.last_name,
      company: row.company,
      email: row.email,
      ticketType: row.ticket_type,
      ticketColor: /^#[0-9a-fA-F]{6}$/.test(row.color ?? '') ? row.color! : '#1f6feb',
      eventName: row.event_name ?? '',
      badgeFields,
      logoPath: config.logo ? inDataDir(this.options.dataDir, config.logo) : null,
    };
  }

  async render(code: string, templateName: string | undefined, format: OutputFormat): Promise<{ template: string; bytes: Buffer; notes: string[] }> {
    const config = this.config();
    const template = findTemplate(this.templates(), templateName ?? config.defaultTemplate ?? defaultTemplateName);
    const data = this.badgeData(code, config);
    try {
      return { template: template.name, ...(await renderBadge(template, data, format)) };
    } catch (error) {
      if (error instanceof PrintError) throw new ArrivalsError('bad_input', error.message);
      throw error;
    }
  }

  /** Queues a badge. Auto mode is idempotent per attendee: one badge, however often they scan. */
  async enqueue(
    input: { code: string; printer?: string; template?: string; wait: boolean; source?: JobSource },
    reason: JobReason,
    /** Checked in the same write transaction as the insert: a reason to skip the job, or null to queue it. */
    onlyIf?: () => string | null,
  ): Promise<{ job: PrintJob | null; skipped: string | null }> {
    const config = this.config();
    const db = this.options.db();
    if (!badgeRow(db, input.code)) throw noAttendee(input.code);
    const printerName = input.printer ?? config.defaultPrinter ?? builtinFolderPrinter;
    const printerTemplate = config.printers.find((p) => p.name === printerName)?.template;
    const template = input.template ?? printerTemplate ?? config.defaultTemplate ?? defaultTemplateName;
    // The check and the insert in one write transaction: two scans of the same guest at two
    // kiosks sharing a replica cannot both queue an automatic badge.
    const queue = this.queue;
    let skipped = 'a badge was already printed (or is queued) for this attendee';
    const row = db
      .transaction(() => {
        if (reason === 'auto' && hasBadgeOrPendingJob(db, input.code)) return null;
        const refusal = onlyIf?.() ?? null;
        if (refusal) {
          skipped = refusal;
          return null;
        }
        return queue.enqueue({ code: input.code, printer: printerName, template, reason, source: input.source ?? 'staff', maxAttempts: config.maxAttempts });
      })
      .immediate();
    if (!row) return { job: null, skipped };
    return { job: toPrintJob(input.wait ? await this.queue.waitFor(row.id) : row), skipped: null };
  }

  async retry(jobId: string, wait: boolean): Promise<PrintJob> {
    const db = this.options.db();
    const job = getPrintJob(db, jobId);
    if (!job) throw new ArrivalsError('not_found', `no print job ${jobId}`);
    if (job.state !== 'failed') throw new ArrivalsError('conflict', `print job ${jobId} is ${job.state}, not failed`);
    requeueJob(db, jobId, nowIso(this.options.clock));
    this.queue.kick();
    return toPrintJob(wait ? await this.queue.waitFor(jobId) : getPrintJob(db, jobId)!);
  }

  jobs(code: string | undefined, limit: number): PrintJob[] {
    return listPrintJobs(this.options.db(), code === undefined ? { limit } : { code, limit }).map(toPrintJob);
  }

  log(code: string) {
    return printLog(this.options.db(), code).map((r) => ({ jobId: r.job_id, printer: r.printer, template: r.template, reason: r.reason, source: r.source, printedAt: r.printed_at }));
  }

  /**
   * A badge as SVG for the screen; without a code, the current event's first valid attendee, else
   * the sample guest. `maskQr`: a grey box with that label instead of the QR (a guest's screen).
   */
  async preview(code: string | undefined, templateName: string | undefined, fallbackCode: () => string | undefined, options: SvgOptions = {}) {
    const config = this.config();
    const template = findTemplate(this.templates(), templateName ?? config.defaultTemplate ?? defaultTemplateName);
    const chosen = code ?? fallbackCode();
    const data = chosen ? this.badgeData(chosen, config) : sampleBadge;
    const [{ measureText }, { layoutBadge }, { renderSvg }] = await Promise.all([import('./fonts'), import('./layout'), import('./svg')]);
    let layout;
    try {
      layout = layoutBadge(template, data, measureText);
    } catch (error) {
      if (error instanceof PrintError) throw new ArrivalsError('bad_input', error.message);
      throw error;
    }
    return { template: template.name, widthMm: layout.widthMm, heightMm: layout.heightMm, svg: renderSvg(layout, options), sample: !chosen, notes: layout.notes };
  }

  /** A test badge (the sample guest) sent to a printer now, outside the queue: its outcome, for setup. */
  async testBadge(printerName: string, templateName: string | undefined): Promise<{ ok: boolean; printer: string; template: string; error: string | null; ms: number }> {
    const started = this.options.clock.now();
    const config = this.config();
    const printer = await findPrinter(this.options.dataDir, config, printerName, this.options.os);
    const template = findTemplate(this.templates(), templateName ?? printer.template ?? config.defaultTemplate ?? defaultTemplateName);
    const format = outputFormatOf(printer);
    try {
      const badge = await renderBadge(template, { ...sampleBadge, code: 'ARRIVALS-TEST-BADGE', eventName: 'Test badge' }, format);
      const id = randomUUID();
      await sendToPrinter(printer, badge, { id, title: 'arrivals-test-badge', fileName: 'test-badge', extension: fileExtensionOf(format) }, this.options.os);
      return { ok: true, printer: printer.name, template: template.name, error: null, ms: this.options.clock.now() - started };
    } catch (error) {
      return { ok: false, printer: printer.name, template: template.name, error: (error as Error).message, ms: this.options.clock.now() - started };
    }
  }

  /**
   * One attempt of one job: everything is looked up now, so a fixed setting fixes a retry.
   * Resolves with the badge's notes (what it shows differently from the registration).
   */
  private async runJob(job: PrintJobRow): Promise<string[]> {
    let config: PrintConfig;
    try {
      config = this.config();
    } catch (error) {
      throw new PrintError((error as Error).message, false);
    }
    const printer = await findPrinter(this.options.dataDir, config, job.printer, this.options.os).catch((error: Error) => {
      throw new PrintError(error.message, false);
    });
    let template;
    let data: BadgeData;
    try {
      template = findTemplate(this.templates(), job.template);
      data = this.badgeData(job.attendee_code, config);
    } catch (error) {
      throw new PrintError((error as Error).message, false);
    }
    const format = outputFormatOf(printer);
    const badge = await renderBadge(template, data, format);
    const title = `badge-${job.attendee_code.replace(/[^A-Za-z0-9-]/g, '').slice(0, 24) || 'attendee'}`;
    // In a PDF folder, staff find a badge by the guest's name: "ana-lima-1a2b3c4d.pdf".
    const fileName = nameSlug(`${data.firstName} ${data.lastName}`) || title;
    await sendToPrinter(printer, badge, { id: job.id, title, fileName, extension: fileExtensionOf(format) }, this.options.os);
    return badge.notes;
  }
}
