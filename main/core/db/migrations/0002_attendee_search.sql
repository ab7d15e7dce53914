-- 0002_attendee_search: a full-text index over attendees' names, email and company for the door's
-- search box. External content (the text stays in `attendees` only) and kept in step by triggers,
-- so every writer — import, sync, walk-in — is indexed without knowing the index exists.
--   unicode61 remove_diacritics 2: "mull" finds "Müller", "astro" finds "Åström"
--   (letters without a decomposition, like Ø or ß, are kept as they are).
--   prefix '2 3': the box searches from the 2nd character; these prefixes are the slow ones.
--   detail=column: queries are AND-ed token prefixes, never phrases, so positions are not kept;
--   a smaller index is cheaper to write on a 100k-row import.
CREATE VIRTUAL TABLE attendee_search USING fts5(
  first_name, last_name, email, company,
  content = 'attendees', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3',
  detail = column
);

CREATE TRIGGER attendee_search_insert AFTER INSERT ON attendees BEGIN
  INSERT INTO attendee_search (rowid, first_name, last_name, email, company)
  VALUES (new.id, new.first_name, new.last_name, new.email, new.company);
END;

CREATE TRIGGER attendee_search_delete AFTER DELETE ON attendees BEGIN
  INSERT INTO attendee_search (attendee_search, rowid, first_name, last_name, email, company)
  VALUES ('delete', old.id, old.first_name, old.last_name, old.email, old.company);
END;

-- Only the indexed columns: a status change from sync or a re-import must not rewrite the index.
CREATE TRIGGER attendee_search_update AFTER UPDATE OF first_name, last_name, email, company ON attendees BEGIN
  INSERT INTO attendee_search (attendee_search, rowid, first_name, last_name, email, company)
  VALUES ('delete', old.id, old.first_name, old.last_name, old.email, old.company);
  INSERT INTO attendee_search (rowid, first_name, last_name, email, company)
  VALUES (new.id, new.first_name, new.last_name, new.email, new.company);
END;

-- Attendees already in the replica (imported or synced before this migration) become searchable.
INSERT INTO attendee_search (attendee_search) VALUES ('rebuild');
