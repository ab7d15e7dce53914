/**
 * The check-in engine: a verdict for any code, decided from the local replica alone (see
 * ./README.md for the rules). Only a passing scan writes, and it writes its check-in row and its
 * outbox row in one transaction; a refused scan, however malformed its code, changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { nowIso, type Clock } from '../../../common/clock';
import { ArrivalsError } from '../../../common/contract/errors';
import type { IngestCheckin, IngestUndo } from '../../../common/cloud-api';
import type { CheckinResult, UndoResult } from '../../../common/contract/checkins';
import { decodeTicketCode, looksLikeSignedCode, maxTicketCodeLength, normalizeTicketCode } from '../../../common/ticket-code';
import { duplicatedAdmission } from '../../../common/domain/admission';
import type { CheckinSource, Direction, Verdict } from '../../../common/domain/checkin';
import {
  findAttendeeByCode,
  findAttendeeByCodeAnyCase,
  findAttendeeById,
  getCheckin,
  insertAttendee,
  insertCheckin,
  insertUndo,
  insideNow,
  lastMovement,
  movements,
  toAttendee,
  type DoorAttendeeRow,
} from '../db/checkin-queries';
import { ensureTicketType, eventPublicKey, getEvent, getTicketType, isRevoked, keysWithIndex, ticketTypeByIndex, type EventRow } from '../db/event-queries';
import type { Database } from '../db/open';
import { allowedTicketTypes, undoWindowSeconds } from '../db/settings-queries';
import { requireCurrentEventId } from '../settings/kiosk-settings';
import { verifyTicketCode, type KeyRing, type VerifiedTicket } from '../../../common/node/signing';
import { durationText, refusalReason, statusReason, whenText } from './reasons';

export interface CheckinOptions {
  kioskId: string;
  direction?: Direction;
  /** When the scan happened (ISO time or Date); default now. */
  at?: string | Date;
  source?: CheckinSource;
  /** The event admitted to; default the kiosk's current event. */
  eventId?: string;
}

export interface UndoOptions {
  kioskId: string;
  at?: string | Date;
  reason?: string;
}

export interface CheckinEngine {
  checkIn(code: string, options: CheckinOptions): CheckinResult;
  undo(checkinId: string, options: UndoOptions): UndoResult;
  insideNow(eventId?: string): { eventId: string; insideNow: number };
}

interface Scan {
  code: string;
  eventId: string;
  kioskId: string;
  direction: Direction;
  at: string;
  source: CheckinSource;
}

export function checkinEngine(db: Database, clock: Clock): CheckinEngine {
  // IMMEDIATE: decide and write under the write lock, so two processes on one replica (the CLI
  // beside a running kiosk) cannot both admit the same ticket. A refusal commits nothing.
  const decide = db.transaction((scan: Scan) => decideAndWrite(db, scan, clock));
  const undoTx = db.transaction((checkinId: string, options: Required<UndoOptions> & { at: string }) => undoCheckin(db, checkinId, options));

  return {
    checkIn(rawCode, options) {
      const at = isoTime(options.at, clock);
      const direction = options.direction ?? 'entry';
      const kioskId = options.kioskId;
      const code = typeof rawCode === 'string' && rawCode.length <= maxTicketCodeLength * 4 ? normalizeTicketCode(rawCode) : '';
      if (code === '' || code.length > maxTicketCodeLength) {
        return result({ verdict: 'unknown', direction, kioskId, at, reason: 'not a ticket code' });
      }
      const eventId = options.eventId ?? requireCurrentEventId(db);
      return decide.immediate({ code, eventId, kioskId, direction, at, source: options.source ?? 'scan' });
    },
    undo(checkinId, options) {
      return undoTx.immediate(checkinId, { kioskId: options.kioskId, at: isoTime(options.at, clock), reason: options.reason ?? '' });
    },
    insideNow(eventId) {
      const id = eventId ?? requireCurrentEventId(db);
      return { eventId: id, insideNow: insideNow(db, id) };
    },
  };
}

