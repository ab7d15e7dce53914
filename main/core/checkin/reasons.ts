/** The short texts staff read at the door under a verdict. */
import type { AttendeeStatus } from '../../../common/domain/attendee';
import type { TicketVerification } from '../../../common/node/signing';

export function refusalReason(reason: Extract<TicketVerification, { ok: false }>['reason']): string {
  switch (reason) {
    case 'malformed':
      return 'not a valid ticket code';
    case 'unknown_key':
      return 'signed with a key this kiosk does not hold';
    case 'bad_signature':
      return 'the code was altered or forged';
    case 'no_key_verifies':
      return 'the code was altered or forged, or is signed with a key this kiosk does not hold';
  }
}

export function statusReason(status: AttendeeStatus): string {
  switch (status) {
    case 'cancelled':
      return 'the ticket was cancelled';
    case 'refunded':
      return 'the ticket was refunded';
    case 'pending':
      return 'payment is still pending';
    case 'valid':
      return 'valid';
  }
}

/** A time as the door sees it, in the event's time zone: "at 09:41" today (as of `now`), else "on 24 Nov 09:41". */
export function whenText(iso: string, timeZone: string, now: number): string {
  const { time, day } = formatters(timeZone);
  const date = new Date(iso);
  const dayText = day.format(date);
  return dayText === day.format(now) ? `at ${time.format(date)}` : `on ${dayText} ${time.format(date)}`;
}

/** An undo window as staff read it: "45 s", "5 min", "1 min 30 s" (never a rounded "0 min"). */
export function durationText(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  if (minutes === 0) return `${rest} s`;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

// Building an Intl formatter costs tens of microseconds, more than the rest of a verdict.
const byZone = new Map<string, { time: Intl.DateTimeFormat; day: Intl.DateTimeFormat }>();

function formatters(timeZone: string): { time: Intl.DateTimeFormat; day: Intl.DateTimeFormat } {
  let found = byZone.get(timeZone);
  if (!found) {
    let zone = timeZone;
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone });
    } catch {
      zone = 'UTC';
    }
    found = {
      time: new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' }),
      day: new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'short' }),
    };
    byZone.set(timeZone, found);
  }
  return found;
}
