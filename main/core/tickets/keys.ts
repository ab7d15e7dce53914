/** An event's signing keys as the kiosk holds them: list, create, and sign with the current one. */
import type { EventKeyInfo } from '../../../common/contract/checkins';
import { ArrivalsError } from '../../../common/contract/errors';
import { maxKeyIndex } from '../../../common/ticket-code';
import { getEvent, getTicketType, insertEventKey, listEventKeys, signingKey, type EventKeyRow } from '../db/event-queries';
import type { Database } from '../db/open';
import { generateEventKey, privateKeyObject, signTicket } from '../../../common/node/signing';

export function eventKeys(db: Database, eventId: string): EventKeyInfo[] {
  requireEvent(db, eventId);
  return listEventKeys(db, eventId).map(keyInfo);
}

/** A new key for the event, with its next key index; refused once the event has used all 256. */
export function createEventKey(db: Database, eventId: string, at: string): EventKeyInfo {
  requireEvent(db, eventId);
  const key = generateEventKey();
  return db.transaction(() => {
    const keyIndex = insertEventKey(db, { eventId, ...key }, at);
    if (keyIndex === null) {
      throw new ArrivalsError('conflict', `event ${eventId} already has ${maxKeyIndex + 1} signing keys, the most a code can tell apart; sign with the newest one`);
    }
    return keyInfo({ event_id: eventId, key_id: key.keyId, key_index: keyIndex, public_key: key.publicKey, private_key: key.privateKey, created_at: at, retired_at: null });
  })();
}

export interface TicketToSign {
  /** The ticket's serial, unique within the event (its ticket id is this number in decimal). */
  serial: number;
  /** A ticket type of the event, by name (the code carries its index). */
  ticketType: string;
  /** Unix seconds, 0 (default) for no bound. */
  validFrom?: number;
  validUntil?: number;
}

/**
 * A signer of `AR2:` codes with the event's current key, creating a key (dated `at`) if the event
 * has none it can sign with. Throws bad_input for a ticket type the event does not have (or that
 * has no index).
 */
export function eventSigner(db: Database, eventId: string, at: string): (ticket: TicketToSign) => string {
  let key = signingKey(db, eventId);
  if (!key) {
    createEventKey(db, eventId, at);
    key = signingKey(db, eventId)!;
  }
  const keyIndex = key.key_index!;
  const privateKey = privateKeyObject(key.private_key!);
  return (ticket) => {
    const typeIndex = getTicketType(db, eventId, ticket.ticketType)?.type_index;
    if (typeIndex === undefined || typeIndex === null) {
      throw new ArrivalsError('bad_input', `event ${eventId} has no ticket type "${ticket.ticketType}" that a signed code can name`);
    }
    return signTicket({ keyIndex, serial: ticket.serial, typeIndex, validFrom: ticket.validFrom ?? 0, validUntil: ticket.validUntil ?? 0 }, privateKey);
  };
}

function keyInfo(row: EventKeyRow): EventKeyInfo {
  return {
    eventId: row.event_id,
    keyId: row.key_id,
    keyIndex: row.key_index,
    publicKey: row.public_key,
    canSign: row.private_key !== null && row.key_index !== null,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  };
}

function requireEvent(db: Database, eventId: string): void {
  if (!getEvent(db, eventId)) throw new ArrivalsError('not_found', `no event ${eventId} in this replica`);
}
