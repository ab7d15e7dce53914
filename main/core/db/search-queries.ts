/**
 * The SQL behind the door's search box: the FTS5 index of migration 0002 and a code-prefix range
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
  found = {
    count: (match) => count.get(match)?.n ?? 0,
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
 * Runs a bulk write with the search index's triggers lifted, then rebuilds the index once. Per
 * row, the triggers cost about 17 µs (a 100k-row import: 1.7 s); one rebuild costs about 2 µs a
 * row of the whole table. Must run inside the caller's transaction: the triggers are dropped and
 * re-created from their own stored SQL within it, so no other connection ever sees them missing
 * and a crash or an error rolls the schema back with the data.
 */
export function withSearchIndexDeferred<T>(db: Db, write: () => T): T {
  if (!db.inTransaction) throw new Error('withSearchIndexDeferred needs a transaction');
  const triggers = db
    .prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'attendees' AND name LIKE 'attendee_search_%'",
    )
    .all();
  for (const trigger of triggers) db.exec(`DROP TRIGGER "${trigger.name}"`);
  const result = write();
  db.exec("INSERT INTO attendee_search (attendee_search) VALUES ('rebuild')");
  for (const trigger of triggers) db.exec(trigger.sql);
  return result;
}

/** Whether a bulk write of `rows` into a table of `existing` rows is cheaper with the index deferred. */
export function shouldDeferSearchIndex(rows: number, existing: number): boolean {
  return rows >= 1000 && rows * 8 > existing + rows;
}
