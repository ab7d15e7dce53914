/**
 * Generated attendee lists for the benches: realistic name and company spread (with accents),
 * deterministic for a given seed so runs are comparable.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
// The demo's seeded PRNG: benches must not depend on Math.random's seed either.
import { seededRandom } from '../main/core/demo/people';

const firstNames = ['Ada', 'Alan', 'Anna', 'Ben', 'Bjørn', 'Carla', 'Chen', 'Chloé', 'Daniel', 'Dmitri', 'Élodie', 'Emma', 'Fatima', 'François', 'Grace',
  'Hannah', 'Hiro', 'Ines', 'Ivan', 'Jürgen', 'Jana', 'José', 'Karin', 'Kwame', 'Lars', 'Laura', 'Léa', 'Liam', 'Lucía', 'Maria', 'Marek', 'Mateo',
  'Mei', 'Mohammed', 'Nadia', 'Noah', 'Olga', 'Omar', 'Paula', 'Pedro', 'Priya', 'Rafael', 'Renée', 'Sam', 'Sara', 'Søren', 'Tariq', 'Tomás',
  'Ulla', 'Valentina', 'Wei', 'Yusuf', 'Zoë', 'Zofia', 'Ahmet', 'Beatriz', 'Camille', 'Diego', 'Elif', 'Farah'];
const lastParts = ['Müller', 'Schmidt', 'García', 'Martín', 'Nowak', 'Kowalski', 'Smith', 'Jones', 'Brown', 'Dubois', 'Lefèvre', 'Rossi', 'Bianchi',
  'Novák', 'Svoboda', 'Jensen', 'Hansen', 'Nielsen', 'Andersson', 'Johansson', 'Öztürk', 'Yılmaz', 'Kim', 'Lee', 'Park', 'Tanaka', 'Suzuki', 'Wang',
  'Li', 'Zhang', 'Singh', 'Patel', 'Khan', 'Ivanov', 'Petrov', 'Santos', 'Silva', 'Costa', 'Fischer', 'Weber', 'Wagner', 'Becker', 'Hoffmann',
  'Schäfer', 'Koch', 'Richter', 'Klein', 'Wolf', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt',
  'Werner', 'Krause', 'Meier', 'Lehmann', 'Köhler', 'Herrmann', "O'Brien", 'MacDonald', 'van der Berg', 'de Vries', 'Moreau', 'Laurent', 'Girard'];
const companyWords = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Soylent', 'Tyrell', 'Cyberdyne', 'Wonka',
  'Nordwind', 'Sonnenschein', 'Bergwerk', 'Lumière', 'Crédit', 'Fjord', 'Aurora', 'Helix', 'Quantum', 'Vertex', 'Nimbus', 'Zephyr'];
const companySuffixes = ['GmbH', 'AG', 'Ltd', 'Inc', 'SA', 'BV', 'AB', 'Labs', 'Systems', 'Group'];
export const benchTicketTypes = ['General', 'VIP', 'Speaker', 'Student', 'Staff', 'Press'];

export interface GeneratedAttendee {
  code: string;
  firstName: string;
  lastName: string;
  email: string;
  company: string;
  ticketType: string;
}

/** The generated list, one attendee at a time (100k objects at once would skew the RSS metric). */
export function* generateAttendees(count: number, seed = 1): Generator<GeneratedAttendee> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  for (let i = 0; i < count; i++) {
    const firstName = pick(firstNames);
    // Two-part surnames widen the vocabulary the way real lists do.
    const lastName = random() < 0.2 ? `${pick(lastParts)}-${pick(lastParts)}` : pick(lastParts);
    const company = `${pick(companyWords)} ${pick(companySuffixes)}`;
    const local = `${firstName}.${lastName}`.normalize('NFKD').replace(/[^A-Za-z.]/g, '').toLowerCase();
    yield {
      code: `T${(i + 1).toString(36).toUpperCase().padStart(6, '0')}${Math.floor(random() * 1296).toString(36).toUpperCase().padStart(2, '0')}`,
      firstName,
      lastName,
      email: `${local}${i}@${company.split(' ')[0]!.normalize('NFKD').replace(/[^A-Za-z]/g, '').toLowerCase()}.example`,
      company,
      ticketType: pick(benchTicketTypes),
    };
  }
}

/** Writes an Eventbrite-style attendee export of the generated list, as a user would import it. */
export function writeAttendeesCsv(path: string, count: number, seed = 1): void {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const fd = openSync(path, 'w');
  try {
    let chunk = 'Order #,First Name,Last Name,Email,Company,Ticket Type,Attendee #,Barcode #,Attendee Status\r\n';
    let i = 0;
    for (const a of generateAttendees(count, seed)) {
      i++;
      chunk += [String(100000 + i), a.firstName, a.lastName, a.email, a.company, a.ticketType, String(i), a.code, 'Attending'].map(quote).join(',') + '\r\n';
      if (chunk.length > 1 << 16) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

/** Short prefixes a person types into the search box: the first 2–3 letters of real values. */
export function searchPrefixes(values: readonly string[], count: number, seed = 2): string[] {
  const random = seededRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const value = values[Math.floor(random() * values.length)]!;
    out.push(value.slice(0, random() < 0.5 ? 2 : 3));
  }
  return out;
}
