import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateEventKey, signLegacyTicket, signTicket } from '../../../common/node/signing';
import { decodeTicketCode } from '../../../common/ticket-code';
import { insertRevocation, signingKey } from '../db/event-queries';
import { openReplica } from '../db/open';
import { setSetting, settingKeys } from '../db/settings-queries';
import { createEventKey, eventSigner } from '../tickets/keys';
import { addEvent, doorFixture, type DoorFixture } from './door-fixture';
import { checkinEngine, type CheckinEngine } from './engine';

let door: DoorFixture;
let engine: CheckinEngine;
let t0: string;
let kiosk: { kioskId: string; at: string };
const later = (minutes: number) => door.at(minutes);

beforeEach(() => {
  door = doorFixture();
  t0 = door.t0;
  kiosk = { kioskId: 'kiosk-a', at: t0 };
  engine = checkinEngine(door.db, door.clock);
});
afterEach(() => door.close());

const count = (table: string) => (door.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const writes = () => ({ checkins: count('checkins'), outbox: count('outbox'), attendees: count('attendees'), undos: count('checkin_undos') });

describe('entry verdicts', () => {
  it('admits a valid code once, writing the check-in and its outbox row; the second scan is already_in', () => {
    door.addAttendee('PLAIN-1');
    const first = engine.checkIn(' PLAIN-1\n', kiosk);
    expect(first).toMatchObject({ verdict: 'admitted', pass: true, attendee: { code: 'PLAIN-1', firstName: 'Zoë', lastName: 'Müller' }, reason: null });
    expect(first.checkinId).toMatch(/^[0-9a-f-]{36}$/);

    const outbox = door.db.prepare('SELECT kind, ref_id, payload FROM outbox').all() as Array<{ kind: string; ref_id: string; payload: string }>;
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.ref_id).toBe(first.checkinId);
    expect(JSON.parse(outbox[0]!.payload)).toEqual({ id: first.checkinId, kioskId: 'kiosk-a', code: 'PLAIN-1', direction: 'entry', at: t0, verdict: 'admitted' });

    const second = engine.checkIn('PLAIN-1', { kioskId: 'kiosk-b', at: later(3) });
    expect(second).toMatchObject({ verdict: 'already_in', pass: false, checkinId: null, previous: { checkinId: first.checkinId, at: t0, kioskId: 'kiosk-a' } });
    expect(second.reason).toContain('kiosk-a');
    expect(writes()).toMatchObject({ checkins: 1, outbox: 1 });
  });

  it('answers unknown for a code not in the replica, writing nothing', () => {
    const before = writes();
    expect(engine.checkIn('NOPE', kiosk)).toMatchObject({ verdict: 'unknown', attendee: null, checkinId: null, pass: false });
    expect(engine.checkIn('', kiosk)).toMatchObject({ verdict: 'unknown' });
    expect(writes()).toEqual(before);
  });

  it('refuses cancelled, refunded and pending tickets with the reason', () => {
    door.addAttendee('C', { status: 'cancelled' });
    door.addAttendee('R', { status: 'refunded' });
    door.addAttendee('P', { status: 'pending' });
    expect(engine.checkIn('C', kiosk)).toMatchObject({ verdict: 'cancelled', reason: 'the ticket was cancelled', attendee: { status: 'cancelled' } });
    expect(engine.checkIn('R', kiosk)).toMatchObject({ verdict: 'cancelled', reason: 'the ticket was refunded' });
    expect(engine.checkIn('P', kiosk)).toMatchObject({ verdict: 'cancelled', reason: 'payment is still pending' });
    expect(count('checkins')).toBe(0);
  });

  it('says wrong_event for an attendee of another event in the replica', () => {
    addEvent(door.db, 'evt-paris', 'Paris Forum', t0);
    door.addAttendee('PARIS-1', { eventId: 'evt-paris' });
    expect(engine.checkIn('PARIS-1', kiosk)).toMatchObject({ verdict: 'wrong_event', reason: 'the ticket is for Paris Forum', attendee: { eventId: 'evt-paris' } });
    expect(count('checkins')).toBe(0);
  });

  it('keeps to the doors window', () => {
    door.addAttendee('A');
    const berlinTime = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(Date.parse(iso));
    const justBefore = new Date(Date.parse(door.doors.open) - 60_000).toISOString();
    const justAfter = new Date(Date.parse(door.doors.close) + 60_000).toISOString();
    expect(engine.checkIn('A', { kioskId: 'k', at: justBefore })).toMatchObject({ verdict: 'not_yet_open', reason: expect.stringContaining(berlinTime(door.doors.open)) });
    expect(engine.checkIn('A', { kioskId: 'k', at: justAfter })).toMatchObject({ verdict: 'closed', reason: expect.stringContaining(berlinTime(door.doors.close)) });
    expect(count('checkins')).toBe(0);
    expect(engine.checkIn('A', { kioskId: 'k', at: door.doors.open }).verdict).toBe('admitted');
  });

  it("refuses ticket types the kiosk does not admit", () => {
    door.addAttendee('G');
    door.addAttendee('V', { ticketType: 'VIP' });
    setSetting(door.db, settingKeys.allowedTicketTypes, ['VIP']);
    expect(engine.checkIn('G', kiosk)).toMatchObject({ verdict: 'ticket_type_not_allowed', reason: 'General tickets are not admitted at this kiosk' });
    expect(engine.checkIn('V', kiosk).pass).toBe(true);
    expect(count('checkins')).toBe(1);
  });

  it('admits VIPs and attendees with a note as needs_attention, and writes them', () => {
    door.addAttendee('VIP', { vip: true });
    door.addAttendee('NOTE', { note: 'Wheelchair: escort to row A' });
    expect(engine.checkIn('VIP', kiosk)).toMatchObject({ verdict: 'needs_attention', pass: true, reason: 'VIP' });
    const noted = engine.checkIn('NOTE', kiosk);
    expect(noted).toMatchObject({ verdict: 'needs_attention', reason: 'Wheelchair: escort to row A' });
    const row = door.db.prepare('SELECT verdict FROM checkins WHERE id = ?').get(noted.checkinId);
    expect(row).toEqual({ verdict: 'needs_attention' });
    expect(count('outbox')).toBe(2);
  });
});

