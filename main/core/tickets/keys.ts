/** An event's signing keys as the kiosk holds them: list, create, and sign with the current one. */
import type { EventKeyInfo } from '../../../common/contract/checkins';
import { ArrivalsError } from '../../../common/contract/errors';
import type { TicketFields } from '../../../common/ticket-code';
import { getEvent, insertEventKey, listEventKeys, signingKey, type EventKeyRow } from '../db/event-queries';
import type { Database } from '../db/open';
import { generateEventKey, privateKeyObject, signTicket } from '../../../common/node/signing';

export function eventKeys(db: Database, eventId: string): EventKeyInfo[] {
  requireEvent(db, eventId);
  return listEventKeys(db, eventId).map(keyInfo);
}

export function createEventKey(db: Database, eventId: string, at: string): EventKeyInfo {
  requireEvent(db, eventId);
  const key = generateEventKey();
  insertEventKey(db, { eventId, ...key }, at);
  return keyInfo({ event_id: eventId, key_id: key.keyId, public_key: key.publicKey, private_key: key.privateKey, created_at: at, retired_at: null });
}

/**
 * A signer for the event's current key, creating a key (dated `at`) if the event has none it can
 * sign with.
 */
export function eventSigner(db: Database, eventId: string, at: string): (fields: Omit<TicketFields, 'keyId' | 'eventId'>) => string {
  let key = signingKey(db, eventId);
  if (!key) {
    createEventKey(db, eventId, at);
    key = signingKey(db, eventId)!;
  }
  const keyId = key.key_id;
  const privateKey = privateKeyObject(key.private_key!);
  return (fields) => signTicket({ ...fields, keyId, eventId }, privateKey);
}

function keyInfo(row: EventKeyRow): EventKeyInfo {
  return {
    eventId: row.event_id,
    keyId: row.key_id,
    publicKey: row.public_key,
    canSign: row.private_key !== null,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  };
}

function requireEvent(db: Database, eventId: string): void {
  if (!getEvent(db, eventId)) throw new ArrivalsError('not_found', `no event ${eventId} in this replica`);
}
