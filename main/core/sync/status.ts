/**
 * The sync status as the replica tells it, without an engine: enrolled or not (or revoked), the
 * queue, dead letters, flagged duplicates, the times of the last pull and push. The engine (sync/)
 * starts from the same reading and adds what only a running engine knows (online, syncing, the
 * first pull's progress).
 */
import { rebuildSearchIndex, searchIndexDeferred } from '../db/search-queries';
import { nowIso } from '../../../common/clock';
import type { DeadLetter, FlaggedDuplicate, SyncStatus } from '../../../common/contract/sync';
import type { Database } from '../db/open';
import {
  clearEnrollment,
  deadLetterCount,
  deadLetters,
  duplicateCount,
  flaggedDuplicates,
  outboxQueueDepth,
  readSyncState,
  wipePersonalData,
} from '../db/sync-queries';
import type { KioskContext } from '../kiosk';
import type { SyncReader } from './port';
import { fileTokenStore, type TokenStore } from './token-store';

/** The status from the replica alone: what a kiosk without a running engine says. */
export function replicaSyncStatus(db: Database, kioskId: string): SyncStatus {
  const state = readSyncState(db);
  const enrolled = state.server !== null;
  return {
    enrolled,
    state: enrolled ? (state.last_error ? 'error' : 'idle') : state.revoked_at ? 'revoked' : 'not_enrolled',
    // Without an engine in this process: as of the last run (a pull that left no error behind).
    online: enrolled && state.last_error === null && state.last_pull_at !== null,
    server: state.server,
    eventId: state.event_id,
    kioskId: state.cloud_kiosk_id ?? kioskId,
    lastPullAt: state.last_pull_at,
    lastPushAt: state.last_push_at,
    lastError: state.last_error,
    queue: outboxQueueDepth(db),
    deadLetters: deadLetterCount(db),
    duplicatesFlagged: duplicateCount(db, state.event_id),
    initialPull: null,
  };
}

export function listDeadLetters(db: Database, limit: number): { items: DeadLetter[]; total: number } {
  const items = deadLetters(db, limit).map((row) => {
    let code: string | null = null;
    try {
      const payload = JSON.parse(row.payload) as { code?: unknown };
      if (typeof payload.code === 'string') code = payload.code;
    } catch {
      // The payload is JSON by the table's CHECK; a shape without a code shows none.
    }
    return { seq: row.seq, kind: row.kind, refId: row.ref_id, code, createdAt: row.created_at, deadAt: row.dead_at, error: row.last_error ?? '', attempts: row.attempts };
  });
  return { items, total: deadLetterCount(db) };
}

export function listDuplicates(db: Database, limit: number): { items: FlaggedDuplicate[]; total: number } {
  const items = flaggedDuplicates(db, limit).map((row) => ({
    checkinId: row.checkin_id,
    code: row.code,
    name: row.name,
    kioskId: row.kiosk_id,
    at: row.at,
    otherKioskId: row.other_kiosk_id,
    otherAt: row.other_at,
  }));
  return { items, total: duplicateCount(db, null) };
}

/**
 * Leaves the cloud event: the token is forgotten, the event's personal data wiped (counts kept).
 * `revoked`: the cloud revoked the device (status then says so); otherwise staff unenrolled on purpose.
 */
export async function leaveCloud(db: Database, tokens: TokenStore, at: string, revoked: { reason: string } | null, note: string | null = null): Promise<void> {
  const state = readSyncState(db);
  db.transaction(() => {
    if (state.event_id) wipePersonalData(db, state.event_id, at);
    // `note`: an unenroll that could not tell the cloud says so (status's lastError).
    clearEnrollment(db, revoked ? at : null, revoked ? revoked.reason : note);
    // A first pull that never finished left the search index to its end (0009): index what stays now.
    if (searchIndexDeferred(db)) rebuildSearchIndex(db);
  }).immediate();
  await tokens.clear();
}

/** What an unenroll that did not reach the cloud leaves in the status: the manager's step before enrolling there again. */
export function notToldNote(server: string, deviceId: string | null, why: string): string {
  return `unenrolled, but the cloud at ${server} was not told (${why}): a manager revokes device ${deviceId ?? '?'} in the console's devices list before this kiosk enrolls with that event again`;
}

/** What an unenroll that could not send everything leaves in the status (null: everything reached the cloud). */
export function unsentNote(unsent: number, eventId: string | null): string | null {
  if (unsent === 0) return null;
  const items = unsent === 1 ? '1 check-in, undo or walk-in' : `${unsent} check-ins, undos or walk-ins`;
  return `${items} recorded here had not reached the cloud: they wait in this kiosk's outbox for its next enrollment with event ${eventId ?? '?'} (a walk-in's personal details were wiped with the rest)`;
}

export function replicaSyncReader(context: KioskContext): SyncReader {
  return {
    status: () => replicaSyncStatus(context.replica(), context.identity.kioskId),
    deadLetters: (limit) => listDeadLetters(context.replica(), limit),
    duplicates: (limit) => listDuplicates(context.replica(), limit),
    unenroll: async () => {
      const state = readSyncState(context.replica());
      // The core talks to no cloud: only a face with the sync engine tells the cloud it left.
      const note = state.server !== null ? notToldNote(state.server, state.device_id, 'this face runs no sync engine') : null;
      await leaveCloud(context.replica(), fileTokenStore(context.dataDir), nowIso(context.clock), null, note);
      return replicaSyncStatus(context.replica(), context.identity.kioskId);
    },
  };
}
