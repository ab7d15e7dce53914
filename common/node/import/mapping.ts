/**
 * Which column of an attendee list holds which attendee field. Known exports (Eventbrite, pretix,
 * Hi.Events) are recognised by their headers; anything else by common column names; `--map
 * "Column=field"` overrides either. Fields are the keys `search --json` prints, plus `name` for a
 * full name to split, plus `badgeFields.Label` for a free badge field.
 */
import { ArrivalsError } from '../../contract/errors';

export const importFields = ['code', 'eventId', 'firstName', 'lastName', 'name', 'email', 'company', 'ticketType', 'status', 'vip', 'note'] as const;
export type ImportField = (typeof importFields)[number];

export interface ColumnMapping {
  /** Which export the headers look like: 'eventbrite', 'pretix', 'hi.events' or 'generic'. */
  format: string;
  /** Field → column index in the file. */
  fields: Partial<Record<ImportField, number>>;
  /** Badge label → column index. */
  badgeFields: Record<string, number>;
  /** pretix position exports carry no scannable secret: the code is "ORDER-POSITION". */
  derivedCode?: { order: number; position: number };
}

/** Header text reduced to letters and digits: "Barcode #" → "barcode", "E-Mail" → "email". */
export function headerKey(header: string): string {
  return header.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '').toLowerCase();
}

type Aliases = Partial<Record<ImportField, string[]>>;

interface KnownFormat {
  name: string;
  /** Header keys that, all present, identify the export. */
  signature: string[];
  columns: Aliases;
}

const knownFormats: KnownFormat[] = [
  {
    // Eventbrite "Attendee summary" report.
    name: 'eventbrite',
    signature: ['order', 'barcode', 'attendeestatus'],
    columns: {
      code: ['barcode'], firstName: ['firstname'], lastName: ['lastname'], email: ['email'], company: ['company'],
      ticketType: ['tickettype'], status: ['attendeestatus'],
    },
  },
  {
    // Hi.Events attendee export: the QR code on its tickets carries the public id.
    name: 'hi.events',
    signature: ['publicid', 'shortid'],
    columns: {
      code: ['publicid'], firstName: ['firstname'], lastName: ['lastname'], email: ['email'], ticketType: ['productname', 'ticketname'],
      status: ['status'], note: ['notes'],
    },
  },
  {
    // pretix "Order data" (positions sheet) or check-in list export.
    name: 'pretix',
    signature: ['ordercode'],
    columns: {
      code: ['ticketsecret', 'secret'], firstName: ['attendeenamegivenname'], lastName: ['attendeenamefamilyname'], name: ['attendeename'],
      email: ['attendeeemail', 'email'], company: ['company'], ticketType: ['product'], status: ['status', 'orderstatus'],
      vip: ['requiresspecialattention'], note: ['comment'],
    },
  },
];

const genericColumns: Aliases = {
  code: ['code', 'ticketcode', 'barcode', 'qrcode', 'qr', 'ticketid', 'ticketnumber', 'ticketno', 'secret', 'ticket'],
  firstName: ['firstname', 'first', 'givenname', 'forename', 'vorname', 'prenom'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'nachname', 'nom'],
  name: ['name', 'fullname', 'attendeename', 'attendee', 'guest', 'guestname'],
  email: ['email', 'emailaddress', 'mail', 'attendeeemail'],
  company: ['company', 'companyname', 'organization', 'organisation', 'org', 'firma', 'employer'],
  ticketType: ['tickettype', 'type', 'category', 'product', 'productname', 'ticketname', 'pass'],
  status: ['status', 'attendeestatus', 'ticketstatus', 'orderstatus'],
  vip: ['vip', 'isvip'],
  note: ['note', 'notes', 'comment', 'comments', 'remarks', 'attentionnote'],
};

