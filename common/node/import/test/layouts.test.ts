// One fixture per export layout and language (test/fixtures/, written from each platform's exporter
// source or documentation, see main/core/import/README.md), with the statuses and names each must
// give, and the bad input each platform's users hand in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAttendeeCsv, parseAttendeeList, type ParsedAttendeeList } from '../parse-attendees';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name));
const parse = (name: string, map?: string[]) => parseAttendeeCsv(fixture(name), { map });
/** code → [first name, last name, status, vip, note] */
const people = (list: ParsedAttendeeList) => Object.fromEntries(list.rows.map((r) => [r.code, [r.firstName, r.lastName, r.status, r.vip ?? false, r.note ?? '']]));

describe('pretix', () => {
  it('check-in list with pending orders, name scheme title/first/middle/family (English)', () => {
    const list = parse('pretix-checkin-en.csv');
    expect(list).toMatchObject({ format: 'pretix', layout: 'check-in list', language: 'en', errors: [], warnings: [] });
    expect(list.confidence).toBeGreaterThanOrEqual(0.9);
    expect(list.columns).toMatchObject({ code: 'Secret', firstName: 'Attendee name: First name', lastName: 'Attendee name: Family name', status: 'Paid', vip: 'Requires special attention', note: 'Comment' });
    expect(people(list)).toEqual({
      h7sv2jk9qwe4rmz8tp3xnf6cb5ud1lya: ['Andrea', 'Zulu', 'valid', true, 'Wheelchair, row A'],
      k2mq8vx4ht6wnp1zrc7jfb3ys9gd5aeu: ['Peter', 'Jones', 'valid', false, ''],
      p9wd3kf7ms2xq8vnb4tj6hc1yr5zgeal: ['Δημήτρης', 'Παπαδόπουλος', 'pending', false, ''],
    });
  });

  it('check-in list of paid orders only (no Paid column), given/family names, a name only in "Attendee name"', () => {
    const list = parse('pretix-checkin-en-paid-only.csv');
    expect(list).toMatchObject({ format: 'pretix', layout: 'check-in list', errors: [] });
    expect(people(list)).toEqual({
      a3fq9zr5wn2xk7mb4vt8hj1cp6sy0dge: ['Siobhán', "O'Connor", 'valid', false, ''],
      b8kd2mx6qr9wz4nt1vh7fj3cs5py0gla: ['Addon', 'Guest', 'valid', false, ''],
    });
  });

  it('check-in list in German, ";" delimited, with a BOM: Bezahlt Ja/Nein, Benötigt besondere Behandlung', () => {
    const list = parse('pretix-checkin-de.csv');
    expect(list).toMatchObject({ format: 'pretix', layout: 'check-in list', language: 'de', delimiter: ';', errors: [] });
    expect(people(list)).toEqual({
      c5nv8qk2wz7xm3rb9tf4hj6dp1sy0gea: ['Jürgen', 'Groß', 'valid', true, 'Rollstuhl'],
      d2qw7mz5kx9vn3tb8rf6hc4jp1ys0gla: ['Íñigo', 'Ñúñez', 'pending', false, ''],
    });
    expect(list.rows[0]).toMatchObject({ company: 'Groß & Söhne', ticketType: 'Tagesticket', email: 'jg@example.de' });
  });

  it('order positions: ticket secret as the code, order status and Blocked, the attendee company before the invoice one', () => {
    const list = parse('pretix-positions-en.csv');
    expect(list).toMatchObject({ format: 'pretix', layout: 'order positions', language: 'en', errors: [], warnings: [] });
    expect(list.columns).toMatchObject({ code: 'Ticket secret', status: 'Status + Blocked', note: 'Order comment' });
    expect(people(list)).toEqual({
      wq8fz3kx7nm2vr5tb9hj4cp6ds1ya0gl: ['Grace', 'Hopper', 'valid', false, ''],
      xz4mq9kw2nv7rb3tf8hj5cp1ds6ya0gl: ['Ludwig', 'van Beethoven', 'cancelled', false, ''], // paid, but Blocked = Yes
      mv3kq8zw5xn2rb7tf4hj9cp6ds1ya0gl: ['Pat', 'Ёлкин', 'pending', false, 'VIP table'],
      nb5kq2zw8xm3rv7tf4hj6cp9ds1ya0gl: ['Kim', 'Smith-Jones', 'cancelled', false, ''],
      qc7kw3zm8xn2rb5tf4hj9vp6ds1ya0gl: ['Lee', 'Park', 'cancelled', false, ''],
    });
    expect(list.rows[0]).toMatchObject({ company: 'Navy', email: 'grace@example.org', ticketType: 'Full pass' });
  });

  it('legacy order positions (no Ticket secret): codes from order and position, and a warning that they will not scan', () => {
    const list = parse('pretix-positions-en-legacy.csv');
    expect(list).toMatchObject({ format: 'pretix', layout: 'order positions', errors: [] });
    expect(list.rows.map((r) => r.code)).toEqual(['ABC12-1', 'ABC12-2']);
    expect(list.warnings).toEqual([expect.stringMatching(/will not match the QR code pretix printed.*Ticket secret/)]);
  });

  it('order positions in German, ";" delimited: bezahlt, ausstehend, storniert, abgelaufen, Gesperrt', () => {
    const list = parse('pretix-positions-de.csv');
    expect(list).toMatchObject({ format: 'pretix', layout: 'order positions', language: 'de', delimiter: ';', errors: [] });
    expect(people(list)).toEqual({
      ka7mq3zw8xn2rb5tf4hj9cp6ds1ye0gl: ['Anna', 'Müller', 'valid', false, ''],
      kb7mq3zw8xn2rb5tf4hj9cp6ds1ye0gl: ['Bernd', 'Groß', 'cancelled', false, ''],
      kc7mq3zw8xn2rb5tf4hj9cp6ds1ye0gl: ['Clara', 'Öztürk', 'pending', false, 'Bitte Rechnung'],
      kd7mq3zw8xn2rb5tf4hj9cp6ds1ye0gl: ['Dieter', 'Weiß', 'cancelled', false, ''],
      ke7mq3zw8xn2rb5tf4hj9cp6ds1ye0gl: ['Eva', 'Schäfer', 'cancelled', false, ''],
    });
    expect(list.rows[0]).toMatchObject({ company: 'ACME GmbH', email: 'anna@example.de', ticketType: 'Tagesticket' });
  });

  it('refuses the Orders sheet, English or German, saying to export Order positions', () => {
    expect(() => parse('pretix-orders-en.csv')).toThrow(/pretix's "Orders" sheet.*"Order positions"/);
    expect(() => parse('pretix-orders-de.csv')).toThrow(/pretix's "Orders" sheet.*"Order positions"/);
    // --map cannot make tickets of it either, short of naming a code column.
    expect(() => parse('pretix-orders-en.csv', ['Invoice address name=name'])).toThrow(/"Orders" sheet/);
  });
});

describe('Eventbrite', () => {
  it('attendee summary (US headers): the barcode, never the attendee number, and every status word', () => {
    const list = parse('eventbrite-us.csv');
    expect(list).toMatchObject({ format: 'eventbrite', layout: 'attendee report', errors: [] });
    expect(list.columns).toMatchObject({ code: 'Barcode #', lastName: 'Last Name', status: 'Attendee Status', company: 'Company' });
    expect(Object.fromEntries(list.rows.map((r) => [r.lastName, r.status]))).toEqual({
      Lovelace: 'valid', Turing: 'valid', Hopper: 'refunded', Johnson: 'cancelled', Vaughan: 'cancelled', Jackson: 'cancelled',
    });
    expect(list.rows[0]!.code).toBe('118000122500011001');
  });

  it('attendee report with UK headers (Order no., Surname, Attendee no.)', () => {
    const list = parse('eventbrite-uk.csv');
    expect(list).toMatchObject({ format: 'eventbrite', errors: [] });
    expect(list.columns).toMatchObject({ code: 'Barcode no.', lastName: 'Surname', status: 'Attendee Status' });
    expect(list.rows.map((r) => [r.code, r.firstName, r.lastName, r.status])).toEqual([
      ['441000155200011001', 'Maeve', 'O’Brien', 'valid'],
      ['441000255200021001', 'Rhys', 'Llewellyn-Jones', 'valid'],
      ['441000355200031001', 'Priya', 'Patel', 'refunded'],
    ]);
  });

  it('refuses a report without Barcode #, saying to add that column', () => {
    expect(() => parse('eventbrite-no-barcode.csv')).toThrow(/no "Barcode #" column.*attendee number is not the code.*add the "Barcode #" column/);
  });
});

describe('Hi.Events, Tito, Luma, Meetup, Google Forms', () => {
  it('Hi.Events attendee export', () => {
    const list = parse('hievents.csv');
    expect(list).toMatchObject({ format: 'hi.events', layout: 'attendee export', errors: [] });
    expect(people(list)).toEqual({
      'A-K7X2QW9ZRT': ['Katherine', 'Johnson', 'valid', false, 'Wheelchair'],
      'A-Q9Z1MN4BVC': ['Dorothy', 'Vaughan', 'pending', false, ''],
      'A-P3L8KD2FGH': ['Mary', 'Jackson', 'cancelled', false, ''],
    });
  });

  it('Tito ticket export: the ticket reference is the code, "Ticket" the type, void is cancelled', () => {
    const list = parse('tito.csv');
    expect(list).toMatchObject({ format: 'tito', layout: 'ticket export', errors: [] });
    expect(list.columns).toMatchObject({ code: 'Ticket Reference', ticketType: 'Ticket', status: 'Void Status' });
    expect(list.rows.map((r) => [r.code, r.firstName, r.lastName, r.ticketType, r.status])).toEqual([
      ['GIAO-1', 'Linus', 'Torvalds', 'Early Bird', 'valid'],
      ['GIAO-2', 'Åsa', 'Lindqvist', 'Early Bird', 'valid'],
      ['KZBW', 'Margaret', 'Hamilton', 'Speaker', 'cancelled'],
    ]);
  });

  it('Luma guest export: the QR URL is the code; declined, waitlist, invited and pending approval are not admitted', () => {
    const list = parse('luma.csv');
    expect(list).toMatchObject({ format: 'luma', layout: 'guest export', errors: [] });
    expect(list.columns).toMatchObject({ code: 'qr_code_url', status: 'approval_status', ticketType: 'ticket_name' });
    expect(list.rows.map((r) => [r.lastName, r.status])).toEqual([
      ['Petrova', 'valid'], ['Haddad', 'cancelled'], ['Tanaka', 'pending'], ['Wei', 'pending'], ['Zahra', 'pending'],
    ]);
    expect(list.rows[0]!.code).toBe('https://lu.ma/check-in/evt-x1?pk=g-a1b2c3');
  });

  it('Meetup attendee list: RSVP Yes is admitted, No is not, Waitlist waits; the User ID is the code', () => {
    const list = parse('meetup.csv');
    expect(list).toMatchObject({ format: 'meetup', layout: 'attendee list', errors: [] });
    expect(list.rows.map((r) => [r.code, r.firstName, r.lastName, r.status])).toEqual([
      ['user 184467', 'Sam', 'Rivera', 'valid'],
      ['user 239981', 'Jo', 'Kim', 'valid'],
      ['user 310552', 'Alex', 'Novak', 'cancelled'],
      ['user 420017', 'Bea', 'Costa', 'pending'],
    ]);
    expect(list.warnings).toEqual([expect.stringMatching(/Meetup issues no tickets/)]);
  });

  it('a Google Forms sheet with a code column, as a generic list', () => {
    const list = parse('google-forms.csv');
    expect(list).toMatchObject({ format: 'generic', errors: [] });
    expect(list.rows).toEqual([
      { line: 2, code: 'GF-001', firstName: 'Ana', lastName: 'Lima', email: 'ana@example.pt', company: 'Lisboa Labs' },
      { line: 3, code: 'GF-002', firstName: 'Ben', lastName: 'Okafor', email: 'ben@example.org', company: '' },
    ]);
  });
});

describe('bad input', () => {
  it('a status with a typo: that row is refused, naming the value and the values the column holds', () => {
    const list = parse('eventbrite-status-typo.csv');
    expect(list.rows.map((r) => r.lastName)).toEqual(['Lovelace', 'Hopper']);
    expect(list.errors).toEqual([
      { line: 3, reason: expect.stringMatching(/^unknown status "Attendign" in column "Attendee Status" \(values in this file: "Attending", "Attendign", "Checked In"\)/) },
    ]);
    expect(list.statusValues).toEqual([
      { column: 'Attendee Status', value: 'Attending', status: 'valid', rows: 1 },
      { column: 'Attendee Status', value: 'Attendign', status: null, rows: 1 },
      { column: 'Attendee Status', value: 'Checked In', status: 'valid', rows: 1 },
    ]);
  });

  it('an empty code column refuses the whole file, naming the column', () => {
    expect(() => parse('generic-empty-code.csv')).toThrow(/the ticket code column "Ticket code" is empty in every row/);
  });

  it('with --map, German and Luma status words are understood, and none is taken as valid unless it says so', () => {
    const csv = 'Who,Ticket,State\nA B,T-1,bezahlt\nC D,T-2,ausstehend\nE F,T-3,storniert\nG H,T-4,declined\nI J,T-5,waitlist\nK L,T-6,invited\nM N,T-7,approved\n';
    const list = parseAttendeeCsv(new TextEncoder().encode(csv), { map: ['Who=name', 'Ticket=code', 'State=status'] });
    expect(list.errors).toEqual([]);
    expect(list.rows.map((r) => r.status)).toEqual(['valid', 'pending', 'cancelled', 'cancelled', 'pending', 'pending', 'valid']);
  });

  it('a list that only shares headers with a platform export is read as a generic list', () => {
    const list = parseAttendeeCsv(new TextEncoder().encode('Order,Attendee,Code\n1,Ada Lovelace,X-1\n'));
    expect(list).toMatchObject({ format: 'generic', errors: [] });
    expect(list.rows).toEqual([{ line: 2, code: 'X-1', firstName: 'Ada', lastName: 'Lovelace' }]);
  });

  it('parseAttendeeList reads CSV the same way', async () => {
    expect((await parseAttendeeList(fixture('tito.csv'))).rows).toEqual(parse('tito.csv').rows);
  });
});
