/**
 * The words ticketing exports use for an attendee's status and for yes/no, mapped to ours. Exact
 * words (after folding case, accents, `_` and `-`), never substrings: "unpaid" must not read as
 * "paid", and a word nobody listed is reported, never taken as valid.
 */
import type { AttendeeStatus } from '../../domain/attendee';

/**
 * How a status column speaks:
 * - `status`: a status word (Eventbrite's Attendee Status, pretix's order status, Luma's
 *   approval_status, Hi.Events' status, any list's "status"), in English or German;
 * - `paid`: pretix's check-in list "Paid" (Yes → valid, No → pending);
 * - `blocked`: pretix's positions "Blocked" (Yes → cancelled, blank → valid);
 * - `rsvp`: Meetup's RSVP (Yes → valid, No → cancelled, Waitlist → pending);
 * - `void`: Tito's "Void Status" (void → cancelled, blank → valid).
 */
export type StatusKind = 'status' | 'paid' | 'blocked' | 'rsvp' | 'void';

const words = (status: AttendeeStatus, list: string): Array<[string, AttendeeStatus]> => list.split('|').map((w) => [w, status]);

// pretix: paid, pending, expired, canceled (de: bezahlt, ausstehend, abgelaufen, storniert);
// Eventbrite: Attending, Checked In, Not Attending, Refunded, Cancelled, Transferred, Deleted;
// Hi.Events: ACTIVE, AWAITING_PAYMENT, CANCELLED; Luma approval_status: approved, pending_approval,
// invited, waitlist, declined.
const statusWords = new Map<string, AttendeeStatus>([
  ...words('valid', '|valid|attending|active|paid|confirmed|complete|completed|checked in|checkedin|placed|ok|registered|approved|going|accepted|issued|partially refunded|bezahlt|gultig|aktiv|bestatigt|angemeldet|teilnehmend|eingecheckt|abgeschlossen'),
  ...words('pending', 'pending|awaiting payment|awaiting|unpaid|not paid|reserved|waiting|waitlist|waitlisted|waiting list|on waitlist|pending approval|awaiting approval|requires approval|approval pending|invited|requested|ausstehend|unbezahlt|nicht bezahlt|warteliste|eingeladen|offen|reserviert|zahlung ausstehend|freigabe ausstehend'),
  ...words('cancelled', 'cancelled|canceled|cancel|void|voided|deleted|expired|not attending|not going|transferred|declined|rejected|denied|blocked|storniert|abgelaufen|abgesagt|abgelehnt|geloscht|gesperrt|annulliert|ungultig'),
  ...words('refunded', 'refunded|refund|fully refunded|erstattet|ruckerstattet|zuruckerstattet'),
]);

const yesWords = new Set(['yes', 'y', 'true', '1', 'x', 'ja', 'j', 'oui', 'si', '✔', '✓']);
const noWords = new Set(['no', 'n', 'false', '0', 'nein', 'non', '✘', '✗']);

/** Lower case, no accents, `_`/`-` as spaces, single spaces: "AWAITING_PAYMENT" → "awaiting payment". */
export function statusWord(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();
}

export function parseStatusOf(kind: StatusKind, text: string): AttendeeStatus | null {
  const word = statusWord(text);
  switch (kind) {
    case 'paid':
      if (yesWords.has(word)) return 'valid';
      if (noWords.has(word) || word === '') return 'pending';
      return null;
    case 'blocked':
      if (yesWords.has(word)) return 'cancelled';
      if (noWords.has(word) || word === '') return 'valid';
      return null;
    case 'rsvp':
      if (yesWords.has(word)) return 'valid';
      if (noWords.has(word)) return 'cancelled';
      return word === 'maybe' ? 'pending' : (statusWords.get(word) ?? null);
    case 'void':
      return statusWords.get(word) ?? null;
    default:
      return statusWords.get(word) ?? null;
  }
}

/** A status word of any list: the vocabulary of `--map "Column=status"`. */
export function parseStatus(text: string): AttendeeStatus | null {
  return parseStatusOf('status', text);
}

const severity: Record<AttendeeStatus, number> = { valid: 0, pending: 1, refunded: 2, cancelled: 3 };

/** Two columns say different things (paid, but the position is blocked): the stricter wins. */
export function stricterStatus(a: AttendeeStatus, b: AttendeeStatus): AttendeeStatus {
  return severity[b] > severity[a] ? b : a;
}

const vipYes = new Set([...yesWords, 'vip']);
const vipNo = new Set([...noWords, '']);

export function parseVip(text: string): boolean | null {
  const word = statusWord(text);
  if (vipYes.has(word)) return true;
  if (vipNo.has(word)) return false;
  return null;
}
