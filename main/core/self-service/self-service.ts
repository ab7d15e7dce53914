/**
 * The self-service kiosk's rules, in the core so a guest's screen never holds more than it shows:
 *  - a scanned code is looked up with a dry run of the check-in (the engine decides inside a
 *    transaction that is rolled back, so nothing is written and the verdict is exactly the door's);
 *  - "Find me" (last name + the first 3 letters of the email, or the booking code) answers only
 *    when exactly one guest of the current event matches, and then only their name and company;
 *  - confirming checks the guest in (source self_service), except in print-only mode, and queues
 *    their badge; a guest already checked in may print one reprint, recorded in the print log;
 *    after that they are sent to the desk.
 */
import { ArrivalsError } from '../../../common/contract/errors';
import type { CheckinResult } from '../../../common/contract/checkins';
import type { BadgePreview, KioskMode, SelfServiceConfirmResult, SelfServiceWelcome, SelfServiceFindInput, SelfServiceGuest, SelfServiceLookup } from '../../../common/contract/self-service';
import { accentOrDefault } from '../../../common/domain/color';
import { foldForSearch } from '../../../common/domain/search-fold';
import type { Verdict } from '../../../common/domain/checkin';
import { normalizeTicketCode } from '../../../common/ticket-code';
import type { CheckinEngine } from '../checkin/engine';
import { attendeeColumns, type AttendeeRow } from '../db/attendee-queries';
import { findAttendeeByCode, findAttendeeByCodeAnyCase } from '../db/checkin-queries';
import type { Database } from '../db/open';
import { hasBadgeOrPendingJob, hasSelfServiceReprint } from '../db/print-queries';
import { getEvent } from '../db/event-queries';
import { currentEventId } from '../db/settings-queries';
import { prepared } from '../db/statements';
import type { PrintService } from '../print/service';
import { readKioskSettings, requireCurrentEventId } from '../settings/kiosk-settings';

export interface SelfServiceDeps {
  db: () => Database;
  engine: () => CheckinEngine;
  print: PrintService;
  kioskId: string;
  /** Called after a check-in was written (the sync engine pushes it). */
  outboxChanged: () => void;
}

class DryRun extends Error {
  constructor(readonly result: CheckinResult) {
    super('dry run');
  }
}

/** Badge fields that hold an order's or booking's code (what a guest finds in their confirmation email). */
const bookingFieldKeys = ['order', 'order code', 'ordercode', 'order #', 'order no.', 'booking', 'booking code', 'booking reference', 'reference', 'bestellnummer', 'buchungsnummer'];

const nothing = (verdict: Verdict = 'unknown'): SelfServiceLookup => ({ outcome: 'refused', guest: null, verdict, reprintAllowed: false });

const squash = (text: string) => foldForSearch(text).replace(/[^\p{L}\p{N}]+/gu, '');