function decideAndWrite(db: Database, typed: Scan, clock: Clock): CheckinResult {
  const { eventId, direction, kioskId, at } = typed;
  const now = clock.now();
  const base = { direction, kioskId, at };
  const signedCode = looksLikeSignedCode(typed.code);
  // A plain code typed by hand in the wrong case is the ticket's own code from here on (revocations,
  // the check-in and its outbox row all name the stored code); signed codes stay exact.
  let row = findAttendeeByCode(db, typed.code) ?? (signedCode ? undefined : findAttendeeByCodeAnyCase(db, typed.code));
  const scan = row ? { ...typed, code: row.code } : typed;
  const { code } = scan;
  let signed: VerifiedTicket | undefined;
  let bounds: ValidityBounds | undefined;
  if (signedCode) {
    if (row) {
      // Already in the replica (synced or issued here): trusted as stored; only its window is read.
      const decoded = decodeTicketCode(code);
      if (decoded.ok) bounds = decoded.code.fields;
    } else {
      const verified = verifyTicketCode(code, replicaKeys(db));
      if (!verified.ok) return result({ ...base, verdict: 'unknown', reason: refusalReason(verified.reason) });
      signed = bounds = verified.ticket;
    }
  }
  if (!row && !signed) return result({ ...base, verdict: 'unknown', reason: 'no ticket with this code' });

  const ticketEventId = row ? row.event_id : signed!.eventId;
  if (ticketEventId !== eventId) {
    const other = getEvent(db, ticketEventId);
    return result({ ...base, verdict: 'wrong_event', attendee: row, reason: `the ticket is for ${other ? other.name : `event ${ticketEventId}`}` });
  }
  if (direction === 'exit') return exit(db, scan, row, clock);

  const revoked = isRevoked(db, eventId, code);
  if (revoked) return result({ ...base, verdict: 'cancelled', attendee: row, reason: revoked.reason ? `revoked: ${revoked.reason}` : 'the ticket was revoked' });
  if (row && row.status !== 'valid') return result({ ...base, verdict: 'cancelled', attendee: row, reason: statusReason(row.status) });

  const event = getEvent(db, eventId);
  if (!event) throw new ArrivalsError('unavailable', `the kiosk's event ${eventId} is not in the replica; sync or run "arrivals demo"`);
  const window = outsideWindow(event, bounds, at, now);
  if (window) return result({ ...base, ...window, attendee: row });

  let ticketType: string;
  if (row) ticketType = row.ticket_type;
  else if (signed!.version === 1) ticketType = signed!.ticketType;
  else {
    // An AR2 code names its type by index; a type made after this kiosk's last sync is not here yet.
    const type = ticketTypeByIndex(db, eventId, signed!.typeIndex);
    if (!type) return result({ ...base, verdict: 'unknown', reason: `ticket type #${signed!.typeIndex} is not known to this kiosk yet; sync it` });
    ticketType = type.name;
  }
  const allowed = allowedTicketTypes(db);
  if (allowed && !allowed.includes(ticketType)) {
    return result({ ...base, verdict: 'ticket_type_not_allowed', attendee: row, reason: `${ticketType} tickets are not admitted at this kiosk` });
  }

  if (row) {
    // Multi-entry tickets may come back after an exit; single-entry tickets enter once. Either way a
    // ticket that is inside now cannot enter again (it would be a second person on one ticket).
    // The rule is shared with the cloud's ingest (common/domain/admission.ts); undone ones never count.
    const multiEntry = getTicketType(db, eventId, ticketType)?.multi_entry === 1;
    const last = duplicatedAdmission(movements(db, row.id), at, multiEntry);
    if (last) {
      return result({
        ...base,
        verdict: 'already_in',
        attendee: row,
        reason: `already checked in ${whenText(last.at, event.time_zone, now)} (${last.kiosk_id})`,
        previous: { checkinId: last.id, at: last.at, kioskId: last.kiosk_id },
      });
    }
  } else {
    row = addSignedAttendee(db, code, { eventId, ticketId: signed!.ticketId, ticketType }, at);
  }

  const attention = [row.vip === 1 ? 'VIP' : '', row.note].filter(Boolean).join(' · ');
  const verdict: Verdict = attention ? 'needs_attention' : 'admitted';
  const checkinId = write(db, scan, row.id, verdict, clock);
  return result({ ...base, verdict, attendee: row, checkinId, reason: attention || null });
}

function exit(db: Database, scan: Scan, row: DoorAttendeeRow | undefined, clock: Clock): CheckinResult {
  const base = { direction: scan.direction, kioskId: scan.kioskId, at: scan.at, verdict: 'exited' as const };
  // Nobody is stopped on the way out; but an exit without a matching entry is not recorded, so it
  // cannot push "inside now" below the truth.
  const last = row ? lastMovement(db, row.id) : undefined;
  if (!row || last?.direction !== 'entry') return result({ ...base, attendee: row, reason: 'was not checked in; nothing recorded' });
  const checkinId = write(db, scan, row.id, 'exited', clock);
  return result({ ...base, attendee: row, checkinId });
}

function write(db: Database, scan: Scan, attendeeId: number, verdict: Verdict, clock: Clock): string {
  const id = randomUUID();
  // The outbox payload is exactly the cloud's ingest item (common/cloud-api.ts ingestCheckin).
  const payload = { id, kioskId: scan.kioskId, code: scan.code, direction: scan.direction, at: scan.at, verdict } satisfies IngestCheckin;
  insertCheckin(
    db,
    { id, eventId: scan.eventId, attendeeId, kioskId: scan.kioskId, direction: scan.direction, at: scan.at, source: scan.source, verdict },
    payload,
    nowIso(clock),
  );
  return id;
}