export function detectMapping(headers: readonly string[], explicit: readonly string[] = []): ColumnMapping {
  const keys = headers.map(headerKey);
  const format = knownFormats.find((f) => f.signature.every((s) => keys.includes(s)));
  const mapping: ColumnMapping = { format: format?.name ?? 'generic', fields: {}, badgeFields: {} };
  const aliases = format?.columns ?? genericColumns;
  for (const field of importFields) {
    // The first matching column wins: pretix lists the attendee's company before the invoice's.
    for (const alias of aliases[field] ?? []) {
      const index = keys.indexOf(alias);
      if (index !== -1) {
        mapping.fields[field] = index;
        break;
      }
    }
  }
  if (format?.name === 'pretix' && mapping.fields.code === undefined) {
    const order = keys.indexOf('ordercode');
    const position = keys.indexOf('positionid');
    if (position !== -1) mapping.derivedCode = { order, position };
  }
  applyExplicitMap(mapping, headers, explicit);
  requireColumns(mapping, headers);
  return mapping;
}

/** `Source column=field` entries; the last `=` splits, so a column name may contain one. */
function applyExplicitMap(mapping: ColumnMapping, headers: readonly string[], entries: readonly string[]): void {
  const explicitFields = new Set<string>();
  for (const entry of entries) {
    const eq = entry.lastIndexOf('=');
    const column = entry.slice(0, eq).trim();
    const field = entry.slice(eq + 1).trim();
    if (eq === -1 || !column || !field) throw new ArrivalsError('bad_input', `--map "${entry}": expected "Source column=field"`);
    const index = findColumn(headers, column);
    if (index === -1) throw new ArrivalsError('bad_input', `--map "${entry}": the file has no column "${column}" (columns: ${listColumns(headers)})`);
    if (field === 'badgeFields' || field.startsWith('badgeFields.')) {
      const label = field === 'badgeFields' ? headers[index]!.trim() : field.slice('badgeFields.'.length).trim();
      if (!label || label.length > 64) throw new ArrivalsError('bad_input', `--map "${entry}": a badge field label is 1 to 64 characters`);
      mapping.badgeFields[label] = index;
      continue;
    }
    if (!(importFields as readonly string[]).includes(field)) {
      throw new ArrivalsError('bad_input', `--map "${entry}": unknown field "${field}" (fields: ${importFields.join(', ')}, badgeFields.LABEL)`);
    }
    explicitFields.add(field);
    mapping.fields[field as ImportField] = index;
  }
  // A name given explicitly replaces detected name columns rather than mixing with them.
  if (explicitFields.has('name') && !explicitFields.has('firstName')) delete mapping.fields.firstName;
  if (explicitFields.has('name') && !explicitFields.has('lastName')) delete mapping.fields.lastName;
  if ((explicitFields.has('firstName') || explicitFields.has('lastName')) && !explicitFields.has('name')) delete mapping.fields.name;
  if (explicitFields.has('code')) delete mapping.derivedCode;
}

function findColumn(headers: readonly string[], column: string): number {
  const exact = headers.findIndex((h) => h.trim() === column);
  if (exact !== -1) return exact;
  const lower = headers.findIndex((h) => h.trim().toLowerCase() === column.toLowerCase());
  if (lower !== -1) return lower;
  const key = headerKey(column);
  return key ? headers.findIndex((h) => headerKey(h) === key) : -1;
}

function requireColumns(mapping: ColumnMapping, headers: readonly string[]): void {
  const missing: string[] = [];
  if (mapping.fields.code === undefined && !mapping.derivedCode) missing.push('the ticket code (e.g. "code", "Barcode #")');
  const f = mapping.fields;
  if (f.name === undefined && f.firstName === undefined && f.lastName === undefined) missing.push('a name ("name", or "First Name" and "Last Name")');
  if (missing.length > 0) {
    throw new ArrivalsError(
      'bad_input',
      `missing required column${missing.length > 1 ? 's' : ''}: ${missing.join('; ')}. Columns in the file: ${listColumns(headers)}. ` +
        'Name them with --map "Column=field".',
    );
  }
}

function listColumns(headers: readonly string[]): string {
  const shown = headers.slice(0, 20).map((h) => `"${h}"`).join(', ');
  return headers.length > 20 ? `${shown}, …` : shown;
}
