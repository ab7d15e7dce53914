// A database made before migration 0002 opens with its rows kept and the new refusals in force:
// its ticket types stay closed to the public, its devices are bound to their own ids, and its
// check-ins (stored without a first answer) answer replays from the row.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { manualClock, nowIso } from '../../common/clock';
import { ingestCheckins } from '../store/ingest';
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
