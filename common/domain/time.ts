/** Time zones and event times as the cloud accepts them (pure: Intl is in every process). */
import { isoTime } from './attendee';
import { safeText } from './text';

/** Whether this runtime knows the IANA time zone (what the kiosk needs to show door times in it). */
export function isKnownTimeZone(zone: string): boolean {
  if (zone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneName = safeText(64)
  .min(1)
  .refine(isKnownTimeZone, 'is not a known IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)');

/** First and last instant an ISO time may name: written in UTC, both keep a four-digit year. */
const earliest = Date.UTC(1970, 0, 1);
const latest = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** An ISO 8601 time with an offset whose instant has a four-digit year in UTC (1970–9999). */
export const boundedIsoTime = isoTime.refine((value) => {
  const ms = Date.parse(value);
  return ms >= earliest && ms <= latest;
}, 'must be between 1970 and 9999 (in UTC)');
