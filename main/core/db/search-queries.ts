/**
 * The SQL behind the door's search box: the FTS5 index of migrations 0002 and 0008 (folded text,
 * see common/domain/search-fold.ts) and a code-prefix range
 * scan on the attendees' unique code index. Statements are prepared once per database handle,
 * because preparing costs about as much as a search.
 */
import { attendeeColumns, type AttendeeRow, type Db } from './attendee-queries';

export interface ScoredAttendeeRow extends AttendeeRow {
  /** bm25: lower is better. */
  score: number;
}

interface SearchStatements {
  count: (match: string) => number;
  /** Distinct attendees matching the text or a code range (two ranges: as typed, and upper case), up to `cap`. */
  total: (match: string | null, ranges: [string, string, string, string], eventId: string | null, cap: number) => number;
  ranked: (match: string, eventId: string | null, limit: number) => ScoredAttendeeRow[];
  unranked: (match: string, eventId: string | null, limit: number) => ScoredAttendeeRow[];
  codePrefix: (low: string, high: string, eventId: string | null, limit: number) => AttendeeRow[];
}

const cache = new WeakMap<Db, SearchStatements>();

// Column weights for bm25: a hit in the last name counts most, because that is what guests say
// at the desk ("Müller, please"); then the first name; email and company least.
const bm25 = 'bm25(attendee_search, 3.0, 6.0, 1.0, 1.0)';

function statements(db: Db): SearchStatements {
  let found = cache.get(db);
  if (found) return found;
  const count = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM attendee_search WHERE attendee_search MATCH ?');
  const ranked = db.prepare<[string, string | null, string | null, number], ScoredAttendeeRow>(
    `SELECT ${attendeeColumns}, ${bm25} AS score
       FROM attendee_search JOIN attendees a ON a.id = attendee_search.rowid
      WHERE attendee_search MATCH ? AND (? IS NULL OR a.event_id = ?)
      ORDER BY score LIMIT ?`,
  );
  const unranked = db.prepare<[string, string | null, string | null, number], ScoredAttendeeRow>(
    `SELECT ${attendeeColumns}, 0 AS score
       FROM attendee_search JOIN attendees a ON a.id = attendee_search.rowid
      WHERE attendee_search MATCH ? AND (? IS NULL OR a.event_id = ?)
      LIMIT ?`,
  );
  const codePrefix = db.prepare<[string, string, string | null, string | null, number], AttendeeRow>(
    `SELECT ${attendeeColumns} FROM attendees a
      WHERE a.code >= ? AND a.code < ? AND (? IS NULL OR a.event_id = ?)
      ORDER BY a.code LIMIT ?`,
  );
  const byCode = `SELECT a.id FROM attendees a WHERE ((a.code >= ? AND a.code < ?) OR (a.code >= ? AND a.code < ?)) AND (? IS NULL OR a.event_id = ?)`;
  const totalWithText = db.prepare<[string, string | null, string | null, string, string, string, string, string | null, string | null, number], { n: number }>(
    `SELECT count(*) AS n FROM (
       SELECT a.id FROM attendee_search JOIN attendees a ON a.id = attendee_search.rowid
        WHERE attendee_search MATCH ? AND (? IS NULL OR a.event_id = ?)
       UNION ${byCode} LIMIT ?)`,
  );
  const totalByCode = db.prepare<[string, string, string, string, string | null, string | null, number], { n: number }>(
    `SELECT count(*) AS n FROM (${byCode} LIMIT ?)`,
  );
  found = {
    count: (match) => count.get(match)?.n ?? 0,
    total: (match, ranges, eventId, cap) =>
      (match === null ? totalByCode.get(...ranges, eventId, eventId, cap) : totalWithText.get(match, eventId, eventId, ...ranges, eventId, eventId, cap))?.n ?? 0,
    ranked: (match, eventId, limit) => ranked.all(match, eventId, eventId, limit),
    unranked: (match, eventId, limit) => unranked.all(match, eventId, eventId, limit),
    codePrefix: (low, high, eventId, limit) => codePrefix.all(low, high, eventId, eventId, limit),
  };
  cache.set(db, found);
  return found;
}

