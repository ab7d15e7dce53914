/**
 * One feed page into the replica: every change and the page's cursor in ONE SQLite transaction, so
 * the cursor never runs ahead of the data (a crash mid-page leaves both as before, and the page is
 * read again). Changes at or below the stored cursor are skipped and every writer is idempotent
 * (main/core/db/feed-queries.ts), so a page applied twice — after a crash, or once from the stream
 * and once from a poll — changes nothing.
 *
 * - attendee: upserted by code; with a `ticketId` (a re-issued ticket), the attendee that holds
 *   the ticket under its old code gets the new code (and keeps its check-ins); the old code is
 *   then refused as revoked (the cloud's revocation of it, in the feed too, is recorded as well).
 * - checkin: another kiosk's, recorded as `origin = 'remote'`; this kiosk's own come back with the
 *   ids it made and are recognised by them. A check-in whose attendee has not arrived yet waits in
 *   sync_orphan_checkins. A flagged one (a double admission) is kept in sync_duplicates.
 * - undo: another kiosk's undo; the guest may enter again. Its ticket's flagged duplicates are
 *   decided again by the one rule (a duplicate of the undone admission is no longer one).
 *
 * A first pull that takes more than one page leaves the search index to its last page, which
 * indexes everyone at once (migration 0009): a third of the per-row cost.
 */
import type { FeedPage } from '../common/cloud-api';
import { insertEventKey, insertRevocation, eventPublicKey } from '../main/core/db/event-queries';
import {
  adoptOrphanCheckins,
  attendeeByTicketId,
  attendeeIdByCode,
  ensureFeedTicketType,
  hasOrphanCheckins,
  insertOrphanCheckin,
  insertRemoteCheckin,
  insertRemoteUndo,
  replaceAttendeeCode,
  ticketHolders,
  upsertFeedAttendee,
  upsertFeedEvent,
  upsertFeedTicketType,
} from '../main/core/db/feed-queries';
import type { Database } from '../main/core/db/open';
import { deferSearchIndex, rebuildSearchIndex, searchIndexDeferred } from '../main/core/db/search-queries';
import { otherAdmission, readSyncState, recordDuplicate, redecideDuplicates, saveCursor } from '../main/core/db/sync-queries';

export interface AppliedPage {
  /** Changes newer than the cursor that were applied (whether or not they changed a row). */
  applied: number;
  /** Changes at or below the stored cursor, skipped. */
  skipped: number;
  attendees: number;
  checkins: number;
  /** Double admissions flagged in this page. */
  duplicates: number;
  cursor: string;
}

/** ISO times as the replica keeps them (UTC, milliseconds), whatever offset the cloud wrote. */
function utc(at: string): string {
  return at.length === 24 && at.endsWith('Z') ? at : new Date(Date.parse(at)).toISOString();
}

function seqOf(cursor: string): number {
  return cursor === '' ? 0 : Number(cursor);
}

/**
 * Applies `page` and stores its cursor, in one transaction (IMMEDIATE: the door's check-ins wait
 * for at most one page). `now` is the replica's recorded time for the rows it writes.
 */
export function applyFeedPage(db: Database, page: FeedPage, now: string): AppliedPage {
  return db.transaction(() => applyInTransaction(db, page, now)).immediate();
}

