-- 0006_compact_codes: AR2 codes carry no event id, key id or type name, only small numbers (see
-- main/core/tickets/README.md): which of the event's keys signed it (key_index) and which of the
-- event's ticket types it is (type_index). The kiosk resolves both here. Indices are scoped to an
-- event and never reused for another key or type of it: a code carries them for good.
--
-- Keys and types from before this migration get indices in the order they were made (keys by
-- created_at, types by insertion order). NULL means none: a key beyond the 256th signs no AR2 code,
-- and a type beyond the 128th cannot be named by one.

ALTER TABLE event_keys ADD COLUMN key_index INTEGER CHECK (key_index BETWEEN 0 AND 255);
ALTER TABLE ticket_types ADD COLUMN type_index INTEGER CHECK (type_index BETWEEN 0 AND 127);

UPDATE event_keys SET key_index = r.n
  FROM (SELECT event_id, key_id, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY created_at, key_id) - 1 AS n FROM event_keys) AS r
 WHERE event_keys.event_id = r.event_id AND event_keys.key_id = r.key_id AND r.n <= 255;

UPDATE ticket_types SET type_index = r.n
  FROM (SELECT event_id, name, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY rowid) - 1 AS n FROM ticket_types) AS r
 WHERE ticket_types.event_id = r.event_id AND ticket_types.name = r.name AND r.n <= 127;

CREATE UNIQUE INDEX event_keys_index ON event_keys(event_id, key_index);
CREATE UNIQUE INDEX ticket_types_index ON ticket_types(event_id, type_index);