describe('exits, re-entry and inside now', () => {
  it('records an exit of someone inside, and nothing for someone who is not', () => {
    door.addAttendee('A');
    door.addAttendee('B');
    engine.checkIn('A', kiosk);
    expect(engine.insideNow().insideNow).toBe(1);
    const out = engine.checkIn('A', { ...kiosk, direction: 'exit', at: later(10) });
    expect(out).toMatchObject({ verdict: 'exited', pass: true, direction: 'exit' });
    expect(out.checkinId).not.toBeNull();
    expect(engine.insideNow()).toEqual({ eventId: door.eventId, insideNow: 0 });

    const notIn = engine.checkIn('B', { ...kiosk, direction: 'exit' });
    expect(notIn).toMatchObject({ verdict: 'exited', checkinId: null, reason: 'was not checked in; nothing recorded' });
    expect(engine.checkIn('NOPE', { ...kiosk, direction: 'exit' }).verdict).toBe('unknown');
    expect(writes()).toMatchObject({ checkins: 2, outbox: 2 });
  });

  it('lets a multi-entry ticket back in after an exit, but not a single-entry one', () => {
    door.addAttendee('STAFF', { ticketType: 'Staff' });
    door.addAttendee('GEN');
    for (const code of ['STAFF', 'GEN']) {
      expect(engine.checkIn(code, kiosk).pass).toBe(true);
      expect(engine.checkIn(code, { ...kiosk, direction: 'exit', at: later(5) }).checkinId).not.toBeNull();
    }
    expect(engine.checkIn('STAFF', { ...kiosk, at: later(20) }).verdict).toBe('admitted');
    expect(engine.checkIn('STAFF', { ...kiosk, at: later(21) }).verdict).toBe('already_in');
    expect(engine.checkIn('GEN', { ...kiosk, at: later(20) })).toMatchObject({ verdict: 'already_in', previous: { at: t0 } });
    expect(engine.insideNow().insideNow).toBe(1);
  });
});

