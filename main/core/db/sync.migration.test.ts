// Migration 0007 (sync): outbox rows from before it keep their order and acks, and become the queue.
import { afterEach, expect, it } from 'vitest';
import { scratchDatabase, type ScratchDatabase } from './migration-harness';
import { ackOutbox, deadLetterOutbox, insertWalkInOutbox, outboxQueueDepth, pendingOutbox, readSyncState } from './sync-queries';

let scratch: ScratchDatabase;
afterEach(() => scratch.close());

it('keeps old outbox rows in order (acked ones acked), adds walk_in, and starts not enrolled', () => {
  scratch = scratchDatabase();
  scratch.migrateTo(6);
  const at = '2026-11-24T09:00:00.000Z';
  const insert = scratch.db.prepare('INSERT INTO outbox (kind, ref_id, payload, created_at, acked_at, result) VALUES (?, ?, ?, ?, ?, ?)');
  insert.run('checkin', 'c-1', '{"id":"c-1"}', at, null, null);
  insert.run('checkin', 'c-2', '{"id":"c-2"}', at, at, 'accepted');
  insert.run('undo', 'u-1', '{"id":"u-1"}', at, null, null);
  expect(() => insert.run('walk_in', 'w-0', '{}', at, null, null)).toThrow(/CHECK constraint failed/);
  expect(scratch.migrateTo(7)).toEqual([7]);

  expect(pendingOutbox(scratch.db, at, 10).map((r) => [r.seq, r.kind, r.ref_id])).toEqual([
    [1, 'checkin', 'c-1'],
    [3, 'undo', 'u-1'],
  ]);
  insertWalkInOutbox(scratch.db, { clientId: 'w-1', kioskId: 'k', code: 'W-1', at, firstName: 'A', lastName: 'B', email: '', company: '', ticketType: 'General' }, at);
  expect(pendingOutbox(scratch.db, at, 10).map((r) => r.seq)).toEqual([1, 3, 4]);
  deadLetterOutbox(scratch.db, 1, 'refused', at);
  ackOutbox(scratch.db, 3, 'accepted', at);
  expect(outboxQueueDepth(scratch.db)).toBe(1);
  expect(readSyncState(scratch.db)).toMatchObject({ server: null, cursor: '', initial_done: 0, revoked_at: null });
});
