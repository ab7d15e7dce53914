// XLSX through exceljs (a workbook written here by exceljs itself, as pretix's Excel export lays
// out its sheets), and the dry run that the CLI, the kiosk contract and the cloud console share.
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAttendeeCsv, parseAttendeeList } from '../parse-attendees';
import { previewAttendeeList } from '../preview';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name));

async function workbook(sheets: Record<string, unknown[][]>): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) book.addWorksheet(name).addRows(rows);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

const positions = [
  ['Event slug', 'Order code', 'Position ID', 'Status', 'Email', 'Product', 'Attendee name', 'Attendee name: Given name', 'Attendee name: Family name', 'Attendee email', 'Company', 'Ticket secret', 'Blocked'],
  ['conf26', 'ABC12', 1, 'paid', 'b@example.org', 'Full pass', 'Grace Hopper', 'Grace', 'Hopper', 'grace@example.org', 'Navy', 'sec-grace-1', ''],
  ['conf26', 'DEF34', 1, 'pending', 'p@example.org', 'Day ticket', 'Δημήτρης Παπαδόπουλος', 'Δημήτρης', 'Παπαδόπουλος', '', '', 'sec-dimitris-2', ''],
  ['conf26', 'GHI56', 1, 'paid', 'k@example.org', 'Day ticket', 'Kim Lee', 'Kim', 'Lee', '', '', 12345, 'Yes'],
];
const orders = [
  ['Event slug', 'Order code', 'Order total', 'Status', 'Email', 'Positions'],
  ['conf26', 'ABC12', 120, 'paid', 'b@example.org', 1],
];

describe('XLSX', () => {
  it('reads pretix\'s workbook: skips the Orders sheet and reads Order positions, numbers as text', async () => {
    const list = await parseAttendeeList(await workbook({ Orders: orders, 'Order positions': positions }));
    expect(list).toMatchObject({ format: 'pretix', layout: 'order positions', encoding: 'xlsx', delimiter: null, sheet: 'Order positions', errors: [] });
    expect(list.rows.map((r) => [r.line, r.code, r.firstName, r.lastName, r.status])).toEqual([
      [2, 'sec-grace-1', 'Grace', 'Hopper', 'valid'],
      [3, 'sec-dimitris-2', 'Δημήτρης', 'Παπαδόπουλος', 'pending'],
      [4, '12345', 'Kim', 'Lee', 'cancelled'],
    ]);
    expect(list.warnings).toEqual(['read the sheet "Order positions" of 2']);
  });

  it('refuses a workbook of only the Orders sheet with the same hint as the CSV', async () => {
    await expect(parseAttendeeList(await workbook({ Orders: orders }))).rejects.toThrow(/pretix's "Orders" sheet.*"Order positions"/);
  });

  it('refuses a broken XLSX, an old .xls and XLSX through the synchronous CSV reader, each clearly', async () => {
    const broken = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    await expect(parseAttendeeList(broken)).rejects.toThrow(/ZIP archive but not a readable XLSX workbook.*save it again/);
    await expect(parseAttendeeList(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).rejects.toThrow(/Excel 97–2003 workbook \(\.xls\)/);
    expect(() => parseAttendeeCsv(broken)).toThrow(/XLSX\/ZIP archive/);
    await expect(parseAttendeeList(await workbook({ Empty: [] }))).rejects.toThrow(/no rows/);
  });
});

describe('previewAttendeeList (the dry run)', () => {
  it('says what it detected and why, how statuses map, and the first rows as they would be stored', async () => {
    const preview = await previewAttendeeList(fixture('pretix-checkin-en.csv'));
    expect(preview).toMatchObject({
      format: 'pretix', layout: 'check-in list', description: 'pretix check-in list', language: 'en', encoding: 'utf-8', delimiter: ',',
      totalRows: 3, goodRows: 3, errorCount: 0, problem: null, warnings: [], statusCounts: { valid: 2, pending: 1, cancelled: 0, refunded: 0 },
    });
    expect(preview.confidence).toBeGreaterThan(0.9);
    expect(preview.columns.find((c) => c.column === 'Secret')).toEqual({ index: 12, column: 'Secret', field: 'code', why: 'pretix check-in list: its column for the ticket code' });
    expect(preview.columns.find((c) => c.column === 'Paid')).toMatchObject({ field: 'status', why: expect.stringContaining('Yes → valid, No → pending') });
    expect(preview.columns.find((c) => c.column === 'Seat zone')).toMatchObject({ field: null, why: 'not used' });
    expect(preview.statuses).toEqual([
      { column: 'Paid', value: 'Yes', status: 'valid', rows: 2 },
      { column: 'Paid', value: 'No', status: 'pending', rows: 1 },
    ]);
    expect(preview.rows[0]).toEqual({
      line: 2, code: 'h7sv2jk9qwe4rmz8tp3xnf6cb5ud1lya', firstName: 'Andrea', lastName: 'Zulu', email: 'andrea@example.org', company: 'Zulu Labs',
      ticketType: 'Full pass', status: 'valid', vip: true, note: 'Wheelchair, row A', badgeFields: {},
    });
  });

  it('shows at most 20 rows, and the row errors', async () => {
    const lines = ['name,code,status', ...Array.from({ length: 30 }, (_, i) => `Person ${i},P-${i},${i === 25 ? 'valdi' : 'valid'}`)];
    const preview = await previewAttendeeList(new TextEncoder().encode(lines.join('\n')));
    expect(preview.rows).toHaveLength(20);
    expect(preview).toMatchObject({ totalRows: 30, goodRows: 29, errorCount: 1, errors: [{ line: 27, reason: expect.stringMatching(/^unknown status "valdi"/) }] });
  });

  it('describes a file the import would refuse, with the reason and the hint, instead of throwing', async () => {
    const orders = await previewAttendeeList(fixture('pretix-orders-de.csv'));
    expect(orders).toMatchObject({ format: 'pretix', layout: 'orders sheet', language: 'de', rows: [], problem: expect.stringMatching(/"Order positions"/) });
    const eventbrite = await previewAttendeeList(fixture('eventbrite-no-barcode.csv'));
    expect(eventbrite).toMatchObject({ format: 'eventbrite', problem: expect.stringMatching(/add the "Barcode #" column/) });
    expect(eventbrite.columns.find((c) => c.column === 'Attendee #')).toMatchObject({ field: null });
    const legacy = await previewAttendeeList(fixture('pretix-positions-en-legacy.csv'));
    expect(legacy).toMatchObject({ problem: null, warnings: [expect.stringMatching(/will not match the QR code pretix printed/)] });
    expect(legacy.columns.filter((c) => c.field === 'code').map((c) => c.column)).toEqual(['Order code', 'Position ID']);
    const empty = await previewAttendeeList(fixture('generic-empty-code.csv'));
    expect(empty.problem).toMatch(/"Ticket code" is empty in every row/);
  });

  it('takes --map entries like the import, and says they were given', async () => {
    const preview = await previewAttendeeList(new TextEncoder().encode('Who,Ticket\nAda Lovelace,T-1\n'), { map: ['Who=name', 'Ticket=code'] });
    expect(preview.columns).toEqual([
      { index: 0, column: 'Who', field: 'name', why: 'given with --map: the full name (split into first and last)' },
      { index: 1, column: 'Ticket', field: 'code', why: 'given with --map: the ticket code' },
    ]);
    await expect(previewAttendeeList(new TextEncoder().encode('a,b\n1,2\n'), { map: ['Nope=code'] })).rejects.toThrow(/no column "Nope"/);
  });
});
