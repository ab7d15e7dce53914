/**
 * The ingest path below HTTP, on both engines: concurrent requests merged by the queue still get
 * exactly their own results, one admission per ticket wins, and multi-entry tickets follow
 * entry/exit order (including an admission that syncs late).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestCheckin } from '../common/cloud-api';
import { manualClock } from '../common/clock';
import { openCloudDb, type CloudDb } from './db/connect';
import { bulkUpsertAttendees } from './store/attendees';
import { createEvent } from './store/events';
import { IngestQueue } from './store/ingest-queue';
import { cleanupTestEngines, testEngines } from './test/engines';
import { doorTimes } from './test/helpers';

const engines = testEngines();
afterAll(() => cleanupTestEngines());

// The cloud reads this clock too, so these times never go stale.
const clock = manualClock('2030-06-01T12:00:00Z');
const at = doorTimes(clock);
const item = (code: string, kioskId: string, minute: number, direction: 'entry' | 'exit' = 'entry'): IngestCheckin & { deviceId: null } => ({
  id: randomUUID(),
  kioskId,
  code,
  direction,
  at: at(minute),
  verdict: direction === 'entry' ? 'admitted' : 'exited',
  deviceId: null,
});

describe.each(engines)('ingest on $name', (engine) => {
  let cdb: CloudDb;
  let queue: IngestQueue;
  beforeAll(async () => {
    cdb = await openCloudDb(await engine.fresh(), { clock });
    queue = new IngestQueue(cdb);
    await createEvent(cdb, {
      id: 'ev',
      name: 'ev',
      timeZone: 'UTC',
      doorsOpen: null,
      doorsClose: null,
      guestBadgeFields: [],
      ticketTypes: [
        { name: 'Once', color: '#000000', multiEntry: false, capacity: null, public: false },
        { name: 'Many', color: '#000000', multiEntry: true, capacity: null, public: false },
      ],
    });
    await bulkUpsertAttendees(cdb, 'ev', [
      { code: 'ONCE-1', ticketType: 'Once' },
      { code: 'MANY-1', ticketType: 'Many' },
    ]);
  });
  afterAll(() => cdb?.close());

  it('merges concurrent requests and answers each with its own results; one admission wins', async () => {
    const requests = Array.from({ length: 30 }, (_, k) => [item('ONCE-1', `kiosk-${k}`, k)]);
    const answers = await Promise.all(requests.map((r) => queue.submit('ev', r)));
    answers.forEach((results, k) => expect(results.map((r) => r.id)).toEqual([requests[k]![0]!.id]));
    const kinds = answers.map((r) => r[0]!.result);
    expect(kinds.filter((k) => k === 'accepted')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'duplicate_entry')).toHaveLength(29);
    // Every duplicate names an admission at or before its own time or is the earlier one.
    for (const [result] of answers) if (result!.result === 'duplicate_entry') expect(result!.otherKioskId).toMatch(/^kiosk-/);
  });

  it('lets a multi-entry ticket back in after an exit, and flags an entry while inside', async () => {
    const flow = [item('MANY-1', 'a', 0), item('MANY-1', 'a', 10, 'exit'), item('MANY-1', 'b', 20), item('MANY-1', 'c', 25)];
    const results = await queue.submit('ev', flow);
    expect(results.map((r) => r.result)).toEqual(['accepted', 'accepted', 'accepted', 'duplicate_entry']);
    expect(results[3]).toMatchObject({ otherKioskId: 'b', otherAt: at(20), flagged: true });
    // An entry that happened at minute 5 syncs late: it arrives while the guest is inside (since b's
    // entry, in arrival order), so it is a duplicate of the last entry that arrived, c's.
    const late = await queue.submit('ev', [item('MANY-1', 'offline', 5)]);
    expect(late[0]).toMatchObject({ result: 'duplicate_entry', otherKioskId: 'c', otherAt: at(25), flagged: true });
  });

  it('refuses nothing a kiosk showed green, and replays a repeated id inside one batch', async () => {
    const once = item('NOBODY', 'k', 1);
    const results = await queue.submit('ev', [once, { ...once }]);
    expect(results).toEqual([
      { id: once.id, result: 'unknown_ticket', recorded: true, flagged: true },
      { id: once.id, result: 'unknown_ticket', recorded: true, flagged: true },
    ]);
  });
});
