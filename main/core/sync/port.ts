/**
 * The core's seam to the sync engine. The engine lives in sync/ (above the core), so the core only
 * knows this interface: `context.sync` is the engine when a face started one (the host's worker,
 * Electron's utility process, `arrivals sync`), and otherwise a passive port that reports what the
 * replica says (`not_enrolled`, or enrolled with the queue and times of the last run) and refuses
 * to enroll, since nothing here could talk to a cloud.
 */
import { ArrivalsError } from '../../../common/contract/errors';
import type { DeadLetter, FlaggedDuplicate, SyncEnrollInput, SyncStatus } from '../../../common/contract/sync';

export interface SyncPort {
  status(): SyncStatus;
  enroll(input: SyncEnrollInput): Promise<SyncStatus>;
  unenroll(): Promise<SyncStatus>;
  /** Asks for a run now; returns at once. */
  now(): SyncStatus;
  /** The door wrote to the outbox (a check-in, an undo, a walk-in): push soon. Cheap; never throws. */
  outboxChanged(): void;
  deadLetters(limit: number): { items: DeadLetter[]; total: number };
  duplicates(limit: number): { items: FlaggedDuplicate[]; total: number };
}

/** What a passive port reads from the replica (main/core/sync/status.ts fills it). */
export interface SyncReader {
  status(): SyncStatus;
  deadLetters(limit: number): { items: DeadLetter[]; total: number };
  duplicates(limit: number): { items: FlaggedDuplicate[]; total: number };
  /** Forgets the enrollment and wipes the event's personal data (unenroll without an engine). */
  unenroll(): Promise<SyncStatus>;
}

export function passiveSync(reader: SyncReader): SyncPort {
  return {
    status: () => reader.status(),
    enroll: () => Promise.reject(new ArrivalsError('unavailable', 'this face runs no sync engine: enroll with `arrivals enroll` or from the kiosk app')),
    unenroll: () => reader.unenroll(),
    now: () => reader.status(),
    outboxChanged: () => undefined,
    deadLetters: (limit) => reader.deadLetters(limit),
    duplicates: (limit) => reader.duplicates(limit),
  };
}
