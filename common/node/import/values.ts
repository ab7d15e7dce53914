/** The words ticketing exports use for an attendee's status and for yes/no, mapped to ours. */
import type { AttendeeStatus } from '../../domain/attendee';

const validWords = new Set(['', 'valid', 'attending', 'active', 'paid', 'confirmed', 'complete', 'completed', 'checkedin', 'checked in', 'placed', 'ok', 'registered', 'approved']);
const pendingWords = ['pending', 'awaiting', 'unpaid', 'reserved', 'waiting'];
// Refunded and cancelled rows are kept as cancelled: the door must say "cancelled", not "unknown".
const cancelledWords = ['cancel', 'refund', 'deleted', 'void', 'expired', 'not attending', 'notattending', 'transferred', 'declined', 'rejected'];

export function parseStatus(text: string): AttendeeStatus | null {
  const word = text.toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (cancelledWords.some((w) => word.includes(w))) return 'cancelled';
  if (pendingWords.some((w) => word.includes(w))) return 'pending';
  if (validWords.has(word)) return 'valid';
  return null;
}

const yes = new Set(['yes', 'y', 'true', '1', 'x', 'vip', 'ja', 'oui', 'si', 'sí']);
const no = new Set(['', 'no', 'n', 'false', '0', 'nein', 'non']);

export function parseVip(text: string): boolean | null {
  const word = text.toLowerCase().trim();
  if (yes.has(word)) return true;
  if (no.has(word)) return false;
  return null;
}