/** How many attendees (of any event) match an FTS5 MATCH expression; cheap, no rows are read. */
export function countAttendeeTextMatches(db: Db, match: string): number {
  return statements(db).count(match);
}

/** How many distinct attendees match the text or start with one of two code prefixes, counting at most `cap`. */
export function countAttendeeMatches(db: Db, match: string | null, codePrefixes: readonly string[], options: { eventId: string | null; cap: number }): number {
  const [a = '', b = a] = codePrefixes;
  // An empty prefix list is an empty range ('' to ''), which no code falls in.
  const range = (prefix: string): [string, string] => (prefix === '' ? ['', ''] : [prefix, prefix + '\u{10FFFF}']);
  return statements(db).total(match, [...range(a), ...range(b)], options.eventId, options.cap);
}

/**
 * Attendees matching an FTS5 MATCH expression: best bm25 first when `ranked`, otherwise in index
 * order. Ranking scores every match, so it is for narrow queries only (see attendee-search.ts).
 */
export function searchAttendeeRowsByText(
  db: Db,
  match: string,
  options: { eventId: string | null; limit: number; ranked: boolean },
): ScoredAttendeeRow[] {
  const s = statements(db);
  return (options.ranked ? s.ranked : s.unranked)(match, options.eventId, options.limit);
}

/**
 * Attendees whose code starts with `prefix` (case-sensitive, as codes are stored). A range on the
 * unique index rather than LIKE, which SQLite cannot serve from that index without a collation.
 */
export function searchAttendeeRowsByCodePrefix(db: Db, prefix: string, options: { eventId: string | null; limit: number }): AttendeeRow[] {
  return statements(db).codePrefix(prefix, prefix + '\u{10FFFF}', options.eventId, options.limit);
}

/**
 * Runs a bulk write with the search index's triggers idle, then rebuilds the index once. Per row,
 * the triggers cost about 17 µs (a 100k-row import: 1.7 s); one rebuild costs about 5 µs a row of
 * the whole table. Must run inside the caller's transaction, so no other connection ever sees the
 * index stale and a crash or an error rolls the deferral back with the data. If the index is
 * deferred already (a first pull is under way), the write joins that deferral and whoever set it
 * rebuilds.
 */
export function withSearchIndexDeferred<T>(db: Db, write: () => T): T {
  if (!db.inTransaction) throw new Error('withSearchIndexDeferred needs a transaction');
  if (searchIndexDeferred(db)) return write();
  deferSearchIndex(db, '');
  const result = write();
  rebuildSearchIndex(db);
  return result;
}

/** Whether the search index's triggers are idle (migration 0009) until the next rebuild. */
export function searchIndexDeferred(db: Db): boolean {
  return db.prepare('SELECT 1 FROM search_index_deferred').get() !== undefined;
}

/**
 * Lets attendees be written without indexing each one (migration 0009), across transactions,
 * until rebuildSearchIndex. `since` records when, for whoever looks at the replica.
 */
export function deferSearchIndex(db: Db, since: string): void {
  db.prepare('INSERT OR IGNORE INTO search_index_deferred (id, since) VALUES (1, ?)').run(since);
}

/**
 * Indexes every attendee again from scratch and ends a deferral. The index is contentless (0008):
 * FTS5's own 'rebuild' cannot read the folded text, so it is emptied and filled through the same
 * fold the triggers use.
 */
export function rebuildSearchIndex(db: Db): void {
  db.exec(`INSERT INTO attendee_search (attendee_search) VALUES ('delete-all');
    INSERT INTO attendee_search (rowid, first_name, last_name, email, company)
    SELECT id, arrivals_search_text(first_name, 1), arrivals_search_text(last_name, 1),
           arrivals_search_text(email, 0), arrivals_search_text(company, 1)
      FROM attendees;
    DELETE FROM search_index_deferred;`);
}

/** Whether a bulk write of `rows` into a table of `existing` rows is cheaper with the index deferred. */
export function shouldDeferSearchIndex(rows: number, existing: number): boolean {
  return rows >= 1000 && rows * 8 > existing + rows;
}
