/**
 * The durable email outbox: a ticket mail is a row written in the same transaction as what it
 * announces (a registration), so a registration never waits for mail or fails because of it, and
 * no mail is lost when the SMTP server is down or the process stops. ../mailer.ts sends the rows.
 */
import type { Kysely, Transaction } from 'kysely';
import type { OutboxEmail } from '../../common/console-api';
import { isoFromNow, nowIso, type Clock } from '../../common/clock';
import type { CloudDb } from '../db/connect';
import type { CloudDatabase, EmailOutboxTable } from '../db/schema';
import { CloudStoreError } from './errors';
import { newId } from './secrets';

type Db = Kysely<CloudDatabase> | Transaction<CloudDatabase>;

/** The outbox row of an attendee's ticket mail, due now. */
export function ticketEmailRow(clock: Clock, eventId: string, attendeeId: string, to: string): EmailOutboxTable {
  const now = nowIso(clock);
  return { id: newId('M', 8), event_id: eventId, attendee_id: attendeeId, kind: 'ticket', to_address: to, status: 'pending', attempts: 0, next_attempt_at: now, last_error: null, created_at: now, updated_at: now, sent_at: null };
}

/** Queues the attendee's ticket mail (sent as soon as a sender is free). */
export async function queueTicketEmail(db: Db, clock: Clock, eventId: string, attendeeId: string, to: string): Promise<string> {
  const row = ticketEmailRow(clock, eventId, attendeeId, to);
  await db.insertInto('email_outbox').values(row).execute();
  return row.id;
}

/** Queues the ticket mail of the ticket with this code again (a manager's "resend"). */
export async function queueTicketEmailFor(cdb: CloudDb, eventId: string, code: string): Promise<string> {
  const row = await cdb.db.selectFrom('attendees').select(['id', 'email']).where('event_id', '=', eventId).where('code', '=', code).executeTakeFirst();
  if (!row) throw new CloudStoreError(404, 'not_found', 'no ticket with that code at this event');
  if (!row.email.trim()) throw new CloudStoreError(400, 'bad_input', 'this attendee has no email address');
  return queueTicketEmail(cdb.db, cdb.clock, eventId, row.id, row.email);
}

/** A failed (or still pending) mail goes out again now, with a fresh count of attempts. */
export async function resendEmail(cdb: CloudDb, eventId: string, emailId: string): Promise<void> {
  const now = nowIso(cdb.clock);
  const result = await cdb.db
    .updateTable('email_outbox')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, last_error: null, updated_at: now })
    .where('id', '=', emailId)
    .where('event_id', '=', eventId)
    .where('status', '!=', 'sent')
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    const exists = await cdb.db.selectFrom('email_outbox').select('status').where('id', '=', emailId).where('event_id', '=', eventId).executeTakeFirst();
    if (!exists) throw new CloudStoreError(404, 'not_found', `no email ${emailId} at this event`);
    throw new CloudStoreError(409, 'conflict', 'this email was sent already; queue the ticket mail again instead');
  }
}

export async function listEmails(db: Kysely<CloudDatabase>, eventId: string, status: 'pending' | 'sent' | 'failed' | 'unsent'): Promise<OutboxEmail[]> {
  let query = db
    .selectFrom('email_outbox')
    .leftJoin('attendees', 'attendees.id', 'email_outbox.attendee_id')
    .select(['email_outbox.id', 'email_outbox.event_id', 'email_outbox.attendee_id', 'email_outbox.to_address', 'email_outbox.status', 'email_outbox.attempts', 'email_outbox.next_attempt_at', 'email_outbox.last_error', 'email_outbox.created_at', 'email_outbox.sent_at', 'attendees.first_name', 'attendees.last_name'])
    .where('email_outbox.event_id', '=', eventId);
  query = status === 'unsent' ? query.where('email_outbox.status', '!=', 'sent') : query.where('email_outbox.status', '=', status);
  const rows = await query.orderBy('email_outbox.created_at', 'desc').orderBy('email_outbox.id').limit(500).execute();
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    attendeeId: r.attendee_id,
    name: `${r.first_name ?? ''} ${r.last_name ?? ''}`.trim(),
    to: r.to_address,
    status: r.status,
    attempts: Number(r.attempts),
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  }));
}

/** Mails whose time has come, oldest first. */
export async function dueEmails(cdb: CloudDb, limit: number): Promise<EmailOutboxTable[]> {
  return cdb.db.selectFrom('email_outbox').selectAll().where('status', '=', 'pending').where('next_attempt_at', '<=', nowIso(cdb.clock)).orderBy('next_attempt_at').orderBy('id').limit(limit).execute();
}

/** The earliest time a pending mail is due, if any. */
export async function nextDue(cdb: CloudDb): Promise<string | undefined> {
  const row = await cdb.db.selectFrom('email_outbox').select((eb) => eb.fn.min('next_attempt_at').as('next')).where('status', '=', 'pending').executeTakeFirst();
  return (row?.next as string | null | undefined) ?? undefined;
}

/**
 * Takes a due mail for this sender: moves its due time `leaseMs` ahead, only if no other sender
 * (another server process) took it first. A sender that dies mid-send leaves it due again later.
 */
export async function claimEmail(cdb: CloudDb, row: EmailOutboxTable, leaseMs: number): Promise<boolean> {
  const result = await cdb.db
    .updateTable('email_outbox')
    .set({ next_attempt_at: isoFromNow(cdb.clock, leaseMs) })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '=', row.next_attempt_at)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function markSent(cdb: CloudDb, id: string): Promise<void> {
  const now = nowIso(cdb.clock);
  await cdb.db.updateTable('email_outbox').set({ status: 'sent', sent_at: now, updated_at: now, last_error: null }).where('id', '=', id).execute();
}

export async function markFailed(cdb: CloudDb, row: EmailOutboxTable, error: string, retryInMs: number | null): Promise<void> {
  const now = nowIso(cdb.clock);
  await cdb.db
    .updateTable('email_outbox')
    .set({
      attempts: Number(row.attempts) + 1,
      last_error: error.slice(0, 300),
      updated_at: now,
      status: retryInMs === null ? 'failed' : 'pending',
      next_attempt_at: retryInMs === null ? now : isoFromNow(cdb.clock, retryInMs),
    })
    .where('id', '=', row.id)
    .execute();
}
