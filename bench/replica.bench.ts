/**
 * `npm run bench:replica`: the replica's speed at 100k attendees, one JSON line per metric.
 * Everything goes through the real code paths on a real file in a temp directory, with the
 * replica's real pragmas (WAL, synchronous=FULL):
 *   import_100k_ms   a generated 100k-row Eventbrite CSV through importAttendeeFile
 *   search_p95_ms    2–3 character prefixes of names, companies and emails through searchAttendees
 *   verdict_p50_us / verdict_p95_us   random unscanned codes through the check-in engine, each
 *                    an admitted entry with its durable commit (check-in + outbox row)
 *   commit_floor_p95_us  the machine's durable-commit floor at that moment (a tiny row, same pragmas)
 *   rss_100k_mb      peak resident memory of the whole run
 * Targets: import ≤ 1500 ms, search p95 ≤ 5 ms, verdict p95 ≤ 1000 µs, RSS ≤ 250 MB.
 */
import { systemClock } from '../common/clock';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkinEngine } from '../main/core/checkin/engine';
import { openDatabase, openReplica } from '../main/core/db/open';
import { importAttendeeFile } from '../main/core/import/import-attendees';
import { searchAttendees } from '../main/core/search/attendee-search';
import { searchPrefixes, writeAttendeesCsv } from './attendee-fixtures';
import { metric, percentile } from './metrics';

const attendeeCount = 100_000;
const searches = 2_000;
const scans = 2_000;

const dir = mkdtempSync(join(tmpdir(), 'arrivals-bench-'));
try {
  const csvPath = join(dir, 'attendees.csv');
  writeAttendeesCsv(csvPath, attendeeCount);
  const db = openReplica(dir);

  const importStart = performance.now();
  const summary = importAttendeeFile(db, csvPath);
  const importMs = performance.now() - importStart;
  if (summary.inserted !== attendeeCount) throw new Error(`import wrote ${summary.inserted} of ${attendeeCount} attendees`);
  metric('import_100k_ms', importMs, 'ms');

  // What people type: the start of a last name, first name, company or email of someone real.
  const sample = db
    .prepare<[], { value: string }>(
      `SELECT value FROM (SELECT last_name AS value FROM attendees UNION ALL SELECT first_name FROM attendees
         UNION ALL SELECT company FROM attendees UNION ALL SELECT email FROM attendees) ORDER BY random() LIMIT 5000`,
    )
    .all()
    .map((r) => r.value);
  const prefixes = searchPrefixes(sample, searches);
  for (const text of prefixes.slice(0, 100)) searchAttendees(db, text); // warm the page cache and statements
  const searchMs = prefixes.map((text) => {
    const start = performance.now();
    searchAttendees(db, text);
    return performance.now() - start;
  });
  metric('search_p95_ms', percentile(searchMs, 95), 'ms');

  // The floor under a verdict, measured now and on the same disk: one durable commit (WAL,
  // synchronous=FULL) of a tiny row. On a shared machine fsync latency swings by 10x from minute
  // to minute, so verdict_p95_us is only meaningful next to this.
  const floorDb = openDatabase(join(dir, 'commit-floor.sqlite'));
  floorDb.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  const floorInsert = floorDb.prepare('INSERT INTO t (v) VALUES (?)');
  const floorCommit = floorDb.transaction(() => floorInsert.run('x'.repeat(100)));
  const floorUs: number[] = [];
  for (let i = 0; i < scans; i++) {
    const start = performance.now();
    floorCommit.immediate();
    floorUs.push((performance.now() - start) * 1000);
  }
  floorDb.close();
  metric('commit_floor_p95_us', percentile(floorUs, 95), 'us');

  const engine = checkinEngine(db, systemClock);
  const codes = db.prepare<[number], { code: string }>('SELECT code FROM attendees ORDER BY random() LIMIT ?').all(scans).map((r) => r.code);
  const verdictUs: number[] = [];
  for (const code of codes) {
    const start = performance.now();
    const result = engine.checkIn(code, { kioskId: 'bench-kiosk' });
    verdictUs.push((performance.now() - start) * 1000);
    if (result.verdict !== 'admitted') throw new Error(`bench scan of ${code} was ${result.verdict}, not admitted`);
  }
  metric('verdict_p50_us', percentile(verdictUs, 50), 'us');
  metric('verdict_p95_us', percentile(verdictUs, 95), 'us');

  // maxRSS is in kilobytes: the peak over the whole run, import included.
  metric('rss_100k_mb', process.resourceUsage().maxRSS / 1024, 'MB');
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
