// The demo issues AR2 codes whose serial is the ticket id, and tops up a demo made before them
// (legacy AR1 codes, ticket ids D00001…) without issuing anyone twice.
import { afterEach, expect, it } from 'vitest';
import { manualClock, nowIso, systemClock } from '../../../common/clock';
import { decodeTicketCode } from '../../../common/ticket-code';
import { signLegacyTicket } from '../../../common/node/signing';
import { checkinEngine } from '../checkin/engine';
import { insertAttendee } from '../db/checkin-queries';
import { signingKey, ticketTypeByIndex } from '../db/event-queries';
import { tempReplica, type TempReplica } from '../testing/replica-fixture';
import { createDemo, demoEventId } from './demo';

let replica: TempReplica;
afterEach(() => replica.close());

const ticketsOf = (replica: TempReplica) =>
  replica.db.prepare('SELECT ticket_id, code, ticket_type FROM attendees WHERE event_id = ? ORDER BY id').all(demoEventId) as Array<{ ticket_id: string; code: string; ticket_type: string }>;

it('signs every demo ticket as an AR2 code carrying its serial, type and key, which the kiosk admits', () => {
  replica = tempReplica();
  const clock = manualClock(systemClock.now());
  const demo = createDemo(replica.db, { attendees: 30, now: clock.now() });
  expect(demo.attendees).toBe(30);
  const tickets = ticketsOf(replica);
  for (const [i, ticket] of tickets.entries()) {
    const decoded = decodeTicketCode(ticket.code);
    expect(decoded.ok && decoded.code.version).toBe(2);
    if (!decoded.ok || decoded.code.version !== 2) continue;
    expect(decoded.code.fields).toMatchObject({ serial: i + 1, keyIndex: 0 });
    expect(ticket.ticket_id).toBe(String(i + 1));
    expect(ticketTypeByIndex(replica.db, demoEventId, decoded.code.fields.typeIndex)?.name).toBe(ticket.ticket_type);
  }
  expect(new Set(tickets.map((t) => t.ticket_type))).toEqual(new Set(['General', 'VIP', 'Crew']));
  const door = checkinEngine(replica.db, clock);
  expect(door.checkIn(demo.sampleCodes[0]!, { kioskId: 'k' })).toMatchObject({ verdict: 'admitted' });
});

it('tops up a demo made before AR2 codes without issuing its tickets again', () => {
  replica = tempReplica();
  const now = systemClock.now();
  createDemo(replica.db, { attendees: 1, now });
  // Rewrite the first ticket as the old demo had it, then add two more the old way.
  const key = signingKey(replica.db, demoEventId)!;
  replica.db.prepare('DELETE FROM attendees').run();
  const at = nowIso(systemClock);
  for (const n of [1, 2, 3]) {
    const ticketId = `D0000${n}`;
    const code = signLegacyTicket({ keyId: key.key_id, eventId: demoEventId, ticketId, ticketType: 'General', validFrom: 0, validUntil: 0 }, key.private_key!);
    insertAttendee(
      replica.db,
      { eventId: demoEventId, code, ticketId, firstName: 'Old', lastName: `Guest ${n}`, email: '', company: '', ticketType: 'General', status: 'valid', vip: false, note: '', badgeFields: {}, origin: 'demo' },
      at,
    );
  }
  expect(createDemo(replica.db, { attendees: 5, now }).attendees).toBe(5);
  expect(ticketsOf(replica).map((t) => [t.ticket_id, t.code.slice(0, 4)])).toEqual([
    ['D00001', 'AR1:'],
    ['D00002', 'AR1:'],
    ['D00003', 'AR1:'],
    ['4', 'AR2:'],
    ['5', 'AR2:'],
  ]);
});
