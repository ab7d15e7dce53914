/**
 * The kiosk feed: every change of an event after a cursor, in `seq` order. An attendee or ticket type
 * appears once, at its latest change, so reading from the start yields exactly the current state
 * (the snapshot) followed by every check-in and undo. An attendee's change carries its stable
 * `ticketId` (the row id, kept through re-issues).
 */
import type { FeedChange, FeedPage, IngestResultKind } from '../../common/cloud-api';
import type { Direction, Verdict } from '../../common/domain/checkin';
import type { CloudDb } from '../db/connect';
import { toAttendee } from './attendees';
import { requireEvent, toEventInfo, toTicketType } from './events';
import { sequenceEvent } from './sequencer';

export async function readFeed(cdb: CloudDb, eventId: string, cursor: string | undefined, limit: number): Promise<FeedPage> {
  const { db } = cdb;
  await sequenceEvent(cdb, eventId);
  const event = await requireEvent(db, eventId);
  const after = cursor ? Number(cursor) : 0;
  // The six reads below are separate statements; a sequencer run (here or in another process)
  // between them could number rows one read misses and a later read passes, and the cursor would
  // then jump over them. Every row numbered up to the event's last_seq as read above is already
  // committed (numbers and last_seq are written in one transaction), so reading only up to it is
  // a consistent cut.
  const until = Number(event.last_seq);
  const [types, keys, attendees, revocations, checkins, undos] = await Promise.all([
    db.selectFrom('ticket_types').selectAll().where('event_id', '=', eventId).where('seq', '>', after).where('seq', '<=', until).orderBy('seq').limit(limit).execute(),
    db.selectFrom('event_keys').select(['key_id', 'key_index', 'public_key', 'created_at', 'seq']).where('event_id', '=', eventId).where('seq', '>', after).where('seq', '<=', until).orderBy('seq').limit(limit).execute(),
    db.selectFrom('attendees').selectAll().where('event_id', '=', eventId).where('seq', '>', after).where('seq', '<=', until).orderBy('seq').limit(limit).execute(),
    db.selectFrom('revocations').selectAll().where('event_id', '=', eventId).where('seq', '>', after).where('seq', '<=', until).orderBy('seq').limit(limit).execute(),
    db.selectFrom('checkins')
      .select(['seq', 'id', 'kiosk_id', 'code', 'direction', 'at', 'verdict', 'recorded', 'flagged', 'result'])
      .where('event_id', '=', eventId)
      .where('seq', '>', after)
      .where('seq', '<=', until)
      .orderBy('seq')
      .limit(limit)
      .execute(),
    db.selectFrom('undos')
      .select(['seq', 'id', 'checkin_id', 'kiosk_id', 'at', 'reason'])
      .where('event_id', '=', eventId)
      .where('seq', '>', after)
      .where('seq', '<=', until)
      .orderBy('seq')
      .limit(limit)
      .execute(),
  ]);
  const changes: FeedChange[] = [
    ...types.map((r) => ({ seq: r.seq!, kind: 'ticketType' as const, ticketType: toTicketType(r) })),
    ...keys.map((r) => ({ seq: r.seq!, kind: 'signingKey' as const, key: { keyId: r.key_id, keyIndex: r.key_index, publicKey: r.public_key, createdAt: r.created_at } })),
    ...attendees.map((r) => ({ seq: r.seq!, kind: 'attendee' as const, ticketId: r.id, attendee: toAttendee(r) })),
    ...revocations.map((r) => ({ seq: r.seq!, kind: 'revocation' as const, code: r.code, revokedAt: r.revoked_at })),
    ...checkins.map((r) => ({
      seq: r.seq!,
      kind: 'checkin' as const,
      checkin: {
        id: r.id,
        kioskId: r.kiosk_id,
        code: r.code,
        direction: r.direction as Direction,
        at: r.at,
        verdict: r.verdict as Verdict,
        recorded: Number(r.recorded) === 1,
        flagged: Number(r.flagged) === 1,
        result: r.result as IngestResultKind,
      },
    })),
    ...undos.map((r) => ({ seq: r.seq!, kind: 'undo' as const, undo: { id: r.id, checkinId: r.checkin_id, kioskId: r.kiosk_id, at: r.at, reason: r.reason } })),
  ];
  changes.sort((a, b) => a.seq - b.seq);
  // Each table gave at most `limit` rows; if one gave that many it may have more beyond them.
  const full = [types, keys, attendees, revocations, checkins, undos].some((rows) => rows.length === limit);
  const hasMore = changes.length > limit || full;
  const taken = changes.slice(0, limit);
  const nextCursor = String(taken.length ? taken[taken.length - 1]!.seq : Math.min(after, until));
  return { event: toEventInfo(event), changes: taken, nextCursor, hasMore };
}
