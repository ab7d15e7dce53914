// Databases made before a migration open with their rows kept and the migration's rules in force.
// A database made before migration 0002 opens with its rows kept and the new refusals in force:
// its ticket types stay closed to the public, its devices are bound to their own ids, and its
// check-ins (stored without a first answer) answer replays from the row.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isoFromNow, manualClock, nowIso } from '../../common/clock';
import { decodeTicketCode } from '../../common/ticket-code';
import { generateEventKey } from '../../common/node/signing';
import { registerAttendee } from '../store/attendees';
import { ingestCheckins } from '../store/ingest';
import { eventStats } from '../store/stats';
import { ingestUndos } from '../store/undos';
import { openCloudDb } from './connect';
import { migrations } from './migrations';

const dir = mkdtempSync(join(tmpdir(), 'arrivals-cloud-upgrade-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 0002 on a database from before it', () => {
  it('keeps every row and applies the new rules to them', async () => {
    const clock = manualClock('2031-02-03T10:00:00Z');
    const at = nowIso(clock);
    const file = join(dir, 'old.db');
    const old = new Database(file);
    old.exec('CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    for (const statement of migrations[0]!.statements) old.exec(statement);
    old.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(migrations[0]!.id, at);
    old.prepare('INSERT INTO events (id, name, time_zone, last_seq, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)').run('ev', 'Old', 'UTC', at, at);
    old.prepare('INSERT INTO ticket_types (event_id, name, color, multi_entry, capacity, position, updated_at) VALUES (?, ?, ?, 0, NULL, 0, ?)').run('ev', 'VIP', '#000000', at);
    old.prepare('INSERT INTO attendees (id, event_id, ticket_id, code, first_name, last_name, email, email_key, company, ticket_type, status, vip, note, badge_fields, origin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)')
      .run('A1', 'ev', 'T1', 'OLD-1', 'Ada', 'L', '', '', '', 'VIP', 'valid', '', '{}', 'import', at, at);
    old.prepare('INSERT INTO devices (id, event_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)').run('D1', 'ev', 'door', 'hash', at);
    const checkinId = randomUUID();
    old.prepare(`INSERT INTO checkins (event_id, id, kiosk_id, code, attendee_id, ticket_type, direction, at, verdict, result, recorded, flagged, received_at)
      VALUES ('ev', ?, 'k1', 'OLD-1', 'A1', 'VIP', 'entry', ?, 'admitted', 'accepted', 1, 1, ?)`).run(checkinId, at, at);
    old.close();

    const cdb = await openCloudDb(file, { clock });
    try {
      expect(await cdb.db.selectFrom('ticket_types').select(['name', 'is_public']).execute()).toEqual([{ name: 'VIP', is_public: 0 }]);
      expect(await cdb.db.selectFrom('devices').select(['id', 'kiosk_id']).execute()).toEqual([{ id: 'D1', kiosk_id: 'D1' }]);
      expect(await cdb.db.selectFrom('events').select('guest_badge_fields').execute()).toEqual([{ guest_badge_fields: '[]' }]);
      const replay = await ingestCheckins(cdb, 'ev', [{ id: checkinId, kioskId: 'k1', code: 'OLD-1', direction: 'entry', at, verdict: 'admitted', deviceId: null }]);
      expect(replay).toEqual([{ id: checkinId, result: 'accepted', recorded: true, flagged: true }]);
      const applied = await cdb.db.selectFrom('schema_migrations' as never).selectAll().execute();
      expect(applied).toHaveLength(migrations.length);
    } finally {
      await cdb.close();
    }
  });
});

describe('migration 0003 on a database from before it', () => {
  it('numbers existing keys and ticket types per event in the order they were made, keeps signed codes, and issues AR2 codes after them', async () => {
    const clock = manualClock('2031-02-03T10:00:00Z');
    const at = nowIso(clock);
    const file = join(dir, 'before-0003.db');
    const old = new Database(file);
    old.exec('CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    for (const migration of migrations.slice(0, 2)) {
      for (const statement of migration.statements) old.exec(statement);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(migration.id, at);
    }
    const event = old.prepare('INSERT INTO events (id, name, time_zone, last_seq, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)');
    event.run('ev', 'Old', 'UTC', at, at);
    event.run('other', 'Other', 'UTC', at, at);
    const type = old.prepare('INSERT INTO ticket_types (event_id, name, color, multi_entry, capacity, position, is_public, updated_at) VALUES (?, ?, ?, 0, NULL, ?, 1, ?)');
    type.run('ev', 'VIP', '#000000', 1, at);
    type.run('ev', 'General', '#000000', 0, at);
    type.run('other', 'Crew', '#000000', 0, at);
    const key = old.prepare('INSERT INTO event_keys (event_id, key_id, public_key, private_key, active, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    const [first, second, third] = [generateEventKey(), generateEventKey(), generateEventKey()];
    // The newer key's row first: indices follow created_at, not the row order.
    key.run('ev', second.keyId, second.publicKey, second.privateKey, 1, '2031-02-02T10:00:00.000Z');
    key.run('ev', first.keyId, first.publicKey, first.privateKey, 0, '2031-02-01T10:00:00.000Z');
    key.run('other', third.keyId, third.publicKey, third.privateKey, 1, at);
    old.close();

    const cdb = await openCloudDb(file, { clock });
    try {
      const keys = await cdb.db.selectFrom('event_keys').select(['event_id', 'key_id', 'key_index']).orderBy('event_id').orderBy('key_index').execute();
      expect(keys).toEqual([
        { event_id: 'ev', key_id: first.keyId, key_index: 0 },
        { event_id: 'ev', key_id: second.keyId, key_index: 1 },
        { event_id: 'other', key_id: third.keyId, key_index: 0 },
      ]);
      const types = await cdb.db.selectFrom('ticket_types').select(['event_id', 'name', 'type_index']).orderBy('event_id').orderBy('type_index').execute();
      expect(types).toEqual([
        { event_id: 'ev', name: 'General', type_index: 0 },
        { event_id: 'ev', name: 'VIP', type_index: 1 },
        { event_id: 'other', name: 'Crew', type_index: 0 },
      ]);
      expect(await cdb.db.selectFrom('events').select(['id', 'codes', 'last_serial']).orderBy('id').execute()).toEqual([
        { id: 'ev', codes: 'signed', last_serial: 0 },
        { id: 'other', codes: 'signed', last_serial: 0 },
      ]);
      const vip = await registerAttendee(cdb, 'ev', { firstName: 'A', lastName: 'B', email: 'a@b.example', company: '', ticketType: 'VIP', badgeFields: {} });
      const decoded = decodeTicketCode(vip.code);
      expect(decoded).toMatchObject({ ok: true, code: { version: 2, fields: { keyIndex: 1, serial: 1, typeIndex: 1 } } });
    } finally {
      await cdb.close();
    }
  });
});

describe('migration 0004 on a database from before it', () => {
  it('numbers existing check-ins per attendee in the order they were received, so new ones and undos are decided after them', async () => {
    const clock = manualClock('2031-02-03T10:00:00Z');
    const at = (minutes: number) => isoFromNow(clock, minutes * 60_000);
    const file = join(dir, 'before-0004.db');
    const old = new Database(file);
    old.exec('CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    for (const migration of migrations.slice(0, 3)) {
      for (const statement of migration.statements) old.exec(statement);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(migration.id, at(0));
    }
    old.prepare('INSERT INTO events (id, name, time_zone, last_seq, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)').run('ev', 'Old', 'UTC', at(0), at(0));
    old.prepare('INSERT INTO ticket_types (event_id, name, color, multi_entry, capacity, position, is_public, type_index, updated_at) VALUES (?, ?, ?, 1, NULL, 0, 0, 0, ?)').run('ev', 'Crew', '#000000', at(0));
    old.prepare('INSERT INTO attendees (id, event_id, ticket_id, code, first_name, last_name, email, email_key, company, ticket_type, status, vip, note, badge_fields, origin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)')
      .run('A1', 'ev', 'T1', 'CREW-1', 'Ada', 'L', '', '', '', 'Crew', 'valid', '', '{}', 'import', at(0), at(0));
    old.prepare('INSERT INTO devices (id, event_id, name, token_hash, kiosk_id, created_at) VALUES (?, ?, ?, ?, ?, ?)').run('D1', 'ev', 'door', 'hash', 'k1', at(0));
    const checkin = old.prepare(`INSERT INTO checkins (event_id, id, kiosk_id, code, attendee_id, ticket_type, direction, at, verdict, result, recorded, flagged, received_at)
      VALUES ('ev', ?, 'k1', 'CREW-1', 'A1', 'Crew', ?, ?, ?, 'accepted', 1, 0, ?)`);
    // Received: an entry, then an exit (its id sorts first, its door time is earlier: a slow clock).
    const entry = 'ffffffff-0000-4000-8000-000000000001';
    const exit = '00000000-0000-4000-8000-000000000002';
    checkin.run(entry, 'entry', at(30), 'admitted', at(1));
    checkin.run(exit, 'exit', at(-30), 'exited', at(2));
    old.close();

    const cdb = await openCloudDb(file, { clock });
    try {
      const rows = await cdb.db.selectFrom('checkins').select(['id', 'arrival', 'undone', 'other_id']).orderBy('arrival').execute();
      expect(rows).toEqual([
        { id: entry, arrival: 1, undone: 0, other_id: null },
        { id: exit, arrival: 2, undone: 0, other_id: null },
      ]);
      expect(await cdb.db.selectFrom('devices').select(['reported_queue', 'reported_at']).execute()).toEqual([{ reported_queue: null, reported_at: null }]);
      expect((await eventStats(cdb, 'ev')).insideNow).toBe(0);
      // The guest left (in arrival order), so coming back is no duplicate.
      clock.advance(10 * 60_000);
      const back = await ingestCheckins(cdb, 'ev', [{ id: randomUUID(), kioskId: 'k2', code: 'CREW-1', direction: 'entry', at: at(0), verdict: 'admitted', deviceId: null }]);
      expect(back[0]).toMatchObject({ result: 'accepted', flagged: false });
      expect(await ingestUndos(cdb, 'ev', [{ id: randomUUID(), checkinId: exit, kioskId: 'k1', at: at(0), reason: '', deviceId: null }])).toMatchObject([{ result: 'accepted' }]);
      expect(await eventStats(cdb, 'ev')).toMatchObject({ insideNow: 1, undone: 1 });
    } finally {
      await cdb.close();
    }
  });
});
