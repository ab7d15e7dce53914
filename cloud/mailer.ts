/**
 * Sends the email outbox (store/outbox.ts) through SMTP with nodemailer (ARRIVALS_SMTP_URL). One
 * loop per server process, on the cloud's clock: it sends what is due, then sleeps until the next
 * due mail or the poll interval (other processes may queue mail too), and wakes at once when this
 * process queues one. A failed send is retried with exponential backoff (30 s, 1 min, 2 min, … up to
 * an hour); after `maxAttempts` the mail is `failed` and shows in the console, which can resend it.
 * The ticket mail carries the QR inline (cid) as a PNG and the code in text; it is built when it is
 * sent, so a re-issued ticket mails its current code.
 */
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import QRCode from 'qrcode';
import type { FastifyBaseLogger } from 'fastify';
import type { CloudDb } from './db/connect';
import type { EmailOutboxTable } from './db/schema';
import { claimEmail, dueEmails, markFailed, markSent, nextDue } from './store/outbox';

export interface MailerOptions {
  /** An SMTP URL (smtp://user:pass@host:587, smtps://…); nodemailer reads its options from it. */
  smtpUrl: string;
  from?: string | undefined;
  publicUrl: () => string;
  log?: FastifyBaseLogger;
  pollMs?: number;
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

export const qrContentId = 'ticket-qr@arrivals';

export class Mailer {
  private readonly transport: Transporter;
  private readonly pollMs: number;
  private readonly maxAttempts: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private cancelTimer: () => void = () => undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly cdb: CloudDb,
    private readonly options: MailerOptions,
  ) {
    this.transport = nodemailer.createTransport(options.smtpUrl);
    this.pollMs = options.pollMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.baseBackoffMs = options.baseBackoffMs ?? 30_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 3_600_000;
  }

  start(): void {
    this.wake();
  }

  /** Sends what is due now (a registration calls this after its commit). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves when the current pass (and any pass asked for meanwhile) is over. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelTimer();
    await this.idle();
    this.transport.close();
  }

  backoffMs(attempts: number): number {
    return Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** Math.max(0, attempts - 1));
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.sendDue();
      } catch (error) {
        this.options.log?.warn({ err: { message: (error as Error).message } }, 'email outbox pass failed');
      }
    } while (this.again && !this.stopped);
    if (!this.stopped) await this.schedule();
  }

  private async schedule(): Promise<void> {
    this.cancelTimer();
    let wait = this.pollMs;
    try {
      const next = await nextDue(this.cdb);
      if (next) wait = Math.max(0, Math.min(wait, Date.parse(next) - this.cdb.clock.now()));
    } catch {
      // The poll interval, then.
    }
    if (this.stopped) return;
    this.cancelTimer = this.cdb.clock.setTimer(wait, () => this.wake(), { background: true });
  }

  private async sendDue(): Promise<void> {
    for (;;) {
      const due = await dueEmails(this.cdb, 20);
      if (!due.length) return;
      for (const row of due) {
        if (this.stopped) return;
        // A lease longer than any send: a second process skips it; this one settles it below.
        if (!(await claimEmail(this.cdb, row, 10 * 60_000))) continue;
        try {
          await this.transport.sendMail(await this.ticketMail(row));
          await markSent(this.cdb, row.id);
        } catch (error) {
          const attempts = Number(row.attempts) + 1;
          const message = (error as { code?: string }).code ? `${(error as { code?: string }).code}: ${(error as Error).message}` : (error as Error).message;
          await markFailed(this.cdb, row, message, attempts >= this.maxAttempts ? null : this.backoffMs(attempts));
          // Only the outbox id and the reason class: never the address.
          this.options.log?.warn({ email: row.id, attempts, code: (error as { code?: string }).code }, 'email not sent');
        }
      }
    }
  }

  /** The ticket mail as it is now (the attendee's current code and event). */
  async ticketMail(row: EmailOutboxTable): Promise<SendMailOptions> {
    const attendee = await this.cdb.db.selectFrom('attendees').selectAll().where('id', '=', row.attendee_id).executeTakeFirst();
    const event = await this.cdb.db.selectFrom('events').select(['name']).where('id', '=', row.event_id).executeTakeFirst();
    if (!attendee || !event) throw new Error('the attendee or the event no longer exists');
    const png = await QRCode.toBuffer(attendee.code, { errorCorrectionLevel: 'M', margin: 2, scale: 6, type: 'png' });
    const name = `${attendee.first_name} ${attendee.last_name}`.trim();
    const page = `${this.options.publicUrl()}/e/${encodeURIComponent(row.event_id)}`;
    const text = [
      `Hello ${name},`,
      '',
      `here is your ticket for ${event.name} (${attendee.ticket_type}). Show the QR code at the entrance.`,
      '',
      `Your code: ${attendee.code}`,
      '',
      `Event page: ${page}`,
    ].join('\n');
    const html = `<!doctype html><html><body style="font-family:sans-serif">
<p>Hello ${escapeHtml(name)},</p>
<p>here is your ticket for <strong>${escapeHtml(event.name)}</strong> (${escapeHtml(attendee.ticket_type)}). Show the QR code at the entrance.</p>
<p><img src="cid:${qrContentId}" alt="Ticket QR code" width="246" height="246"></p>
<p>Your code: <code>${escapeHtml(attendee.code)}</code></p>
</body></html>`;
    return {
      from: this.options.from ?? 'Arrivals <no-reply@arrivals.invalid>',
      to: row.to_address,
      subject: `Your ticket: ${event.name}`,
      text,
      html,
      attachments: [{ filename: 'ticket-qr.png', content: png, contentType: 'image/png', cid: qrContentId }],
      headers: { 'X-Arrivals-Email-Id': row.id },
    };
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
