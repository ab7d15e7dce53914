/**
 * The one rule that decides whether an entry is a second admission on one ticket. The kiosk's
 * check-in engine applies it at the door (main/core/checkin/engine.ts: `already_in`), the cloud's
 * ingest to check-ins arriving from every kiosk in any order (cloud/store/ingest.ts:
 * `duplicate_entry`). Each side reads the ticket's movements its own way (SQL) and passes them here.
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
 * Undone movements are skipped.
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
  const time = Date.parse(at);
  let before: M | undefined;
  let beforeAt = -Infinity;
  let after: M | undefined;
  let afterAt = Infinity;
  for (const movement of movements) {
    if (movement.undone) continue;
    if (!multiEntry && movement.direction !== 'entry') continue;
    const moved = Date.parse(movement.at);
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
