/**
 * The cloud's schema, one list of migrations written in the SQL both engines accept (TEXT times,
 * INTEGER booleans, partial indexes), so SQLite and PostgreSQL hold exactly the same tables.
 * Applied in order at start-up; on PostgreSQL under an advisory lock, because several server
 * processes may start against one database at the same time.
 */
import { sql, type Kysely } from 'kysely';
import { nowIso, type Clock } from '../../common/clock';
import type { CloudDatabase } from './schema';
import type { Engine } from './connect';

export const migrations: ReadonlyArray<{ id: string; statements: string[] }> = [
  {
    id: '0001_init',
    statements: [
      `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
      `CREATE TABLE events (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, time_zone TEXT NOT NULL,
        doors_open TEXT, doors_close TEXT, last_seq INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
      `CREATE TABLE ticket_types (
        event_id TEXT NOT NULL REFERENCES events(id), name TEXT NOT NULL, color TEXT NOT NULL,
        multi_entry INTEGER NOT NULL, capacity INTEGER, position INTEGER NOT NULL, seq INTEGER,
        updated_at TEXT NOT NULL, PRIMARY KEY (event_id, name))`,
      `CREATE INDEX ticket_types_unseq ON ticket_types(event_id) WHERE seq IS NULL`,
      `CREATE TABLE event_keys (
        event_id TEXT NOT NULL REFERENCES events(id), key_id TEXT NOT NULL, public_key TEXT NOT NULL,
        private_key TEXT NOT NULL, active INTEGER NOT NULL, created_at TEXT NOT NULL, seq INTEGER,
        PRIMARY KEY (event_id, key_id))`,
      `CREATE TABLE attendees (
        id TEXT PRIMARY KEY, event_id TEXT NOT NULL REFERENCES events(id), ticket_id TEXT NOT NULL,
        code TEXT NOT NULL, first_name TEXT NOT NULL, last_name TEXT NOT NULL, email TEXT NOT NULL,
        email_key TEXT NOT NULL, company TEXT NOT NULL, ticket_type TEXT NOT NULL, status TEXT NOT NULL,
        vip INTEGER NOT NULL, note TEXT NOT NULL, badge_fields TEXT NOT NULL, origin TEXT NOT NULL,
        seq INTEGER, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        UNIQUE (event_id, code))`,
      `CREATE INDEX attendees_email ON attendees(event_id, email_key)`,
      `CREATE INDEX attendees_code ON attendees(code)`,
      `CREATE INDEX attendees_type ON attendees(event_id, ticket_type, status)`,
      `CREATE INDEX attendees_seq ON attendees(event_id, seq)`,
      `CREATE INDEX attendees_unseq ON attendees(event_id) WHERE seq IS NULL`,
      `CREATE TABLE revocations (
        event_id TEXT NOT NULL REFERENCES events(id), code TEXT NOT NULL, attendee_id TEXT,
        revoked_at TEXT NOT NULL, seq INTEGER, PRIMARY KEY (event_id, code))`,
      `CREATE INDEX revocations_seq ON revocations(event_id, seq)`,
      `CREATE TABLE devices (
        id TEXT PRIMARY KEY, event_id TEXT NOT NULL REFERENCES events(id), name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, last_seen_at TEXT, revoked_at TEXT)`,
      `CREATE TABLE setup_codes (
        code_hash TEXT PRIMARY KEY, event_id TEXT NOT NULL REFERENCES events(id), expires_at TEXT NOT NULL,
        used_at TEXT, device_id TEXT, created_at TEXT NOT NULL)`,
      `CREATE TABLE checkins (
        event_id TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER, kiosk_id TEXT NOT NULL, code TEXT NOT NULL,
        attendee_id TEXT, ticket_type TEXT, direction TEXT NOT NULL, at TEXT NOT NULL, verdict TEXT NOT NULL,
        result TEXT NOT NULL, recorded INTEGER NOT NULL, flagged INTEGER NOT NULL,
        other_kiosk_id TEXT, other_at TEXT, device_id TEXT, received_at TEXT NOT NULL,
        PRIMARY KEY (event_id, id))`,
      `CREATE INDEX checkins_attendee ON checkins(attendee_id)`,
      `CREATE INDEX checkins_seq ON checkins(event_id, seq)`,
      `CREATE INDEX checkins_unseq ON checkins(event_id) WHERE seq IS NULL`,
    ],
  },
  {
    // What the cloud refuses (issue 9): public registration only for public ticket types and only
    // the badge fields guests may set; a device token bound to one kiosk id; a replay answered with
    // exactly the first answer. Existing ticket types stay closed to the public until a manager
    // opens them, and existing devices are bound to their own device id.
    id: '0002_refusals',
    statements: [
      `ALTER TABLE ticket_types ADD COLUMN is_public INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE events ADD COLUMN guest_badge_fields TEXT NOT NULL DEFAULT '[]'`,
      `ALTER TABLE devices ADD COLUMN kiosk_id TEXT`,
      `UPDATE devices SET kiosk_id = id WHERE kiosk_id IS NULL`,
      `CREATE UNIQUE INDEX devices_active_kiosk ON devices(event_id, kiosk_id) WHERE revoked_at IS NULL`,
      `ALTER TABLE checkins ADD COLUMN answer TEXT`,
    ],
  },
  {
    // Compact codes (issue 10): AR2 codes carry the key's index within its event, a per-event ticket
    // serial and the ticket type's index instead of names, and an event may issue short random codes
    // instead. Existing keys and types are numbered in the order they were made (NULL past the 256
    // keys or 128 types a code can tell apart); existing events keep signed codes.
    id: '0003_compact_codes',
    statements: [
      `ALTER TABLE events ADD COLUMN codes TEXT NOT NULL DEFAULT 'signed' CHECK (codes IN ('signed', 'short'))`,
      `ALTER TABLE events ADD COLUMN last_serial INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE event_keys ADD COLUMN key_index INTEGER CHECK (key_index BETWEEN 0 AND 255)`,
      `ALTER TABLE ticket_types ADD COLUMN type_index INTEGER CHECK (type_index BETWEEN 0 AND 127)`,
      `UPDATE event_keys SET key_index = r.n
         FROM (SELECT event_id, key_id, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY created_at, key_id) - 1 AS n FROM event_keys) AS r
        WHERE event_keys.event_id = r.event_id AND event_keys.key_id = r.key_id AND r.n <= 255`,
      `UPDATE ticket_types SET type_index = r.n
         FROM (SELECT event_id, name, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY position, name) - 1 AS n FROM ticket_types) AS r
        WHERE ticket_types.event_id = r.event_id AND ticket_types.name = r.name AND r.n <= 127`,
      `CREATE UNIQUE INDEX event_keys_index ON event_keys(event_id, key_index)`,
      `CREATE UNIQUE INDEX ticket_types_index ON ticket_types(event_id, type_index)`,
    ],
  },
  {
    // The sync protocol (issue 12): undos ingested from kiosks (a table of their own, in the feed;
    // the check-in is marked, never deleted); double admissions decided in the cloud's arrival order
    // (`arrival` orders one attendee's check-ins that share a `received_at`; existing rows are
    // numbered in the order they were received); walk-ins made at kiosks, idempotent by their client
    // id; what each kiosk last reported about its outbox.
    id: '0004_sync_protocol',
    statements: [
      `ALTER TABLE checkins ADD COLUMN undone INTEGER NOT NULL DEFAULT 0`,
      `ALTER TABLE checkins ADD COLUMN arrival INTEGER`,
      `ALTER TABLE checkins ADD COLUMN other_id TEXT`,
      `UPDATE checkins SET arrival = r.n
         FROM (SELECT event_id, id, ROW_NUMBER() OVER (PARTITION BY attendee_id ORDER BY received_at, id) AS n FROM checkins WHERE attendee_id IS NOT NULL) AS r
        WHERE checkins.event_id = r.event_id AND checkins.id = r.id`,
      `CREATE TABLE undos (
        event_id TEXT NOT NULL REFERENCES events(id), id TEXT NOT NULL, checkin_id TEXT NOT NULL,
        kiosk_id TEXT NOT NULL, at TEXT NOT NULL, reason TEXT NOT NULL, device_id TEXT,
        received_at TEXT NOT NULL, seq INTEGER, PRIMARY KEY (event_id, id), UNIQUE (event_id, checkin_id))`,
      `CREATE INDEX undos_seq ON undos(event_id, seq)`,
      `CREATE INDEX undos_unseq ON undos(event_id) WHERE seq IS NULL`,
      `ALTER TABLE attendees ADD COLUMN client_id TEXT`,
      `CREATE UNIQUE INDEX attendees_client ON attendees(event_id, client_id) WHERE client_id IS NOT NULL`,
      `ALTER TABLE devices ADD COLUMN reported_queue INTEGER`,
      `ALTER TABLE devices ADD COLUMN reported_dead_letters INTEGER`,
      `ALTER TABLE devices ADD COLUMN reported_app_version TEXT`,
      `ALTER TABLE devices ADD COLUMN reported_at TEXT`,
    ],
  },
  {
    // The managers' console and the guests' page (issue 15): manager accounts (scrypt hashes),
    // browser sessions (token and CSRF token hashes, idle expiry) and the durable email outbox
    // (a registration writes its ticket mail here in its own transaction; a sender sends it later).
    id: '0005_console',
    statements: [
      `CREATE TABLE users (
        id TEXT PRIMARY KEY, email TEXT NOT NULL, email_key TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
      `CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id), csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL)`,
      `CREATE INDEX sessions_user ON sessions(user_id)`,
      `CREATE TABLE email_outbox (
        id TEXT PRIMARY KEY, event_id TEXT NOT NULL REFERENCES events(id), attendee_id TEXT NOT NULL,
        kind TEXT NOT NULL, to_address TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL, last_error TEXT,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, sent_at TEXT)`,
      `CREATE INDEX email_outbox_due ON email_outbox(status, next_attempt_at)`,
      `CREATE INDEX email_outbox_event ON email_outbox(event_id, status)`,
    ],
  },
  {
    // An event's accent colour (#rrggbb, checked by the API's schema), sent to kiosks in the feed's
    // event info for the self-service attract screen. NULL (every event from before): the app's default.
    id: '0006_event_color',
    statements: [`ALTER TABLE events ADD COLUMN color TEXT`],
  },
  {
    // Gaps in the sync protocol (issue 12): a kiosk that unenrolls tells the cloud, which retires its
    // device (`revoked_at` set, so its token is refused and its kiosk id is free to enroll again)
    // and records that the kiosk left on its own (`left_at`), so the devices list says "left", not
    // "revoked". Existing devices never left. And `flagged` on a duplicate entry now says whether it
    // still stands (an undo re-decides its ticket's flags).
    id: '0007_device_leave',
    statements: [
      `ALTER TABLE devices ADD COLUMN left_at TEXT`,
      // An undo now clears the flag of the entry that duplicated the undone admission (stats read
      // `flagged`); flags from before this migration are cleared the same way.
      `UPDATE checkins SET flagged = 0
        WHERE result = 'duplicate_entry' AND flagged = 1
          AND EXISTS (SELECT 1 FROM checkins o WHERE o.event_id = checkins.event_id AND o.id = checkins.other_id AND o.undone = 1)`,
    ],
  },
];

const pgMigrationLock = 4_242_001;

export async function migrate(db: Kysely<CloudDatabase>, engine: Engine, clock: Clock): Promise<void> {
  await db.connection().execute(async (conn) => {
    if (engine === 'pg') await sql`SELECT pg_advisory_lock(${pgMigrationLock})`.execute(conn);
    try {
      await sql`CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`.execute(conn);
      const done = new Set((await sql<{ id: string }>`SELECT id FROM schema_migrations`.execute(conn)).rows.map((r) => r.id));
      for (const migration of migrations) {
        if (done.has(migration.id)) continue;
        await conn.transaction().execute(async (trx) => {
          for (const statement of migration.statements) await sql.raw(statement).execute(trx);
          await sql`INSERT INTO schema_migrations (id, applied_at) VALUES (${migration.id}, ${nowIso(clock)})`.execute(trx);
        });
      }
    } finally {
      if (engine === 'pg') await sql`SELECT pg_advisory_unlock(${pgMigrationLock})`.execute(conn);
    }
  });
}
