-- 0007_sync: what the sync engine keeps in the replica.
-- * sync_state: one row: the enrollment (server, event, device), the feed cursor and the times of
--   the last pull and push, the last error, whether the first pull finished, and a revocation.
-- * outbox: rebuilt to allow kind 'walk_in' (a guest registered at this door) and to keep the
--   retry schedule (next_attempt_at) and dead letters (dead_at: the cloud refused it for good;
--   never retried, never blocking the items behind it).
-- * sync_duplicates: double admissions the cloud flagged (from ingest results and the feed).
-- * attendees.cloud_ticket_id: the cloud's stable id of the attendee (the feed's `ticketId`), which a
--   re-issued ticket keeps while its code changes. Not `ticket_id`, which holds the serial a signed
--   code carries (it changes with the code).
-- * checkins.cloud_seq: the check-in's place in the cloud's order (the feed's seq), also for this
--   kiosk's own once they come back: who is inside folds in that order at the cloud, never by door
--   clocks; NULL for check-ins the cloud has not ordered yet.
-- Times are ISO 8601 UTC strings with milliseconds, as everywhere in the replica.

CREATE TABLE sync_state (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  server         TEXT,                          -- the cloud's base URL; NULL: not enrolled
  event_id       TEXT,                          -- the cloud event this kiosk is enrolled to
  device_id      TEXT,
  cloud_kiosk_id TEXT,                          -- the kiosk id the device token files check-ins under
  enrolled_at    TEXT,
  cursor         TEXT NOT NULL DEFAULT '',      -- the feed cursor of the last page applied ('' = from the start)
  initial_done   INTEGER NOT NULL DEFAULT 0 CHECK (initial_done IN (0, 1)),  -- the first full pull reached its end
  last_pull_at   TEXT,
  last_push_at   TEXT,
  last_error     TEXT,
  revoked_at     TEXT                           -- the cloud revoked this device (personal data wiped)
);
INSERT INTO sync_state (id) VALUES (1);

CREATE TABLE outbox_new (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  kind            TEXT NOT NULL CHECK (kind IN ('checkin', 'undo', 'walk_in')),
  ref_id          TEXT NOT NULL,
  payload         TEXT NOT NULL CHECK (json_valid(payload)),  -- exactly the JSON item the cloud ingests
  created_at      TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  acked_at        TEXT,                         -- set when the cloud answered for it
  result          TEXT,                         -- the cloud's per-item result (accepted, duplicate_entry…)
  next_attempt_at TEXT,                         -- NULL: now; a transient failure schedules the retry
  dead_at         TEXT,                         -- the cloud refused it for good (a dead letter)
  UNIQUE (kind, ref_id)
);
INSERT INTO outbox_new (seq, kind, ref_id, payload, created_at, attempts, last_error, acked_at, result)
  SELECT seq, kind, ref_id, payload, created_at, attempts, last_error, acked_at, result FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox(seq) WHERE acked_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_dead ON outbox(seq) WHERE dead_at IS NOT NULL;

CREATE TABLE sync_duplicates (
  checkin_id     TEXT PRIMARY KEY,              -- the flagged (later) check-in
  event_id       TEXT NOT NULL,
  code           TEXT NOT NULL,
  kiosk_id       TEXT NOT NULL,
  at             TEXT NOT NULL,
  other_kiosk_id TEXT,
  other_at       TEXT,
  flagged_at     TEXT NOT NULL                  -- when this replica learnt of it
);
CREATE INDEX sync_duplicates_at ON sync_duplicates(event_id, at);

-- Other kiosks' check-ins that arrived in the feed before their attendee did (the feed carries an
-- attendee at its latest change, which may come after a check-in of it): applied when it arrives.
CREATE TABLE sync_orphan_checkins (
  id         TEXT PRIMARY KEY,
  cloud_seq  INTEGER NOT NULL,
  event_id   TEXT NOT NULL,
  code       TEXT NOT NULL,
  kiosk_id   TEXT NOT NULL,
  direction  TEXT NOT NULL CHECK (direction IN ('entry', 'exit')),
  at         TEXT NOT NULL,
  verdict    TEXT NOT NULL
);
CREATE INDEX sync_orphan_checkins_code ON sync_orphan_checkins(code);

ALTER TABLE attendees ADD COLUMN cloud_ticket_id TEXT;
CREATE INDEX attendees_cloud_ticket ON attendees(event_id, cloud_ticket_id) WHERE cloud_ticket_id IS NOT NULL;

ALTER TABLE checkins ADD COLUMN cloud_seq INTEGER;
