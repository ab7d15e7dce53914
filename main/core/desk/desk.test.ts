import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { doorFixture, type DoorFixture } from '../checkin/door-fixture';
import { openKiosk, type Kiosk } from '../kiosk';
import { getSetting, settingKeys } from '../db/settings-queries';

let door: DoorFixture;
let kiosk: Kiosk;
beforeEach(() => {
  door = doorFixture();
  door.addAttendee('GEN-1');
  door.addAttendee('GEN-2');
  door.addAttendee('GONE-1', { status: 'cancelled' });
  kiosk = openKiosk({ dataDir: door.dataDir, face: 'cli', clock: door.clock });
});
afterEach(() => {
  kiosk.close();
  door.close();
});

const call = (method: string, input: unknown) => kiosk.router.call(method, input);

describe('supervisor PIN', () => {
  it('is stored as a salted scrypt hash, never the PIN, and only the right PIN unlocks', async () => {
    expect(await call('kiosk.pinStatus', {})).toEqual({ pinSet: false });
    await expect(call('kiosk.unlock', { pin: '1234' })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/no supervisor PIN is set/) });

    expect(await call('kiosk.setPin', { pin: '482913' })).toEqual({ pinSet: true });
    const stored = JSON.stringify(getSetting(kiosk.context.replica(), settingKeys.supervisorPin));
    expect(stored).toMatch(/"algorithm":"scrypt"/);
    expect(stored).not.toContain('482913');
    const settingsText = JSON.stringify(kiosk.context.replica().prepare('SELECT * FROM settings').all());
    expect(settingsText).not.toContain('482913');

    expect(await call('kiosk.unlock', { pin: '482913' })).toEqual({ role: 'supervisor', idleLockSeconds: 180 });
    await expect(call('kiosk.unlock', { pin: '482914' })).rejects.toMatchObject({ code: 'forbidden', message: 'wrong PIN' });
  });

  it('changing a PIN needs the current one; a bad new PIN is refused and the old one still works', async () => {
    await call('kiosk.setPin', { pin: '1111' });
    await expect(call('kiosk.setPin', { pin: '2222' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(call('kiosk.setPin', { pin: '2222', currentPin: '9999' })).rejects.toMatchObject({ code: 'forbidden' });
    for (const pin of ['12', '123456789', '12a4', '']) {
      await expect(call('kiosk.setPin', { pin, currentPin: '1111' })).rejects.toMatchObject({ code: 'bad_input' });
    }
    await call('kiosk.unlock', { pin: '1111' });
    await call('kiosk.setPin', { pin: '2222', currentPin: '1111' });
    await call('kiosk.unlock', { pin: '2222' });
    await expect(call('kiosk.unlock', { pin: '1111' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('locks unlocking for a while after five wrong PINs in a row, even for the right PIN', async () => {
    await call('kiosk.setPin', { pin: '1111' });
    for (let i = 0; i < 4; i++) await expect(call('kiosk.unlock', { pin: '0000' })).rejects.toMatchObject({ message: 'wrong PIN' });
    await expect(call('kiosk.unlock', { pin: '0000' })).rejects.toMatchObject({ message: expect.stringMatching(/too many wrong PINs: try again in 30 s/) });
    await expect(call('kiosk.unlock', { pin: '1111' })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/too many wrong PINs/) });
    door.clock.advance(31_000);
    expect(await call('kiosk.unlock', { pin: '1111' })).toMatchObject({ role: 'supervisor' });
  });

  it('a demo kiosk gets the demo PIN 1234 unless it has a PIN already', async () => {
    await call('demo.create', { attendees: 3 });
    await call('kiosk.unlock', { pin: '1234' });
    await call('kiosk.setPin', { pin: '5678', currentPin: '1234' });
    await call('demo.create', { attendees: 3 });
    await expect(call('kiosk.unlock', { pin: '1234' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('desk settings and door counts', () => {
  it('keeps the desk settings with the door settings, validated, all or nothing', async () => {
    expect(await call('kiosk.settings', {})).toMatchObject({ direction: 'entry', verdictResetSeconds: 5, idleLockSeconds: 180, scannerPrefix: '', scannerSuffix: '' });
    const changed = await call('kiosk.configure', { direction: 'exit', verdictResetSeconds: 8, idleLockSeconds: 60, scannerPrefix: '#', scannerSuffix: '!' });
    expect(changed).toMatchObject({ direction: 'exit', verdictResetSeconds: 8, idleLockSeconds: 60, scannerPrefix: '#', scannerSuffix: '!' });
    for (const bad of [{ verdictResetSeconds: 0 }, { idleLockSeconds: 5 }, { scannerPrefix: 'a b' }, { scannerSuffix: '\r' }, { direction: 'sideways' }]) {
      await expect(call('kiosk.configure', { undoWindowSeconds: 10, ...bad })).rejects.toMatchObject({ code: 'bad_input' });
    }
    expect(await call('kiosk.settings', {})).toMatchObject({ direction: 'exit', verdictResetSeconds: 8, undoWindowSeconds: 300 });
  });

  it("counts the door's expected, admitted and inside-now attendees; an undone entry does not count", async () => {
    expect(await call('checkins.doorCounts', {})).toEqual({ eventId: 'evt-berlin', expected: 2, admitted: 0, insideNow: 0 });
    const first = (await call('checkins.checkIn', { code: 'GEN-1' })) as { checkinId: string };
    await call('checkins.checkIn', { code: 'GEN-2' });
    expect(await call('checkins.doorCounts', {})).toMatchObject({ expected: 2, admitted: 2, insideNow: 2 });
    door.clock.advance(1000);
    await call('checkins.checkIn', { code: 'GEN-2', direction: 'exit' });
    expect(await call('checkins.doorCounts', {})).toMatchObject({ admitted: 2, insideNow: 1 });
    await call('checkins.undo', { checkinId: first.checkinId, reason: 'wrong guest' });
    expect(await call('checkins.doorCounts', {})).toMatchObject({ admitted: 1, insideNow: 0 });
  });

  it("search says who is inside: each shown attendee's last movement (not undone), by code", async () => {
    const first = (await call('checkins.checkIn', { code: 'GEN-1' })) as { checkinId: string; at: string };
    await call('checkins.checkIn', { code: 'GEN-2' });
    door.clock.advance(1000);
    await call('checkins.checkIn', { code: 'GEN-2', direction: 'exit' });
    const found = (await call('attendees.search', { text: 'GEN' })) as { lastMovements: Record<string, { direction: string; at: string }> };
    expect(found.lastMovements).toEqual({ 'GEN-1': { direction: 'entry', at: first.at }, 'GEN-2': { direction: 'exit', at: expect.any(String) } });
    await call('checkins.undo', { checkinId: first.checkinId, reason: 'wrong guest' });
    expect(((await call('attendees.search', { text: 'GEN' })) as typeof found).lastMovements).not.toHaveProperty('GEN-1');
  });
});