function applyInTransaction(db: Database, page: FeedPage, now: string): AppliedPage {
  const state = readSyncState(db);
  const after = seqOf(state.cursor);
  const eventId = page.event.id;
  const result: AppliedPage = { applied: 0, skipped: 0, attendees: 0, checkins: 0, duplicates: 0, cursor: state.cursor };
  upsertFeedEvent(db, page.event, now);
  // A first pull of more than one page indexes its attendees for search once, when it ends (0009).
  if (state.initial_done === 0 && page.hasMore) deferSearchIndex(db, now);
  const knownTypes = new Set<string>();
  let orphansWaiting = hasOrphanCheckins(db);
  // Who holds the page's tickets already (a re-issue gives a holder a new code), in one query.
  const pageTickets = page.changes.flatMap((c) => (c.kind === 'attendee' && c.ticketId !== '' && c.seq > after ? [c.ticketId] : []));
  const holders = pageTickets.length > 0 ? ticketHolders(db, eventId, pageTickets) : new Map<string, { id: number; code: string }>();
  const seenTickets = new Set<string>();
  let attendeesArrived = false;

  for (const change of page.changes) {
    if (change.seq <= after) {
      result.skipped++;
      continue;
    }
    result.applied++;
    switch (change.kind) {
      case 'ticketType': {
        const t = change.ticketType;
        upsertFeedTicketType(db, { eventId, name: t.name, color: t.color, multiEntry: t.multiEntry, index: t.index }, now);
        knownTypes.add(t.name);
        break;
      }
      case 'signingKey': {
        const k = change.key;
        if (!eventPublicKey(db, eventId, k.keyId)) insertEventKey(db, { eventId, keyId: k.keyId, keyIndex: k.keyIndex ?? undefined, publicKey: k.publicKey, privateKey: null }, k.createdAt);
        break;
      }
      case 'revocation':
        insertRevocation(db, eventId, change.code, 'revoked by the cloud', utc(change.revokedAt));
        break;
      case 'attendee': {
        const a = { ...change.attendee, eventId };
        if (!knownTypes.has(a.ticketType)) {
          ensureFeedTicketType(db, eventId, a.ticketType, now);
          knownTypes.add(a.ticketType);
        }
        const ticketId = change.ticketId === '' ? null : change.ticketId;
        if (ticketId !== null) {
          // A ticket seen before in this page may have moved since the page's look-up: ask again.
          const holder = seenTickets.has(ticketId) ? attendeeByTicketId(db, eventId, ticketId) : holders.get(ticketId);
          seenTickets.add(ticketId);
          if (holder && holder.code !== a.code) {
            // Re-issued: the same person, a new code. Another row that already holds the new code
            // (never expected) keeps it, and the holder stays as it was.
            if (attendeeIdByCode(db, a.code) === undefined) {
              replaceAttendeeCode(db, holder.id, a.code, now);
              insertRevocation(db, eventId, holder.code, 're-issued', now);
            }
          }
        }
        upsertFeedAttendee(db, a, ticketId, now);
        result.attendees++;
        attendeesArrived = true;
        break;
      }
      case 'checkin': {
        const c = change.checkin;
        const row = { id: c.id, cloudSeq: change.seq, eventId, kioskId: c.kioskId, code: c.code, direction: c.direction, at: utc(c.at), verdict: c.verdict };
        // Not recorded: it changed nobody's whereabouts (a refusal on an unknown ticket), so it stays out.
        if (c.recorded) {
          const attendeeId = attendeeIdByCode(db, c.code);
          if (attendeeId === undefined) {
            insertOrphanCheckin(db, row);
            orphansWaiting = true;
          } else if (insertRemoteCheckin(db, row, attendeeId, now)) {
            result.checkins++;
          }
        }
        if (c.flagged && (c.result === undefined || c.result === 'duplicate_entry')) {
          // The feed names no other kiosk: the admission it duplicated is the ticket's earlier entry here.
          const other = otherAdmission(db, c.code, c.id);
          recordDuplicate(db, { checkin_id: c.id, event_id: eventId, code: c.code, kiosk_id: c.kioskId, at: row.at, other_kiosk_id: other?.kiosk_id ?? null, other_at: other?.at ?? null }, now);
          result.duplicates++;
        }
        break;
      }
      case 'undo': {
        const u = change.undo;
        insertRemoteUndo(db, { id: u.id, checkinId: u.checkinId, kioskId: u.kioskId, at: utc(u.at), reason: u.reason });
        // The cloud re-decided the ticket's double admissions when this undo arrived; so does the replica.
        redecideDuplicates(db, eventId, u.checkinId, now);
        break;
      }
    }
  }
  if (orphansWaiting && attendeesArrived) result.checkins += adoptOrphanCheckins(db, now);
  if (!page.hasMore && searchIndexDeferred(db)) rebuildSearchIndex(db);
  if (seqOf(page.nextCursor) > after) {
    saveCursor(db, page.nextCursor, now, !page.hasMore);
    result.cursor = page.nextCursor;
  } else {
    saveCursor(db, state.cursor, now, !page.hasMore);
  }
  return result;
}
