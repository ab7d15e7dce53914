-- 0008_search_fold: the search index holds folded text, so every script is found as typed.
-- 0002's unicode61 tokenizer removed diacritics from Latin letters only, while the query side
-- stripped every combining mark: "Δημήτρης" or "Ёлкин" typed in full never matched, ß stayed ß
-- ("gross" missed Groß) and "oconnor" missed O'Connor. Now both sides use one fold
-- (common/domain/search-fold.ts): NFKD, marks removed, case folded, ß → ss, apostrophes and
-- hyphens ignored, with each name also indexed run together ("smithjones", "maryann").
--
-- The fold is JavaScript, registered on every connection the kiosk opens as the deterministic SQL
-- function arrivals_search_text(text, compact) (main/core/db/open.ts); the triggers call it, so
-- every writer (import, sync, walk-in) is still indexed without knowing the index exists. A
-- connection without it (the sqlite3 shell) can read the replica but not change attendees' names.
--
-- Contentless (content=''), with contentless_delete: the index keeps only the folded tokens, and
-- a row is removed by its rowid. remove_diacritics 0: the text arrives folded already.
-- 0007 belongs to the sync engine; this file only touches the search index.

DROP TRIGGER attendee_search_insert;
DROP TRIGGER attendee_search_delete;
DROP TRIGGER attendee_search_update;
DROP TABLE attendee_search;

CREATE VIRTUAL TABLE attendee_search USING fts5(
  first_name, last_name, email, company,
  content = '',
  contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0',
  prefix = '2 3',
  detail = column
);

CREATE TRIGGER attendee_search_insert AFTER INSERT ON attendees BEGIN
  INSERT INTO attendee_search (rowid, first_name, last_name, email, company)
  VALUES (new.id, arrivals_search_text(new.first_name, 1), arrivals_search_text(new.last_name, 1),
          arrivals_search_text(new.email, 0), arrivals_search_text(new.company, 1));
END;

CREATE TRIGGER attendee_search_delete AFTER DELETE ON attendees BEGIN
  DELETE FROM attendee_search WHERE rowid = old.id;
END;

-- Only the indexed columns: a status change from sync or a re-import must not rewrite the index.
CREATE TRIGGER attendee_search_update AFTER UPDATE OF first_name, last_name, email, company ON attendees BEGIN
  DELETE FROM attendee_search WHERE rowid = old.id;
  INSERT INTO attendee_search (rowid, first_name, last_name, email, company)
  VALUES (new.id, arrivals_search_text(new.first_name, 1), arrivals_search_text(new.last_name, 1),
          arrivals_search_text(new.email, 0), arrivals_search_text(new.company, 1));
END;

-- Attendees already in the replica are indexed again, folded.
INSERT INTO attendee_search (rowid, first_name, last_name, email, company)
SELECT id, arrivals_search_text(first_name, 1), arrivals_search_text(last_name, 1),
       arrivals_search_text(email, 0), arrivals_search_text(company, 1)
  FROM attendees;
