/**
 * The one rule that decides whether an entry is a second admission on one ticket. The kiosk's
 * check-in engine applies it at the door in door times (main/core/checkin/engine.ts: `already_in`),
 * the cloud's ingest in its own arrival order to check-ins arriving from every kiosk, whatever
 * their clocks say (cloud/store/ingest.ts: `duplicate_entry`). Each side reads the ticket's
 * movements its own way (SQL) and passes them here.
 */

export interface Movement {
  id: string;
  direction: 'entry' | 'exit' | (string & {});
  /** ISO 8601 time of the movement at the door. */
  at: string;
  /** Undone where it was made: it never counts. */
  undone?: boolean;
}

/**
 * The admission that an entry at `at` would duplicate, if any, among the ticket's other movements.
 * Undone movements are skipped. This is the door's reading (the kiosk's engine), in door times.
 *
 * - A single-entry ticket enters once: any entry, also an earlier one followed by an exit, or one
 *   that happened later but is only now known. It names the latest entry at or before `at`, else
 *   the earliest after it.
 * - A multi-entry ticket may come back after an exit, but not while inside: the movement just
 *   before `at` (at or before it) is an entry, or the movement just after it is an entry (the guest
 *   came in again without leaving in between, as a kiosk whose clock runs ahead may have recorded).
 *
 * Movements with the same `at` count in the order given: callers list them as they were recorded.
 */
export function duplicatedAdmission<M extends Movement>(movements: readonly M[], at: string, multiEntry: boolean): M | undefined {
  return duplicatedAdmissionIn(movements, (movement) => Date.parse(movement.at), Date.parse(at), multiEntry);
}

/**
 * The same rule in arrival order instead of door times: `movements` are listed in the order they
 * arrived and the entry arrives after all of them. The cloud reads it so (cloud/store/ingest.ts),
 * since kiosk clocks may be off by hours: which of two admissions is the duplicate, and who is
 * inside, never depend on them. A single-entry ticket names its latest entry; a multi-entry one its
 * last movement if that is an entry (the guest is inside).
 */
export function duplicatedAdmissionOnArrival<M extends Movement>(movements: readonly M[], multiEntry: boolean): M | undefined {
  return duplicatedAdmissionIn(movements, (_movement, index) => index, Infinity, multiEntry);
}

/** The one rule, with positions in some order (door time or arrival) and the entry's position. */
function duplicatedAdmissionIn<M extends Movement>(movements: readonly M[], position: (movement: M, index: number) => number, time: number, multiEntry: boolean): M | undefined {
  let before: M | undefined;
  let beforeAt = -Infinity;
  let after: M | undefined;
  let afterAt = Infinity;
  for (const [index, movement] of movements.entries()) {
    if (movement.undone) continue;
    if (!multiEntry && movement.direction !== 'entry') continue;
    const moved = position(movement, index);
    if (moved <= time) {
      if (moved >= beforeAt) {
        before = movement;
        beforeAt = moved;
      }
    } else if (moved < afterAt) {
      after = movement;
      afterAt = moved;
    }
  }
  if (before?.direction === 'entry') return before;
  if (multiEntry ? after?.direction === 'entry' : before === undefined) return after;
  return undefined;
}

/**
 * The rule over a ticket's whole history in arrival order, as it stands now: for each movement, the
 * admission it duplicates among those that arrived before it (undefined: none, or not an entry, or
 * undone itself). Undone movements count nowhere, so an undo can clear a later entry's flag (the
 * admission it duplicated was a mistake), move it to another admission, or — an undone exit on a
 * multi-entry ticket — raise one. The cloud re-decides a ticket's flags with it when an undo arrives
 * (cloud/store/undos.ts); a kiosk its flagged duplicates when that undo reaches it in the feed
 * (main/core/db/sync-queries.ts, in the cloud's order), so both say the same.
 */
export function duplicatesOnArrival<M extends Movement>(movements: readonly M[], multiEntry: boolean): Array<M | undefined> {
  return movements.map((movement, index) =>
    movement.undone || movement.direction !== 'entry' ? undefined : duplicatedAdmissionOnArrival(movements.slice(0, index), multiEntry),
  );
}
