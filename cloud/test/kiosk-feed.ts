/**
 * Feed pages applied to a kiosk replica, a small stand-in for sync/apply-feed.ts (the cloud's tests may
 * drive a kiosk core but not the sync engine, which sync/'s own tests run against a real cloud):
 * the event, ticket types and keys with the cloud's indices (what its AR2 codes carry),
 * revocations, and attendees when asked.
 */
import type { FeedPage } from '../../common/cloud-api';
import { nowIso, systemClock } from '../../common/clock';
import { insertAttendee } from '../../main/core/db/checkin-queries';
import { eventPublicKey, insertEventKey, insertRevocation, upsertEvent, upsertTicketType } from '../../main/core/db/event-queries';
import type { Database } from '../../main/core/db/open';

export function applyFeed(db: Database, page: FeedPage, options: { attendees: boolean }): void {
  const at = nowIso(systemClock);
  upsertEvent(db, page.event, at);
  for (const change of page.changes) {
    if (change.kind === 'ticketType') upsertTicketType(db, change.ticketType, at, change.ticketType.index ?? undefined);
    if (change.kind === 'signingKey' && !eventPublicKey(db, page.event.id, change.key.keyId)) {
      insertEventKey(db, { eventId: page.event.id, keyId: change.key.keyId, keyIndex: change.key.keyIndex ?? undefined, publicKey: change.key.publicKey, privateKey: null }, change.key.createdAt);
    }
    if (change.kind === 'revocation') insertRevocation(db, page.event.id, change.code, 'revoked by the cloud', change.revokedAt);
    if (change.kind === 'attendee' && options.attendees) insertAttendee(db, { ...change.attendee, ticketId: null, origin: 'cloud' }, at);
  }
}
