/**
 * A guest registered at the door. The kiosk makes the code (it holds no signing key for a cloud
 * event, so a short random code: `W-` and 10 symbols of Crockford's base32, 50 bits), writes the
 * attendee with origin `walk_in` and an outbox row that tells the cloud about them (idempotent by
 * the walk-in's client id), then checks them in through the door's engine like any other scan.
 * The walk-in's outbox row is written before the check-in's, so the cloud knows the code first.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { nowIso, type Clock } from '../../../common/clock';
import type { IngestWalkIn } from '../../../common/cloud-api';
import type { WalkInResult } from '../../../common/contract/attendees';
import { walkInTicketType } from '../../../common/domain/attendee';
import { ArrivalsError } from '../../../common/contract/errors';
import { findAttendeeById, insertAttendee, toAttendee } from '../db/checkin-queries';
import { ensureTicketType, getTicketType, ticketTypeNames, ticketTypesInOrder } from '../db/event-queries';
import type { Database } from '../db/open';
import { insertWalkInOutbox } from '../db/sync-queries';
import { requireCurrentEventId } from '../settings/kiosk-settings';
import type { CheckinEngine } from './engine';

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The ticket type a walk-in gets on an event that has none (the cloud creates it too). */
export { walkInTicketType };

/**
 * The ticket type a walk-in gets when none is chosen (the desk's form preselects the same one, read
 * from kiosk.settings): the event's `Walk-in` type if it has one, else its first single-entry type
 * (a multi-entry staff type such as Crew is never a guest's default), else its first type, else
 * `Walk-in` (created with the walk-in, as the cloud does).
 */
export function chooseWalkInTicketType(types: ReadonlyArray<{ name: string; multiEntry: boolean }>): string {
  return (types.find((t) => t.name === walkInTicketType) ?? types.find((t) => !t.multiEntry) ?? types[0])?.name ?? walkInTicketType;
}

export function defaultWalkInTicketType(db: Database, eventId: string): string {
  return chooseWalkInTicketType(ticketTypesInOrder(db, eventId));
}

export function walkInCode(): string {
  const bytes = randomBytes(10);
  let code = 'W-';
  for (const byte of bytes) code += crockford[byte & 31];
  return code;
}

export interface WalkIn {
  firstName: string;
  lastName: string;
  email?: string | undefined;
  company?: string | undefined;
  ticketType?: string | undefined;
  checkIn: boolean;
}

export function registerWalkIn(db: Database, engine: CheckinEngine, clock: Clock, kioskId: string, input: WalkIn): WalkInResult {
  const eventId = requireCurrentEventId(db);
  const at = nowIso(clock);
  const register = db.transaction(() => {
    let ticketType = input.ticketType;
    if (ticketType !== undefined && ticketType !== walkInTicketType) {
      if (!getTicketType(db, eventId, ticketType)) {
        const known = [...ticketTypeNames(db, eventId)];
        throw new ArrivalsError('bad_input', `attendees.registerWalkIn: ticketType: "${ticketType}" is not a ticket type of event ${eventId}${known.length ? ` (${known.join(', ')})` : ''}`);
      }
    } else {
      // `Walk-in` by name is always accepted (made if the event lacks it, as the cloud does).
      ticketType ??= defaultWalkInTicketType(db, eventId);
      ensureTicketType(db, eventId, ticketType, at);
    }
    const values = {
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email ?? '',
      company: input.company ?? '',
      ticketType,
      status: 'valid' as const,
      vip: false,
      note: '',
      badgeFields: {},
    };
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = walkInCode();
      const id = insertAttendee(db, { ...values, eventId, code, ticketId: null, origin: 'walk_in' }, at);
      if (id === undefined) continue;
      // Exactly the cloud's walk-in item: idempotent there by clientId, keeping the code printed here.
      const payload = {
        clientId: randomUUID(),
        kioskId,
        code,
        firstName: values.firstName,
        lastName: values.lastName,
        email: values.email,
        company: values.company,
        ticketType,
        at,
      } satisfies IngestWalkIn;
      insertWalkInOutbox(db, payload, at);
      return id;
    }
    throw new ArrivalsError('internal', 'could not make an unused walk-in code');
  });
  const rowId = register.immediate();
  const row = findAttendeeById(db, rowId)!;
  if (!input.checkIn) return { attendee: toAttendee(row), checkinId: null };
  const result = engine.checkIn(row.code, { kioskId, source: 'walk_in', eventId });
  return { attendee: toAttendee(row), checkinId: result.checkinId, verdict: result.verdict };
}
