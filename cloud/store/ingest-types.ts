/** The contract between the ingest decisions (ingest.ts) and each engine's reads and writes. */
import type { CloudDb } from '../db/connect';
import type { CheckinsTable } from '../db/schema';

export interface Ticket {
  id: string;
  code: string;
  status: string;
  ticket_type: string;
  multi_entry: number | null;
}

export const existingColumns = ['id', 'attendee_id', 'kiosk_id', 'direction', 'at', 'result', 'recorded', 'flagged', 'other_kiosk_id', 'other_at', 'answer', 'undone', 'received_at', 'arrival'] as const;
export type ExistingRow = Pick<CheckinsTable, (typeof existingColumns)[number]>;

/** What a batch needs to know, read after its tickets are locked. */
export interface BatchState {
  tickets: Ticket[];
  /** Revoked codes among the batch's unknown ones, with the attendee they belonged to. */
  revoked: Array<{ code: string; attendee_id: string | null }>;
  /** Stored rows with the batch's ids (replays) and the tickets' recorded movements. */
  existing: ExistingRow[];
}

export interface BatchWrites {
  /** New rows, sorted by id. */
  inserts: CheckinsTable[];
}

export interface BatchOutcome {
  /** Ids this transaction inserted; the others were stored by a concurrent replay first. */
  inserted: Set<string>;
  /** The stored rows of ids a concurrent replay won. */
  lost: ExistingRow[];
}

/** Runs one batch on an engine: lock and read, let `decide` compute the writes, write, commit. */
export type BatchRunner = (cdb: CloudDb, eventId: string, codes: string[], ids: string[], decide: (state: BatchState) => BatchWrites) => Promise<BatchOutcome>;