describe('signed codes', () => {
  const flip = (code: string, i: number) => code.slice(0, i) + (code[i] === 'A' ? 'B' : 'A') + code.slice(i + 1);

  it('admits a validly signed AR2 ticket not in the replica, adding its attendee with the serial as ticket id', () => {
    const code = door.sign(9001);
    expect(code).toMatch(/^AR2:/);
    const before = count('attendees');
    const first = engine.checkIn(code.toLowerCase(), kiosk);
    expect(first).toMatchObject({ verdict: 'admitted', attendee: { code, ticketType: 'General', eventId: door.eventId } });
    expect(count('attendees')).toBe(before + 1);
    expect(door.db.prepare('SELECT origin, ticket_id FROM attendees WHERE code = ?').get(code)).toEqual({ origin: 'signed_code', ticket_id: '9001' });
    expect(engine.checkIn(code, kiosk).verdict).toBe('already_in');
  });

  it('still admits a legacy AR1 code issued before, by the same key', () => {
    const code = door.signLegacy('T-9001', { ticketType: 'VIP' });
    expect(code).toMatch(/^AR1:/);
    expect(engine.checkIn(code, kiosk)).toMatchObject({ verdict: 'admitted', attendee: { code, ticketType: 'VIP' } });
    expect(door.db.prepare('SELECT origin, ticket_id FROM attendees WHERE code = ?').get(code)).toEqual({ origin: 'signed_code', ticket_id: 'T-9001' });
    expect(engine.checkIn(code, { ...kiosk, at: later(1) }).verdict).toBe('already_in');
  });

  it('refuses altered and forged codes of both formats as unknown and writes nothing', () => {
    const before = writes();
    for (const code of [door.sign(1), door.signLegacy('T-1')]) {
      const altered = flip(code, code.length - 20);
      expect(engine.checkIn(altered, kiosk), altered).toMatchObject({ verdict: 'unknown', reason: expect.stringMatching(/^the code was altered or forged/) });
    }
    expect(engine.checkIn('AR1:' + 'A'.repeat(140), kiosk)).toMatchObject({ verdict: 'unknown', reason: 'not a valid ticket code' });
    expect(engine.checkIn('AR2:' + '0'.repeat(105), kiosk)).toMatchObject({ verdict: 'unknown', reason: 'not a valid ticket code' });
    expect(writes()).toEqual(before);
  });

  it('refuses a revoked code of either format as cancelled', () => {
    for (const code of [door.sign(2), door.signLegacy('T-2')]) {
      insertRevocation(door.db, door.eventId, code, 're-issued', t0);
      expect(engine.checkIn(code, kiosk)).toMatchObject({ verdict: 'cancelled', reason: 'revoked: re-issued' });
    }
    expect(count('checkins')).toBe(0);
  });

  it("keeps to the ticket's own validity window, in both formats", () => {
    const at = Math.floor(Date.parse(t0) / 1000);
    type Window = { validFrom?: number; validUntil?: number };
    for (const [i, sign] of [(n: number, w: Window) => door.sign(n, w), (n: number, w: Window) => door.signLegacy(`T-${n}`, w)].entries()) {
      const serial = 10 * i;
      expect(engine.checkIn(sign(serial + 3, { validFrom: at + 3600 }), kiosk)).toMatchObject({ verdict: 'not_yet_open', checkinId: null });
      expect(engine.checkIn(sign(serial + 4, { validUntil: at - 1 }), kiosk)).toMatchObject({ verdict: 'closed', checkinId: null });
      expect(engine.checkIn(sign(serial + 5, { validFrom: at - 60, validUntil: at + 60 }), kiosk).verdict).toBe('admitted');
    }
  });

  it("says wrong_event for a code signed by another event's key it holds, unknown when it holds none that verifies", () => {
    addEvent(door.db, 'evt-paris', 'Paris Forum', t0);
    // Both events' first keys have index 0: the signature tells them apart.
    const paris = eventSigner(door.db, 'evt-paris', t0)({ serial: 1, ticketType: 'General' });
    expect(engine.checkIn(paris, kiosk)).toMatchObject({ verdict: 'wrong_event', reason: 'the ticket is for Paris Forum' });
    door.db.prepare("DELETE FROM event_keys WHERE event_id = 'evt-paris'").run();
    expect(engine.checkIn(paris, kiosk)).toMatchObject({ verdict: 'unknown', reason: 'the code was altered or forged, or is signed with a key this kiosk does not hold' });
    expect(count('checkins')).toBe(0);
  });

  it('says unknown for an AR2 code whose key index it holds no key for (a key made after its last sync)', () => {
    const stranger = generateEventKey();
    const code = signTicket({ keyIndex: 7, serial: 1, typeIndex: 0, validFrom: 0, validUntil: 0 }, stranger.privateKey);
    expect(engine.checkIn(code, kiosk)).toMatchObject({ verdict: 'unknown', reason: 'signed with a key this kiosk does not hold' });
  });

  it('verifies codes of every key of the event after a new key is made, each under its own index', () => {
    const old = door.sign(31);
    createEventKey(door.db, door.eventId, t0);
    const fresh = door.sign(32);
    expect(decodeTicketCode(fresh)).toMatchObject({ ok: true, code: { fields: { keyIndex: 1 } } });
    expect(engine.checkIn(old, kiosk).verdict).toBe('admitted');
    expect(engine.checkIn(fresh, kiosk).verdict).toBe('admitted');
  });

  it("refuses a legacy code signed with this event's key but claiming another event", () => {
    addEvent(door.db, 'evt-paris', 'Paris Forum', t0);
    const berlin = signingKey(door.db, door.eventId)!;
    const claimsParis = signLegacyTicket({ keyId: berlin.key_id, eventId: 'evt-paris', ticketId: 'X-1', ticketType: 'General', validFrom: 0, validUntil: 0 }, berlin.private_key!);
    expect(engine.checkIn(claimsParis, kiosk)).toMatchObject({ verdict: 'unknown', checkinId: null });
    expect(engine.checkIn(claimsParis, { ...kiosk, eventId: 'evt-paris' })).toMatchObject({ verdict: 'unknown', checkinId: null });
  });

  it('says unknown, writing nothing, for an AR2 code of a ticket type this kiosk has not synced yet', () => {
    const before = writes();
    expect(engine.checkIn(door.sign(40, { typeIndex: 9 }), kiosk)).toMatchObject({
      verdict: 'unknown',
      checkinId: null,
      reason: 'ticket type #9 is not known to this kiosk yet; sync it',
    });
    expect(writes()).toEqual(before);
    // Staff is type #2 in the fixture.
    expect(engine.checkIn(door.sign(41, { typeIndex: 2 }), kiosk)).toMatchObject({ verdict: 'admitted', attendee: { ticketType: 'Staff' } });
  });

  it('admits a legacy signed ticket of a type the replica has not heard of yet, adding the type', () => {
    expect(engine.checkIn(door.signLegacy('T-6', { ticketType: 'Workshop' }), kiosk).verdict).toBe('admitted');
    expect(door.db.prepare("SELECT multi_entry, type_index FROM ticket_types WHERE name = 'Workshop'").get()).toEqual({ multi_entry: 0, type_index: 3 });
  });
});

