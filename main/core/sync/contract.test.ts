import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../../../common/clock';
import { openKiosk, type Kiosk } from '../kiosk';

const dirs: string[] = [];
const kiosks: Kiosk[] = [];
afterEach(() => {
  for (const k of kiosks.splice(0)) k.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function kiosk(): Kiosk {
  const dir = mkdtempSync(join(tmpdir(), 'arrivals-sync-contract-'));
  dirs.push(dir);
  const k = openKiosk({ dataDir: dir, face: 'cli', clock: manualClock('2026-11-24T09:00:00.000Z') });
  kiosks.push(k);
  return k;
}

describe('sync contract on a kiosk that is not enrolled', () => {
  it('sync.status says not_enrolled, with the queue', async () => {
    const k = kiosk();
    const status = await k.router.invoke('sync.status', {});
    expect(status).toMatchObject({ enrolled: false, state: 'not_enrolled', online: false, server: null, queue: 0, deadLetters: 0, duplicatesFlagged: 0, initialPull: null });
    expect(status.kioskId).toBe(k.context.identity.kioskId);
    const info = await k.router.invoke('app.info', {});
    expect(info.sync).toEqual(status);
  });

  it('lists nothing, and unenroll and now answer the status', async () => {
    const k = kiosk();
    expect(await k.router.invoke('sync.deadLetters', {})).toEqual({ items: [], total: 0 });
    expect(await k.router.invoke('sync.duplicates', {})).toEqual({ items: [], total: 0 });
    expect((await k.router.invoke('sync.unenroll', {})).state).toBe('not_enrolled');
    expect((await k.router.invoke('sync.now', {})).state).toBe('not_enrolled');
  });

  it('sync.enroll without an engine is a clear unavailable; a bad QR is bad_input', async () => {
    const k = kiosk();
    expect(await k.router.envelope('sync.enroll', { server: 'http://127.0.0.1:1', setupCode: 'ABCD-1234' })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await k.router.envelope('sync.enroll', { server: 'not a url', setupCode: 'ABCD-1234' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });
});

describe('attendees.registerWalkIn', () => {
  it('makes a W- code, checks the walk-in in, and queues the walk-in before its check-in', async () => {
    const k = kiosk();
    await k.router.invoke('demo.create', { attendees: 3 });
    const result = await k.router.invoke('attendees.registerWalkIn', { firstName: 'Walk', lastName: 'In', email: 'walk@example.org' });
    expect(result.attendee).toMatchObject({ firstName: 'Walk', lastName: 'In', email: 'walk@example.org', status: 'valid' });
    expect(result.attendee.code).toMatch(/^W-[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(result.verdict).toBe('admitted');
    expect(result.checkinId).toEqual(expect.any(String));
    const rows = k.context.replica().prepare("SELECT kind, json_extract(payload, '$.code') AS code FROM outbox ORDER BY seq").all();
    expect(rows).toEqual([
      { kind: 'walk_in', code: result.attendee.code },
      { kind: 'checkin', code: result.attendee.code },
    ]);
    expect((await k.router.invoke('sync.status', {})).queue).toBe(2);
    const again = await k.router.invoke('checkins.checkIn', { code: result.attendee.code });
    expect(again.verdict).toBe('already_in');
  });

  it('without a ticket type a walk-in gets the Walk-in type, else the first single-entry type: never a multi-entry staff type', async () => {
    const k = kiosk();
    await k.router.invoke('demo.create', { attendees: 3 });
    const db = k.context.replica();
    // Crew (multi-entry) first in the event's order, and first by name too.
    db.prepare("UPDATE ticket_types SET type_index = type_index + 10 WHERE event_id = 'demo'").run();
    db.prepare("UPDATE ticket_types SET type_index = 0 WHERE event_id = 'demo' AND name = 'Crew'").run();
    expect((await k.router.invoke('kiosk.settings', {})).walkInTicketType).toBe('General');
    const first = await k.router.invoke('attendees.registerWalkIn', { firstName: 'Wal', lastName: 'Ker' });
    expect(first.attendee.ticketType).toBe('General');
    // Naming Walk-in makes it on an event that lacks it; from then on it is the default.
    const named = await k.router.invoke('attendees.registerWalkIn', { firstName: 'Nam', lastName: 'Ed', ticketType: 'Walk-in' });
    expect(named.attendee.ticketType).toBe('Walk-in');
    expect((await k.router.invoke('kiosk.settings', {})).walkInTicketType).toBe('Walk-in');
    expect((await k.router.invoke('attendees.registerWalkIn', { firstName: 'Th', lastName: 'Ird' })).attendee.ticketType).toBe('Walk-in');
  });

  it('--no-checkin writes no check-in; an unknown ticket type changes nothing', async () => {
    const k = kiosk();
    await k.router.invoke('demo.create', { attendees: 3 });
    const before = await k.router.invoke('app.info', {});
    const bad = await k.router.envelope('attendees.registerWalkIn', { firstName: 'A', lastName: 'B', ticketType: 'No Such Type' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect((await k.router.invoke('app.info', {})).replica).toEqual(before.replica);
    const result = await k.router.invoke('attendees.registerWalkIn', { firstName: 'A', lastName: 'B', checkIn: false });
    expect(result.checkinId).toBeNull();
    expect(result.verdict).toBeUndefined();
  });
});
