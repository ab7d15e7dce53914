/**
 * The durable print queue. A job row is written before anything is printed; the worker claims one
 * due job at a time, renders it from the replica's current data and sends it. Outcomes are pushed
 * as `printer.status` events. A retryable failure (printer offline, out of paper, connection cut)
 * goes back to 'queued' with a back-off; a final failure stays 'failed' until staff retry it. A
 * self-service job (no staff beside the guest, who was told "your badge prints as soon as the
 * printer is back") is held past its attempts while the printer stays offline: it keeps retrying
 * for `holdSelfServiceMs` after it was queued, then fails. Every failure is contained to its job:
 * the next job runs whatever the last one did.
 */
import { randomUUID } from 'node:crypto';
import { isoFromNow, type Clock } from '../../../common/clock';
import type { Database } from '../db/open';
import {
  claimJob,
  failJob,
  finishJob,
  getPrintJob,
  insertPrintJob,
  jobNotes,
  nextDueJob,
  nextWakeAt,
  recoverInterruptedJobs,
  type JobReason,
  type JobSource,
  type PrintJobRow,
} from '../db/print-queries';
import type { EventBus } from '../event-bus';
import { PrintError } from './transports/print-error';

/**
 * Renders and sends one job, resolving with its notes (what the badge shows differently from the
 * registration); throws PrintError (or anything, treated as a final failure).
 */
export type JobRunner = (job: PrintJobRow) => Promise<string[]>;

export interface PrintQueueOptions {
  db: Database;
  bus: EventBus;
  run: JobRunner;
  /** Waits before automatic retries 1, 2, …; the last one repeats. */
  retryDelaysMs: number[];
  /** The kiosk's clock: job times and retry back-off. */
  clock: Clock;
  /** How long a self-service job keeps retrying a printer that is offline, after its attempts (default 10 min). */
  holdSelfServiceMs?: number;
  /** The wait between those held retries (default 10 s, or the last back-off when shorter). */
  heldRetryMs?: number;
}

/** What the guest is promised on screen ("the kiosk keeps trying for 10 minutes"). */
export const defaultSelfServiceHoldMs = 10 * 60_000;

export class PrintQueue {
  private cancelTimer: (() => void) | undefined;
  private running = false;
  private started = false;
  private stopped = false;
  private readonly waiters = new Map<string, Array<(job: PrintJobRow) => void>>();

  constructor(private readonly options: PrintQueueOptions) {}

  private iso(offsetMs = 0): string {
    return isoFromNow(this.options.clock, offsetMs);
  }

  /** Re-queues jobs a crash left 'printing' and starts working through the queue. */
  start(): string[] {
    const recovered = recoverInterruptedJobs(this.options.db, this.iso());
    for (const id of recovered) this.emit(getPrintJob(this.options.db, id)!, 'interrupted by a restart; printing again');
    this.started = true;
    this.kick();
    return recovered;
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
  }

  enqueue(job: { code: string; printer: string; template: string; reason: JobReason; source?: JobSource; maxAttempts: number }): PrintJobRow {
    const id = randomUUID();
    insertPrintJob(this.options.db, { id, ...job }, this.iso());
    const row = getPrintJob(this.options.db, id)!;
    this.emit(row);
    this.kick();
    return row;
  }

  /** Resolves when the job is done or has failed for good. Without the worker, runs it here. */
  async waitFor(id: string): Promise<PrintJobRow> {
    const current = getPrintJob(this.options.db, id);
    if (!current) throw new Error(`no print job ${id}`);
    if (current.state === 'done' || current.state === 'failed') return current;
    if (!this.started) return this.drive(id);
    return new Promise((resolve) => {
      const list = this.waiters.get(id) ?? [];
      list.push(resolve);
      this.waiters.set(id, list);
    });
  }

  /** Wakes the worker (after an enqueue, a retry request, or a timer). */
  kick(): void {
    if (!this.started || this.stopped || this.running) return;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.running = true;
    // Deferred: a caller inside a transaction (enqueue) commits before the worker claims the job.
    setImmediate(() => {
      this.loop()
        .catch((error: unknown) => {
          // Only the database itself failing (closed at shutdown, disk gone) lands here.
          if (!this.stopped) console.error(`arrivals: print queue stopped: ${(error as Error).message}`);
        })
        .finally(() => {
          this.running = false;
        });
    });
  }

  private async loop(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const job = nextDueJob(this.options.db, this.iso());
      if (!job) break;
      await this.attempt(job.id);
    }
    const wake = nextWakeAt(this.options.db);
    if (wake && !this.stopped) {
      const delay = Math.max(50, Date.parse(wake) - this.options.clock.now());
      this.cancelTimer = this.options.clock.setTimer(delay, () => this.kick(), { background: true });
    }
  }

  /** The CLI has no background worker: it drives its own job through its attempts. */
  private async drive(id: string): Promise<PrintJobRow> {
    for (;;) {
      const job = getPrintJob(this.options.db, id)!;
      if (job.state === 'done' || job.state === 'failed') return job;
      const wait = Date.parse(job.next_attempt_at) - this.options.clock.now();
      if (wait > 0) await this.sleep(wait);
      if (job.state === 'printing') await this.sleep(200); // another process has it
      else await this.attempt(id);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.options.clock.setTimer(ms, resolve));
  }

  private async attempt(id: string): Promise<void> {
    const { db } = this.options;
    if (!claimJob(db, id, this.iso())) return;
    const job = getPrintJob(db, id)!;
    this.emit(job);
    try {
      const notes = await this.options.run(job);
      finishJob(db, { id, code: job.attendee_code, printer: job.printer, template: job.template, reason: job.reason, source: job.source, notes }, this.iso());
      this.settle(getPrintJob(db, id)!);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const transient = error instanceof PrintError && error.retryable;
      const delays = this.options.retryDelaysMs;
      let delay = delays[Math.min(job.attempts - 1, delays.length - 1)] ?? 1000;
      const held = transient && job.attempts >= job.max_attempts && this.holds(job);
      if (held) delay = Math.min(delay, this.options.heldRetryMs ?? 10_000);
      const retryable = (transient && job.attempts < job.max_attempts) || held;
      failJob(db, id, reason, retryable ? this.iso(delay) : null, this.iso());
      const after = getPrintJob(db, id)!;
      if (held) this.emit(after, `${reason}; the badge prints when the printer is back (trying again in ${Math.round(delay / 1000)} s)`);
      else if (retryable) this.emit(after, `${reason}; retrying in ${Math.round(delay / 1000)} s (attempt ${job.attempts + 1} of ${job.max_attempts})`);
      else this.settle(after);
    }
  }

  /** A guest's own badge waits for the printer to come back, for a while: nobody is there to press retry. */
  private holds(job: PrintJobRow): boolean {
    if (job.source !== 'self_service') return false;
    return this.options.clock.now() - Date.parse(job.created_at) < (this.options.holdSelfServiceMs ?? defaultSelfServiceHoldMs);
  }

  private settle(job: PrintJobRow): void {
    this.emit(job);
    const list = this.waiters.get(job.id);
    this.waiters.delete(job.id);
    list?.forEach((resolve) => resolve(job));
  }

  private emit(job: PrintJobRow, reason?: string): void {
    const why = reason ?? job.error ?? undefined;
    const notes = job.state === 'done' ? jobNotes(job) : [];
    this.options.bus.emit('printer.status', {
      jobId: job.id,
      printer: job.printer,
      code: job.attendee_code,
      state: job.state,
      attempts: job.attempts,
      ...(why && job.state !== 'done' ? { reason: why } : {}),
      ...(notes.length ? { notes } : {}),
    });
  }
}
