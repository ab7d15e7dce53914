/**
 * `arrivals demo`: a demo event whose doors are open now, three ticket types (Crew is multi-entry)
 * and N attendees with signed codes, so a kiosk can be tried without a cloud or a guest list.
 * Running it again tops the same event up to N and reopens its doors; it never duplicates a ticket.
 */
import type { DemoResult } from '../../../common/contract/checkins';
import type { AttendeeStatus } from '../../../common/domain/attendee';
import { insertAttendee } from '../db/checkin-queries';
import { eventAttendeeCount, freshPlainCodes, ticketExists } from '../db/demo-queries';
import { upsertEvent, upsertTicketType } from '../db/event-queries';
import type { Database } from '../db/open';
import { setSetting, settingKeys } from '../db/settings-queries';
import { eventSigner } from '../tickets/keys';
import { companies, emailLocal, firstNames, lastNames, notes, seededRandom } from './people';

export const demoEventId = 'demo';
/** The supervisor PIN a demo kiosk gets when it has none (README, `npm start` and `arrivals demo` say so). */
export const demoSupervisorPin = '1234';
const hour = 3_600_000;

/** `now`: the kiosk clock's time (ms); the demo's doors are open around it. */
export function createDemo(db: Database, options: { attendees: number; now: number }): DemoResult {
  const now = options.now;
  const at = new Date(now).toISOString();
  return db.transaction(() => {
    upsertEvent(
      db,
      {
        id: demoEventId,
        name: 'Arrivals Demo Summit',
        timeZone: 'Europe/Berlin',
        doorsOpen: new Date(now - 2 * hour).toISOString(),
        doorsClose: new Date(now + 12 * hour).toISOString(),
      },
      at,
    );
    upsertTicketType(db, { eventId: demoEventId, name: 'General', color: '#1f6feb', multiEntry: false }, at);
    upsertTicketType(db, { eventId: demoEventId, name: 'VIP', color: '#b08800', multiEntry: false }, at);
    upsertTicketType(db, { eventId: demoEventId, name: 'Crew', color: '#2da44e', multiEntry: true }, at);
    const sign = eventSigner(db, demoEventId, at);
    const random = seededRandom(2026);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

    for (let i = 1; i <= options.attendees; i++) {
      // Drawn for every i, inserted or not, so attendee i is the same person on every run.
      const firstName = pick(firstNames);
      const lastName = pick(lastNames);
      const company = pick(companies);
      // Ticket i is serial i (its ticket id, in decimal); a demo made before AR2 codes named it D0000i.
      const ticketId = String(i);
      if (ticketExists(db, demoEventId, ticketId) || ticketExists(db, demoEventId, `D${String(i).padStart(5, '0')}`)) continue;
      const ticketType = i % 10 === 3 ? 'VIP' : i % 25 === 7 ? 'Crew' : 'General';
      const status: AttendeeStatus = i % 50 === 17 ? 'refunded' : i % 70 === 29 ? 'cancelled' : i % 90 === 41 ? 'pending' : 'valid';
      insertAttendee(
        db,
        {
          eventId: demoEventId,
          code: sign({ serial: i, ticketType }),
          ticketId,
          firstName,
          lastName,
          email: `${emailLocal(firstName, lastName)}@${company.domain}`,
          company: company.name,
          ticketType,
          status,
          vip: ticketType === 'VIP',
          note: i % 40 === 11 ? notes[(i / 40) % notes.length | 0]! : '',
          badgeFields: ticketType === 'Crew' ? { Role: 'Crew' } : {},
          origin: 'demo',
        },
        at,
      );
    }
    setSetting(db, settingKeys.currentEventId, demoEventId);
    return {
      eventId: demoEventId,
      attendees: eventAttendeeCount(db, demoEventId),
      sampleCodes: freshPlainCodes(db, demoEventId, 'General', 5),
    };
  })();
}