describe('codes typed by hand', () => {
  it('finds a plain code typed in the wrong case when exactly one ticket matches, and records the stored code', () => {
    door.addAttendee('WALK-002');
    const result = engine.checkIn('walk-002', kiosk);
    expect(result).toMatchObject({ verdict: 'admitted', attendee: { code: 'WALK-002' } });
    const payload = JSON.parse((door.db.prepare('SELECT payload FROM outbox').get() as { payload: string }).payload) as { code: string };
    expect(payload.code).toBe('WALK-002');
    expect(engine.checkIn('Walk-002', { ...kiosk, at: later(1) })).toMatchObject({ verdict: 'already_in' });
  });

  it('does not guess between two codes that differ only in case', () => {
    door.addAttendee('ab-1');
    door.addAttendee('AB-1');
    expect(engine.checkIn('Ab-1', kiosk)).toMatchObject({ verdict: 'unknown', checkinId: null });
    expect(engine.checkIn('ab-1', kiosk)).toMatchObject({ verdict: 'admitted', attendee: { code: 'ab-1' } });
    expect(count('checkins')).toBe(1);
  });

  it('refuses a revoked plain code typed in another case', () => {
    door.addAttendee('REV-1');
    insertRevocation(door.db, door.eventId, 'REV-1', 'lost', t0);
    expect(engine.checkIn('rev-1', kiosk)).toMatchObject({ verdict: 'cancelled', reason: 'revoked: lost' });
  });
});

