/** The demo event `arrivals cloud --demo` starts with: three ticket types and a few attendees. */
import type { CloudDb } from './db/connect';
import { bulkUpsertAttendees } from './store/attendees';
import { createEvent, getEvent } from './store/events';

export const demoEventId = 'demo-2026';

const firstNames = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Dennis', 'Radia', 'John'];
const lastNames = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Ritchie', 'Perlman', 'Backus'];
const companies = ['Analytical Engines', 'Navy Labs', 'Bletchley', 'Eindhoven TU', 'MIT', 'Stanford', 'IBM', 'Bell Labs'];

/** Creates the demo event once (idempotent across restarts on the same database). */
export async function seedDemo(cdb: CloudDb, attendees = 60): Promise<string> {
  if (await getEvent(cdb.db, demoEventId)) return demoEventId;
  await createEvent(cdb, {
    id: demoEventId,
    name: 'Arrivals Demo Conference 2026',
    timeZone: 'UTC',
    doorsOpen: null,
    doorsClose: null,
    guestBadgeFields: [],
    ticketTypes: [
      { name: 'General', color: '#1f6feb', multiEntry: true, capacity: 500, public: true },
      { name: 'VIP', color: '#d29922', multiEntry: true, capacity: 50, public: false },
      { name: 'Speaker', color: '#8957e5', multiEntry: true, capacity: null, public: false },
    ],
  });
  const types = ['General', 'General', 'General', 'VIP', 'Speaker'];
  await bulkUpsertAttendees(
    cdb,
    demoEventId,
    Array.from({ length: attendees }, (_, i) => {
      const firstName = firstNames[i % firstNames.length]!;
      const lastName = lastNames[(i * 7) % lastNames.length]!;
      return {
        firstName,
        lastName,
        email: `${firstName}.${lastName}.${i}@example.org`.toLowerCase(),
        company: companies[i % companies.length]!,
        ticketType: types[i % types.length]!,
        status: 'valid' as const,
        vip: types[i % types.length] === 'VIP',
        note: '',
        badgeFields: {},
      };
    }),
    { origin: 'demo' },
  );
  return demoEventId;
}