/** The kiosk's public keys, as the verifier asks for them. */
function replicaKeys(db: Database): KeyRing {
  return { byKeyId: (eventId, keyId) => eventPublicKey(db, eventId, keyId), byIndex: (keyIndex) => keysWithIndex(db, keyIndex) };
}

/** A validly signed ticket sold after the last sync: it joins the replica with its first check-in. */
function addSignedAttendee(db: Database, code: string, fields: { eventId: string; ticketId: string; ticketType: string }, at: string): DoorAttendeeRow {
  ensureTicketType(db, fields.eventId, fields.ticketType, at);
  const id = insertAttendee(
    db,
    {
      eventId: fields.eventId,
      code,
      ticketId: fields.ticketId,
      firstName: '',
      lastName: '',
      email: '',
      company: '',
      ticketType: fields.ticketType,
      status: 'valid',
      vip: false,
      note: '',
      badgeFields: {},
      origin: 'signed_code',
    },
    at,
  );
  const row = id === undefined ? findAttendeeByCode(db, code) : findAttendeeById(db, id);
  if (!row) throw new ArrivalsError('internal', 'the signed ticket could not be added to the replica');
  return row;
}

interface ValidityBounds {
  /** Unix seconds, 0 for none. */
  validFrom: number;
  validUntil: number;
}

function outsideWindow(event: EventRow, signed: ValidityBounds | undefined, at: string, now: number): { verdict: Verdict; reason: string } | undefined {
  const time = Date.parse(at);
  if (event.doors_open && time < Date.parse(event.doors_open)) {
    return { verdict: 'not_yet_open', reason: `doors open ${whenText(event.doors_open, event.time_zone, now)}` };
  }
  if (event.doors_close && time > Date.parse(event.doors_close)) {
    return { verdict: 'closed', reason: `doors closed ${whenText(event.doors_close, event.time_zone, now)}` };
  }
  const seconds = Math.floor(time / 1000);
  if (signed && signed.validFrom && seconds < signed.validFrom) {
    return { verdict: 'not_yet_open', reason: `the ticket is valid from ${whenText(new Date(signed.validFrom * 1000).toISOString(), event.time_zone, now)}` };
  }
  if (signed && signed.validUntil && seconds > signed.validUntil) {
    return { verdict: 'closed', reason: `the ticket was valid until ${whenText(new Date(signed.validUntil * 1000).toISOString(), event.time_zone, now)}` };
  }
  return undefined;
}

function undoCheckin(db: Database, checkinId: string, options: { kioskId: string; at: string; reason: string }): UndoResult {
  const checkin = getCheckin(db, checkinId);
  if (!checkin) throw new ArrivalsError('not_found', `no check-in ${checkinId}`);
  if (checkin.undo_id) throw new ArrivalsError('conflict', `check-in ${checkinId} was already undone`);
  const window = undoWindowSeconds(db);
  if (Date.parse(options.at) - Date.parse(checkin.at) > window * 1000) {
    throw new ArrivalsError('conflict', `too late to undo check-in ${checkinId}: undo is allowed for ${durationText(window)} after a check-in`);
  }
  const id = randomUUID();
  insertUndo(db, { id, checkinId, kioskId: options.kioskId, at: options.at, reason: options.reason }, {
    id,
    checkinId,
    kioskId: options.kioskId,
    at: options.at,
    reason: options.reason,
  } satisfies IngestUndo);
  const row = findAttendeeById(db, checkin.attendee_id);
  return { undoId: id, checkinId, at: options.at, attendee: row ? toAttendee(row) : null };
}

function isoTime(at: string | Date | undefined, clock: Clock): string {
  const date = at === undefined ? new Date(clock.now()) : new Date(at);
  if (Number.isNaN(date.getTime())) throw new ArrivalsError('bad_input', `not a time: ${String(at)}`);
  return date.toISOString();
}

const passing: ReadonlySet<Verdict> = new Set(['admitted', 'needs_attention', 'exited']);

function result(r: {
  verdict: Verdict;
  direction: Direction;
  kioskId: string;
  at: string;
  attendee?: DoorAttendeeRow | undefined;
  checkinId?: string;
  reason?: string | null;
  previous?: CheckinResult['previous'];
}): CheckinResult {
  return {
    verdict: r.verdict,
    pass: passing.has(r.verdict),
    attendee: r.attendee ? toAttendee(r.attendee) : null,
    checkinId: r.checkinId ?? null,
    direction: r.direction,
    kioskId: r.kioskId,
    at: r.at,
    reason: r.reason ?? null,
    previous: r.previous ?? null,
  };
}
