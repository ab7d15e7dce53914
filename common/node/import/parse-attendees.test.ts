import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ArrivalsError } from '../../contract/errors';
import { readCsv } from './csv';
import { splitFullName } from './names';
import { parseAttendeeCsv } from './parse-attendees';

const utf8 = (text: string) => new TextEncoder().encode(text);
const parse = (text: string, map?: string[]) => parseAttendeeCsv(utf8(text), { map });

describe('readCsv', () => {
  it('reads quoted delimiters, doubled quotes and quoted newlines, and names the starting line', () => {
    const records = readCsv('a,b\r\n"x, y","say ""hi"""\r\n"multi\r\nline",2\r\n\r\nlast,"q"\r\n', ',');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['multi\r\nline', '2'] },
      { line: 6, fields: ['last', 'q'] },
    ]);
  });

  it('refuses a quoted field that never closes, naming its line', () => {
    expect(() => readCsv('a,b\n1,"open\n2,3\n', ',')).toThrow(/line 2: a quoted field is never closed/);
  });
});

describe('parseAttendeeCsv: formats', () => {
  it('reads an Eventbrite attendee export, refunded rows as refunded', () => {
    const list = parse(
      'Order #,Order Date,First Name,Last Name,Email,Ticket Type,Attendee #,Barcode #,Attendee Status,Company\n' +
        '111,2026-01-02,Ada,Lovelace,ada@example.org,VIP,1,EB-0001,Attending,Analytical Engines\n' +
        '112,2026-01-02,Alan,Turing,alan@example.org,General,2,EB-0002,Refunded,\n',
    );
    expect(list.format).toBe('eventbrite');
    expect(list.errors).toEqual([]);
    expect(list.rows).toEqual([
      { line: 2, code: 'EB-0001', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org', company: 'Analytical Engines', ticketType: 'VIP', status: 'valid' },
      { line: 3, code: 'EB-0002', firstName: 'Alan', lastName: 'Turing', email: 'alan@example.org', company: '', ticketType: 'General', status: 'refunded' },
    ]);
  });

  it('recognises the Eventbrite attendee summary by exactly its eight columns', () => {
    const list = parse(
      'Order #,First Name,Last Name,Email,Ticket Type,Attendee #,Barcode #,Attendee Status\n' +
        '113,Grace,Hopper,gh@example.org,General,3,EB-0003,Checked In\n' +
        '114,Katherine,Johnson,kj@example.org,General,4,EB-0004,Not Attending\n',
    );
    expect(list.format).toBe('eventbrite');
    expect(list.columns).toEqual({ code: 'Barcode #', firstName: 'First Name', lastName: 'Last Name', email: 'Email', ticketType: 'Ticket Type', status: 'Attendee Status' });
    expect(list.rows.map((r) => [r.code, r.status])).toEqual([['EB-0003', 'valid'], ['EB-0004', 'cancelled']]);
  });

  it('reads a pretix positions export: name parts, product, code from order and position', () => {
    const list = parse(
      'Event slug,Order code,Position ID,Status,Email,Product,Variation,Attendee name,Attendee name: Given name,Attendee name: Family name,Attendee email,Company,Company\n' +
        'conf,ABC12,1,Paid,buyer@example.org,Full pass,,Grace Hopper,Grace,Hopper,grace@example.org,Navy,Invoice Co\n' +
        'conf,ABC12,2,Canceled,buyer@example.org,Full pass,,Ludwig van Beethoven,,,,,Invoice Co\n',
    );
    expect(list.format).toBe('pretix');
    expect(list.columns.code).toBe('Order code-Position ID');
    expect(list.rows.map((r) => [r.code, r.firstName, r.lastName, r.email, r.company, r.ticketType, r.status])).toEqual([
      ['ABC12-1', 'Grace', 'Hopper', 'grace@example.org', 'Navy', 'Full pass', 'valid'],
      ['ABC12-2', 'Ludwig', 'van Beethoven', '', '', 'Full pass', 'cancelled'],
    ]);
  });

  it('reads a Hi.Events attendee export', () => {
    const list = parse(
      'ID,First Name,Last Name,Email,Status,Is Checked In,Checked In At,Product ID,Product Name,Event ID,Public ID,Short ID,Created Date,Last Updated Date,Notes\n' +
        '7,Katherine,Johnson,kj@example.org,ACTIVE,No,,3,Early bird,9,A-K7X2,k7x2,2026-01-01,2026-01-01,Wheelchair\n' +
        '8,Dorothy,Vaughan,dv@example.org,AWAITING_PAYMENT,No,,3,Early bird,9,A-Q9Z1,q9z1,2026-01-01,2026-01-01,\n',
    );
    expect(list.format).toBe('hi.events');
    expect(list.rows.map((r) => [r.code, r.lastName, r.ticketType, r.status, r.note])).toEqual([
      ['A-K7X2', 'Johnson', 'Early bird', 'valid', 'Wheelchair'],
      ['A-Q9Z1', 'Vaughan', 'Early bird', 'pending', ''],
    ]);
  });

  it('reads plain name,email,code and splits the name', () => {
    const list = parse('name,email,code\nAda Lovelace,ada@example.org,C-1\n"Hopper, Grace",grace@example.org,C-2\n');
    expect(list.format).toBe('generic');
    expect(list.rows).toEqual([
      { line: 2, code: 'C-1', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org' },
      { line: 3, code: 'C-2', firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.org' },
    ]);
  });

  it('takes an explicit --map over detection, including badge fields', () => {
    const list = parse('Ticket,Guest,Org,Track\nT1,Marie Curie,Sorbonne,Science\n', ['Ticket=code', 'Guest=name', 'Org=company', 'Track=badgeFields.Track']);
    expect(list.rows).toEqual([
      { line: 2, code: 'T1', firstName: 'Marie', lastName: 'Curie', company: 'Sorbonne', badgeFields: { Track: 'Science' } },
    ]);
  });

  it('leaves a column unused with --map "Column=-", whatever detection made of it', () => {
    const text = 'code,first name,last name,company,status\nC1,Ada,Lovelace,Analytical,cancelled\n';
    expect(parse(text).rows[0]).toMatchObject({ company: 'Analytical', status: 'cancelled' });
    const list = parse(text, ['company=-', 'status=-']);
    expect(list.rows).toEqual([{ line: 2, code: 'C1', firstName: 'Ada', lastName: 'Lovelace' }]);
  });
});

describe('parseAttendeeCsv: encodings and dialects', () => {
  const expected = [{ line: 2, code: 'K-1', firstName: 'Jürgen', lastName: 'Müller', email: 'jm@example.de' }];

  it('reads UTF-8 with a BOM, CRLF and ; delimiters (Excel, European locale)', () => {
    const list = parseAttendeeCsv(utf8('\ufeffVorname;Nachname;E-Mail;Code\r\nJürgen;Müller;jm@example.de;K-1\r\n'));
    expect(list.encoding).toBe('utf-8');
    expect(list.delimiter).toBe(';');
    expect(list.rows).toEqual(expected);
  });

  it('keeps a quoted line break in a name or company on one line, and in a note as written', () => {
    const list = parseAttendeeCsv(utf8('name,company,note,code\r\n"Ana\r\nMaria Peña","ACME\n Labs","Row A\r\nSeat 4",Q-1\r\n'));
    expect(list.rows).toEqual([{ line: 2, code: 'Q-1', firstName: 'Ana Maria', lastName: 'Peña', company: 'ACME Labs', note: 'Row A\r\nSeat 4' }]);
  });

  it('reads Windows-1252', () => {
    const list = parseAttendeeCsv(iconv.encode('Vorname;Nachname;E-Mail;Code\r\nJürgen;Müller;jm@example.de;K-1\r\n', 'win1252'));
    expect(list.encoding).toBe('windows-1252');
    expect(list.rows).toEqual(expected);
  });

  it('reads UTF-16 with a BOM', () => {
    const list = parseAttendeeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Vorname\tNachname\tE-Mail\tCode\r\nJürgen\tMüller\tjm@example.de\tK-1\r\n', 'utf16le')]));
    expect(list.rows).toEqual(expected);
  });

  it('refuses bytes that are no text encoding it knows, and XLSX', () => {
    expect(() => parseAttendeeCsv(new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x81, 0x8d, 0x0a]))).toThrow(/neither UTF-8 nor Windows-1252/);
    expect(() => parseAttendeeCsv(new Uint8Array([0x6e, 0x00, 0x61, 0x00]))).toThrow(/NUL bytes/);
    expect(() => parseAttendeeCsv(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toThrow(/XLSX/);
    expect(() => parseAttendeeCsv(new Uint8Array([0xef, 0xbb, 0xbf, 0xff, 0xfe]))).toThrow(/byte-order mark but is not valid UTF-8/);
  });
});

describe('parseAttendeeCsv: bad input', () => {
  it('names missing required columns and the columns it found', () => {
    const error = (() => {
      try {
        parse('email,company\na@example.org,Acme\n');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ArrivalsError);
    expect((error as ArrivalsError).message).toMatch(/missing required columns: the ticket code .*; a name .*Columns in the file: "email", "company"/);
  });

  it('refuses a --map to a column or field that does not exist', () => {
    expect(() => parse('name,code\nA B,1\n', ['Nope=email'])).toThrow(/no column "Nope"/);
    expect(() => parse('name,code\nA B,1\n', ['name=fullName'])).toThrow(/unknown field "fullName"/);
  });

  it('lists bad rows by line: no code, no name, unknown status, extra fields, duplicates', () => {
    const list = parse(
      'name,email,code,status\n' +
        'Ada Lovelace,ada@example.org,C-1,valid\n' +
        ',nobody@example.org,C-2,valid\n' +
        'No Code,nc@example.org,,valid\n' +
        'Odd Status,os@example.org,C-3,maybe\n' +
        'Too Many,tm@example.org,C-4,valid,extra\n' +
        'Dup One,d1@example.org,C-5,valid\n' +
        '"Multi\nLine",ml@example.org,C-6,valid\n' +
        'Dup Two,d2@example.org,C-5,valid\n' +
        ',,,\n',
    );
    expect(list.rows.map((r) => r.code)).toEqual(['C-1', 'C-6']);
    expect(list.totalRows).toBe(8);
    expect(list.errors).toEqual([
      { line: 3, reason: 'no name' },
      { line: 4, reason: 'no ticket code' },
      { line: 5, reason: 'unknown status "maybe" in column "status" (values in this file: "valid", "maybe"); correct it to a status the list\'s platform uses, or to valid, pending, cancelled or refunded' },
      { line: 6, reason: 'has 5 fields but the header has 4 (an unquoted delimiter in a value?)' },
      { line: 7, reason: 'duplicate code "C-5" (lines 7, 10)' },
      { line: 10, reason: 'duplicate code "C-5" (lines 7, 10)' },
    ]);
  });

  it('reports progress on large lists', () => {
    const lines = ['name,code', ...Array.from({ length: 25 }, (_, i) => `Person ${i},P-${i}`)];
    const seen: Array<[number, number | null]> = [];
    parseAttendeeCsv(utf8(lines.join('\n')), { onProgress: (done, total) => seen.push([done, total]), progressEvery: 10 });
    expect(seen).toEqual([[10, null], [20, null], [25, 25]]);
  });
});

describe('splitFullName', () => {
  it('keeps particles with the family name and reads "Last, First"', () => {
    expect(splitFullName('Ludwig van Beethoven')).toEqual({ firstName: 'Ludwig', lastName: 'van Beethoven' });
    expect(splitFullName('Mary Ann  Evans')).toEqual({ firstName: 'Mary Ann', lastName: 'Evans' });
    expect(splitFullName('Curie, Marie')).toEqual({ firstName: 'Marie', lastName: 'Curie' });
    expect(splitFullName('Cher')).toEqual({ firstName: 'Cher', lastName: '' });
  });
});
