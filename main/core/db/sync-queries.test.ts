// The outbox queue: one kiosk's items reach the cloud in the order they happened, retries included.
import { afterEach, expect, it } from 'vitest';
import { isoFromNow, manualClock, nowIso } from '../../../common/clock';
import { scratchDatabase, type ScratchDatabase } from './migration-harness';
import { ackOutbox, deadLetterOutbox, failOutbox, nextOutboxAttempt, pendingOutbox } from './sync-queries';

let scratch: ScratchDatabase;
afterEach(() => scratch.close());

it('an item being retried holds back the items behind it, so none overtakes it; a dead letter does not', () => {
  scratch = scratchDatabase();
  scratch.migrateTo(99);
  const clock = manualClock('2026-06-01T09:00:00.000Z');
  const insert = scratch.db.prepare("INSERT INTO outbox (kind, ref_id, payload, created_at) VALUES ('checkin', ?, '{}', ?)");
  for (const ref of ['entry', 'exit', 'entry-again']) insert.run(ref, nowIso(clock));
  expect(pendingOutbox(scratch.db, nowIso(clock), 10).map((r) => r.ref_id)).toEqual(['entry', 'exit', 'entry-again']);

  // The first push of the entry failed (the network); it is retried in 2 s. The exit behind it,
  // never tried, must wait too: sent first, the cloud would see the exit before the entry.
  failOutbox(scratch.db, 1, 'network down', isoFromNow(clock, 2000));
  expect(pendingOutbox(scratch.db, nowIso(clock), 10)).toEqual([]);
  expect(nextOutboxAttempt(scratch.db)).toBe(isoFromNow(clock, 2000));
  clock.advance(2000);
  expect(pendingOutbox(scratch.db, nowIso(clock), 10).map((r) => r.ref_id)).toEqual(['entry', 'exit', 'entry-again']);

  // Refused for good: it leaves the queue, and the rest go on in order.
  deadLetterOutbox(scratch.db, 1, 'refused', nowIso(clock));
  ackOutbox(scratch.db, 2, 'accepted', nowIso(clock));
  expect(pendingOutbox(scratch.db, nowIso(clock), 10).map((r) => r.ref_id)).toEqual(['entry-again']);
  expect(nextOutboxAttempt(scratch.db)).toBeNull();
});
