-- 0001_init: the kiosk's replica of its events' registrations, and what the kiosk did with them.
-- Times are ISO 8601 UTC strings with milliseconds ("2026-11-24T09:00:00.000Z"): they sort as text,
-- survive JSON unchanged, and are what the cloud feed and the check-in ingest speak.

CREATE TABLE events (
  id          TEXT PRIMARY KEY,                 -- the cloud's event id (also in signed codes)
  name        TEXT NOT NULL,
  time_zone   TEXT NOT NULL DEFAULT 'UTC',      -- IANA zone, for showing times at the door
  doors_open  TEXT,                             -- NULL: no lower bound
  doors_close TEXT,                             -- NULL: no upper bound
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

CREATE TABLE ticket_types (
  event_id    TEXT NOT NULL REFERENCES events(id),
  name        TEXT NOT NULL,                    -- what attendees' ticket_type holds, and codes carry
  color       TEXT NOT NULL DEFAULT '#1f6feb',  -- the badge's colour band
  multi_entry INTEGER NOT NULL DEFAULT 0 CHECK (multi_entry IN (0, 1)),
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (event_id, name)
);

CREATE TABLE attendees (
  id           INTEGER PRIMARY KEY,             -- local row id; never leaves this kiosk
  event_id     TEXT NOT NULL REFERENCES events(id),
  code         TEXT NOT NULL UNIQUE,            -- the ticket code, plain or signed; "code" everywhere
  ticket_id    TEXT,                            -- the cloud's ticket id, when known (signed codes carry it)
  first_name   TEXT NOT NULL DEFAULT '',
  last_name    TEXT NOT NULL DEFAULT '',
  email        TEXT NOT NULL DEFAULT '',
  company      TEXT NOT NULL DEFAULT '',
  ticket_type  TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'cancelled', 'refunded', 'pending')),
  vip          INTEGER NOT NULL DEFAULT 0 CHECK (vip IN (0, 1)),
  note         TEXT NOT NULL DEFAULT '',        -- an attention note staff must see at the door
  badge_fields TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(badge_fields)),  -- free badge fields
  origin       TEXT NOT NULL DEFAULT 'import' CHECK (origin IN ('import', 'cloud', 'walk_in', 'signed_code', 'demo')),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  FOREIGN KEY (event_id, ticket_type) REFERENCES ticket_types(event_id, name)
);
CREATE INDEX attendees_event ON attendees(event_id);
CREATE INDEX attendees_ticket ON attendees(event_id, ticket_id);

-- Every entry or exit that changed who is inside. Refused scans (unknown, cancelled, already in…)
-- are answered without writing: a malformed or hostile code must never change the replica.
CREATE TABLE checkins (
  id          TEXT PRIMARY KEY,                 -- uuid made where the scan happened; the sync idempotency key
  event_id    TEXT NOT NULL REFERENCES events(id),
  attendee_id INTEGER NOT NULL REFERENCES attendees(id),
  kiosk_id    TEXT NOT NULL,
  direction   TEXT NOT NULL CHECK (direction IN ('entry', 'exit')),
  at          TEXT NOT NULL,
  source      TEXT NOT NULL CHECK (source IN ('scan', 'search', 'walk_in', 'self_service', 'sync')),
  verdict     TEXT NOT NULL,                    -- the verdict shown: admitted, needs_attention, exit…
  origin      TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'remote')),  -- remote: from another kiosk via the feed
  recorded_at TEXT NOT NULL                     -- when this replica stored it (differs from `at` for remote rows)
);
CREATE INDEX checkins_attendee ON checkins(attendee_id, at);
CREATE INDEX checkins_event_at ON checkins(event_id, at);

-- The audit trail of undos: an undo is a row here, the check-in itself is never deleted or edited.
CREATE TABLE checkin_undos (
  id         TEXT PRIMARY KEY,                  -- uuid, synced like a check-in
  checkin_id TEXT NOT NULL UNIQUE REFERENCES checkins(id),
  kiosk_id   TEXT NOT NULL,
  at         TEXT NOT NULL,
  reason     TEXT NOT NULL DEFAULT ''
);

-- What the sync engine still has to tell the cloud, written in the same transaction as the row it
-- reports. UNIQUE(kind, ref_id): each check-in and each undo has exactly one outbox row.
CREATE TABLE outbox (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  kind       TEXT NOT NULL CHECK (kind IN ('checkin', 'undo')),
  ref_id     TEXT NOT NULL,
  payload    TEXT NOT NULL CHECK (json_valid(payload)),  -- exactly the JSON item the cloud ingests
  created_at TEXT NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  acked_at   TEXT,                              -- set when the cloud answered for it
  result     TEXT,                              -- the cloud's per-item result (accepted, duplicate_entry…)
  UNIQUE (kind, ref_id)
);
CREATE INDEX outbox_pending ON outbox(seq) WHERE acked_at IS NULL;

-- Ed25519 keys of an event's signed ticket codes. Kiosks hold public keys; private keys only where
-- codes are issued (the cloud, or a standalone demo kiosk).
CREATE TABLE event_keys (
  event_id    TEXT NOT NULL REFERENCES events(id),
  key_id      TEXT NOT NULL,
  public_key  TEXT NOT NULL,                    -- base64url of the raw 32-byte key
  private_key TEXT,                             -- base64url PKCS#8 DER, or NULL
  created_at  TEXT NOT NULL,
  retired_at  TEXT,                             -- no new codes are signed with a retired key; old ones still verify
  PRIMARY KEY (event_id, key_id)
);

-- Codes that must be refused even though their signature is good (cancelled, or re-issued).
CREATE TABLE revocations (
  event_id   TEXT NOT NULL REFERENCES events(id),
  code       TEXT NOT NULL,
  revoked_at TEXT NOT NULL,
  reason     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (event_id, code)
);

-- Kiosk settings as JSON values: current event, allowed ticket types, undo window…
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value))
);