export function selfService(deps: SelfServiceDeps) {
  const mode = (): KioskMode => readKioskSettings(deps.db()).mode;

  /** The verdict a check-in would get now; nothing is written (the transaction is rolled back). */
  function dryRun(code: string): CheckinResult {
    const db = deps.db();
    try {
      db.transaction(() => {
        throw new DryRun(deps.engine().checkIn(code, { kioskId: deps.kioskId, source: 'self_service' }));
      }).immediate();
    } catch (error) {
      if (error instanceof DryRun) return { ...error.result, checkinId: null };
      throw error;
    }
    throw new ArrivalsError('internal', 'the dry run did not decide');
  }

  function reprintAllowed(code: string): boolean {
    const db = deps.db();
    // A guest checked in without a badge (at the desk, say) gets their first badge; after that, one
    // reprint here. Reprints staff made at the desk are not the guest's and do not use it up.
    return !hasBadgeOrPendingJob(db, code) || !hasSelfServiceReprint(db, code);
  }

  function lookup(rawCode: string): SelfServiceLookup {
    const result = dryRun(rawCode);
    const row = result.attendee;
    const guest: SelfServiceGuest | null = row && { code: row.code, firstName: row.firstName, lastName: row.lastName, company: row.company, ticketType: row.ticketType };
    const printOnly = mode() === 'print-only';
    if (printOnly) {
      // Badge pickup (often the day before): the doors' hours and earlier entries do not matter,
      // only a valid ticket of this event; a guest with a badge already gets one reprint.
      if (!guest || !['admitted', 'needs_attention', 'already_in', 'not_yet_open', 'closed'].includes(result.verdict)) return nothing(result.verdict);
      if (hasBadgeOrPendingJob(deps.db(), guest.code)) return { outcome: 'already_in', guest, verdict: result.verdict, reprintAllowed: reprintAllowed(guest.code) };
      return { outcome: 'ready', guest, verdict: result.verdict, reprintAllowed: false };
    }
    if (result.verdict === 'admitted' || result.verdict === 'needs_attention') return { outcome: 'ready', guest, verdict: result.verdict, reprintAllowed: false };
    if (result.verdict === 'already_in' && guest) return { outcome: 'already_in', guest, verdict: result.verdict, reprintAllowed: reprintAllowed(guest.code) };
    // Unknown, cancelled, wrong event, doors, ticket type: nothing personal, "please see the desk".
    return nothing(result.verdict);
  }

  function find(input: SelfServiceFindInput): SelfServiceLookup {
    const db = deps.db();
    const eventId = requireCurrentEventId(db);
    let matches: AttendeeRow[];
    if ('bookingCode' in input) {
      const typed = normalizeTicketCode(input.bookingCode);
      const byCode = findAttendeeByCode(db, typed) ?? findAttendeeByCodeAnyCase(db, typed);
      if (byCode) matches = byCode.event_id === eventId ? [byCode] : [];
      else {
        const marks = bookingFieldKeys.map(() => '?').join(', ');
        matches = prepared<unknown[], AttendeeRow>(
          db,
          `SELECT ${attendeeColumns} FROM attendees a
            WHERE a.event_id = ? AND a.badge_fields <> '{}'
              AND EXISTS (SELECT 1 FROM json_each(a.badge_fields) f WHERE lower(f.key) IN (${marks}) AND upper(trim(f.value)) = upper(?))
            LIMIT 2`,
        ).all(eventId, ...bookingFieldKeys, typed);
      }
    } else {
      // The index holds each last name also run together ("smithjones"), so one token finds it.
      const wanted = squash(input.lastName);
      if (wanted === '') return nothing();
      const match = `last_name : "${wanted}"`;
      const start = input.emailStart.toLowerCase();
      matches = prepared<[string, string], AttendeeRow>(
        db,
        `SELECT ${attendeeColumns} FROM attendee_search JOIN attendees a ON a.id = attendee_search.rowid
          WHERE attendee_search MATCH ? AND a.event_id = ? LIMIT 500`,
      )
        .all(match, eventId)
        .filter((row) => squash(row.last_name) === wanted && row.email.toLowerCase().startsWith(start));
    }
    // Exactly one, or nothing at all: never a list, never "there are two of you".
    if (matches.length !== 1) return nothing();
    return lookup(matches[0]!.code);
  }

  async function confirm(input: { code: string; reprint: boolean }): Promise<SelfServiceConfirmResult> {
    const looked = lookup(input.code);
    if (looked.outcome === 'refused' || !looked.guest) throw new ArrivalsError('forbidden', `this ticket cannot be used here (${looked.verdict}); please see the desk`, { verdict: looked.verdict });
    const code = looked.guest.code;
    if (looked.outcome === 'already_in') {
      if (!input.reprint) throw new ArrivalsError('conflict', 'already checked in; ask for the reprint', { verdict: looked.verdict });
      const first = !hasBadgeOrPendingJob(deps.db(), code);
      const { job, skipped } = await deps.print.enqueue({ code, wait: false, source: 'self_service' }, first ? 'auto' : 'reprint', () =>
        first || !hasSelfServiceReprint(deps.db(), code) ? null : 'this guest has had their reprint; please see the desk',
      );
      if (!job) throw new ArrivalsError('forbidden', skipped ?? 'no reprint; please see the desk');
      return { checkinId: null, verdict: looked.verdict, job, seeDesk: false };
    }
    let checkinId: string | null = null;
    let verdict = looked.verdict;
    if (mode() !== 'print-only') {
      const result = deps.engine().checkIn(code, { kioskId: deps.kioskId, source: 'self_service' });
      if (!result.checkinId) throw new ArrivalsError('conflict', `the check-in was refused (${result.verdict}); please see the desk`, { verdict: result.verdict });
      checkinId = result.checkinId;
      verdict = result.verdict;
      deps.outboxChanged();
    }
    // Auto: one badge a guest, however often they confirm; a badge picked up the day before is not printed again.
    const { job } = await deps.print.enqueue({ code, wait: false, source: 'self_service' }, 'auto');
    return { checkinId, verdict, job, seeDesk: verdict === 'needs_attention' };
  }

  /**
   * The guest's badge for "Is this you?", with the QR code masked: "Find me" needs only a last name
   * and 3 letters of an email, so a preview with the real QR would hand anyone a working ticket.
   */
  async function preview(rawCode: string, qrLabel: string): Promise<BadgePreview> {
    const looked = lookup(rawCode);
    if (looked.outcome === 'refused' || !looked.guest) throw new ArrivalsError('forbidden', `this ticket cannot be used here (${looked.verdict}); please see the desk`, { verdict: looked.verdict });
    return deps.print.preview(looked.guest.code, undefined, () => undefined, { maskQr: { label: qrLabel } });
  }

  function welcome(): SelfServiceWelcome {
    const db = deps.db();
    const eventId = currentEventId(db);
    const event = eventId ? getEvent(db, eventId) : undefined;
    // The event's accent (from the cloud, or chosen in setup); an event without one gets the app's.
    return { mode: mode(), eventName: event?.name ?? '', color: accentOrDefault(event?.color) };
  }

  return { welcome, lookup, find, confirm, preview };
}