describe("the kiosk's clock", () => {
  it('decides a scan without a time at the clock\'s now, so the doors close when the clock passes them', () => {
    door.addAttendee('A');
    door.addAttendee('B');
    expect(engine.checkIn('A', { kioskId: 'k' })).toMatchObject({ verdict: 'admitted', at: t0 });
    door.clock.set(Date.parse(door.doors.close) + 1000);
    expect(engine.checkIn('B', { kioskId: 'k' })).toMatchObject({ verdict: 'closed' });
  });
});

describe('undo', () => {
  it('records an undo with its outbox row, keeps the check-in, and lets the guest in again', () => {
    door.addAttendee('A');
    const first = engine.checkIn('A', kiosk);
    const undo = engine.undo(first.checkinId!, { kioskId: 'kiosk-a', at: later(2), reason: 'wrong person' });
    expect(undo).toMatchObject({ checkinId: first.checkinId, at: later(2), attendee: { code: 'A' } });
    expect(writes()).toMatchObject({ checkins: 1, undos: 1, outbox: 2 });
    const row = door.db.prepare("SELECT payload FROM outbox WHERE kind = 'undo'").get() as { payload: string };
    expect(JSON.parse(row.payload)).toEqual({ id: undo.undoId, checkinId: first.checkinId, kioskId: 'kiosk-a', at: later(2), reason: 'wrong person' });
    expect(engine.insideNow().insideNow).toBe(0);
    expect(engine.checkIn('A', { ...kiosk, at: later(3) }).verdict).toBe('admitted');
    expect(() => engine.undo(first.checkinId!, { kioskId: 'kiosk-a', at: later(3) })).toThrow(/already undone/);
  });

  it('is refused after the window, which is a setting', () => {
    door.addAttendee('A');
    door.addAttendee('B');
    const a = engine.checkIn('A', kiosk);
    expect(() => engine.undo(a.checkinId!, { kioskId: 'k', at: later(6) })).toThrow(/too late .* 5 min/);
    setSetting(door.db, settingKeys.undoWindowSeconds, 600);
    expect(engine.undo(a.checkinId!, { kioskId: 'k', at: later(6) }).checkinId).toBe(a.checkinId);
    expect(() => engine.undo('no-such-id', { kioskId: 'k' })).toThrow(/no check-in/);
    expect(count('checkin_undos')).toBe(1);
  });
});

describe('two processes on one replica', () => {
  it('never admits one ticket twice through two connections', () => {
    door.addAttendee('SHARED');
    const other = openReplica(door.dataDir, door.clock);
    try {
      const second = checkinEngine(other, door.clock);
      expect(engine.checkIn('SHARED', kiosk).verdict).toBe('admitted');
      expect(second.checkIn('SHARED', { kioskId: 'kiosk-b', at: later(1) })).toMatchObject({ verdict: 'already_in', previous: { kioskId: 'kiosk-a' } });
      expect(count('checkins')).toBe(1);
    } finally {
      other.close();
    }
  });
});
