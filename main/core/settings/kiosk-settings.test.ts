import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nowIso } from '../../../common/clock';
import { addEvent, doorFixture, type DoorFixture } from '../checkin/door-fixture';
import { saveEnrollment } from '../db/sync-queries';
import { openKiosk, type Kiosk } from '../kiosk';

let door: DoorFixture;
let kiosk: Kiosk;
beforeEach(() => {
  door = doorFixture();
  door.addAttendee('GEN-1');
  door.addAttendee('VIP-1', { ticketType: 'VIP' });
  kiosk = openKiosk({ dataDir: door.dataDir, face: 'cli', clock: door.clock });
});
afterEach(() => {
  kiosk.close();
  door.close();
});

const call = (method: string, input: unknown) => kiosk.router.call(method, input);
const settings = () => call('kiosk.settings', {});

describe('kiosk.settings / kiosk.configure', () => {
  it('reports the defaults: the current event, every type admitted, a 5-minute undo window', async () => {
    expect(await settings()).toEqual({
      currentEventId: 'evt-berlin',
      allowedTicketTypes: null,
      undoWindowSeconds: 300,
      ticketTypes: ['General', 'Staff', 'VIP'],
      walkInTicketType: 'General',
      direction: 'entry',
      verdictResetSeconds: 5,
      idleLockSeconds: 180,
      scannerPrefix: '',
      scannerSuffix: '',
      mode: 'desk',
      kioskName: '',
      eventColor: null,
      eventName: 'Berlin Summit',
    });
  });

  it('restricts the door to the allowed ticket types, and null admits every type again', async () => {
    expect(await call('kiosk.configure', { allowedTicketTypes: ['VIP', 'VIP'] })).toMatchObject({ allowedTicketTypes: ['VIP'] });
    expect(await call('checkins.checkIn', { code: 'GEN-1' })).toMatchObject({ verdict: 'ticket_type_not_allowed', checkinId: null });
    expect(await call('checkins.checkIn', { code: 'VIP-1' })).toMatchObject({ verdict: 'admitted' });
    await call('kiosk.configure', { allowedTicketTypes: null });
    expect(await call('checkins.checkIn', { code: 'GEN-1' })).toMatchObject({ verdict: 'admitted' });
  });

  it('refuses a ticket type the event does not have, changing nothing (a typo would turn every guest away)', async () => {
    await expect(call('kiosk.configure', { allowedTicketTypes: ['Vip'], undoWindowSeconds: 60 })).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/no ticket type "Vip" \(its types: General, Staff, VIP\)/),
    });
    expect(await settings()).toMatchObject({ allowedTicketTypes: null, undoWindowSeconds: 300 });
  });

  it('checks the allowed types against the new event when the event changes', async () => {
    addEvent(door.db, 'evt-paris', 'Paris Forum', door.t0);
    door.db.prepare("DELETE FROM ticket_types WHERE event_id = 'evt-paris' AND name = 'VIP'").run();
    await call('kiosk.configure', { allowedTicketTypes: ['VIP'] });
    await expect(call('kiosk.configure', { currentEventId: 'evt-paris' })).rejects.toMatchObject({ code: 'bad_input' });
    expect(await settings()).toMatchObject({ currentEventId: 'evt-berlin' });
    expect(await call('kiosk.configure', { currentEventId: 'evt-paris', allowedTicketTypes: null })).toMatchObject({ currentEventId: 'evt-paris', ticketTypes: ['General', 'Staff'] });
    expect(await call('checkins.checkIn', { code: 'GEN-1' })).toMatchObject({ verdict: 'wrong_event' });
  });

  it('asks for a current event when the replica holds several and none is chosen', async () => {
    addEvent(door.db, 'evt-paris', 'Paris Forum', door.t0);
    door.db.prepare("DELETE FROM settings WHERE key = 'current_event_id'").run();
    const choose = /holds 2 events and none is current; choose one with "arrivals config --event ID" \(events: evt-berlin, evt-paris\)/;
    await expect(call('checkins.checkIn', { code: 'GEN-1' })).rejects.toThrow(choose);
    await expect(call('keys.list', {})).rejects.toThrow(choose);
    await call('kiosk.configure', { currentEventId: 'evt-berlin' });
    expect(await call('checkins.checkIn', { code: 'GEN-1' })).toMatchObject({ verdict: 'admitted' });
  });

  it("renames the current event (a list's \"Imported attendees\"), trimmed; a blank or invisible name changes nothing", async () => {
    door.clock.advance(60_000);
    expect(await call('kiosk.configure', { eventName: '  Tech Summit 2026 ' })).toMatchObject({ eventName: 'Tech Summit 2026' });
    expect(door.db.prepare("SELECT name, updated_at FROM events WHERE id = 'evt-berlin'").get()).toEqual({ name: 'Tech Summit 2026', updated_at: nowIso(door.clock) });
    expect(await call('selfService.welcome', {})).toMatchObject({ eventName: 'Tech Summit 2026' });
    for (const eventName of ['', '   ', '\u200b\u200b', 'a\u0000b', 'x'.repeat(201)]) {
      await expect(call('kiosk.configure', { eventName, kioskName: 'Hall A' })).rejects.toMatchObject({ code: 'bad_input' });
    }
    expect(await settings()).toMatchObject({ eventName: 'Tech Summit 2026', kioskName: '' });
  });

  it("keeps the cloud's name for the event the kiosk is enrolled to", async () => {
    saveEnrollment(door.db, { server: 'https://cloud.example', eventId: 'evt-berlin', deviceId: 'd1', kioskId: 'k1', at: door.t0 });
    await expect(call('kiosk.configure', { eventName: 'Mine now' })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/comes from the cloud.*rename it there/) });
    expect(await settings()).toMatchObject({ eventName: 'Berlin Summit' });
  });

  it('refuses an event that is not in the replica', async () => {
    await expect(call('kiosk.configure', { currentEventId: 'nope' })).rejects.toMatchObject({ code: 'not_found', message: 'no event nope in this replica' });
  });

  it('sets the undo window the engine applies, within 0 s to a day', async () => {
    const admitted = (await call('checkins.checkIn', { code: 'GEN-1', at: door.at(-2) })) as { checkinId: string };
    await call('kiosk.configure', { undoWindowSeconds: 90 });
    await expect(call('checkins.undo', { checkinId: admitted.checkinId })).rejects.toThrow(/undo is allowed for 1 min 30 s after a check-in/);
    await call('kiosk.configure', { undoWindowSeconds: 180 });
    expect(await call('checkins.undo', { checkinId: admitted.checkinId })).toMatchObject({ checkinId: admitted.checkinId });
    for (const undoWindowSeconds of [-1, 1.5, 86_401]) {
      await expect(call('kiosk.configure', { undoWindowSeconds })).rejects.toMatchObject({ code: 'bad_input' });
    }
    await expect(call('kiosk.configure', { allowedTicketTypes: [] })).rejects.toMatchObject({ code: 'bad_input' });
    await expect(call('kiosk.configure', { surprise: true })).rejects.toMatchObject({ code: 'bad_input' });
  });
});
