/**
 * An attendee list file → validated attendee rows, with no storage: the kiosk's import writes the
 * rows into its replica, the cloud into its own database. Whole-file problems (encoding, missing
 * columns, an unclosed quote, a bad --map) throw ArrivalsError('bad_input'); row problems are
 * collected with their line number so the caller can reject the file or skip those rows.
 */
import { ArrivalsError } from '../../contract/errors';
import type { AttendeeStatus } from '../../domain/attendee';
import { isVisible, textProblem } from '../../domain/text';
import { detectDelimiter, eachCsvRecord, type CsvDelimiter } from './csv';
import { decodeAttendeeFile, type TextEncodingName } from './decode';
import { detectMapping, type ColumnMapping, type ImportField } from './mapping';
import { splitFullName } from './names';
import { parseStatus, parseVip } from './values';

/** One attendee as the file gives it. Absent keys: the file has no such column (keep what is stored). */
export interface AttendeeImportRow {
  line: number;
  code: string;
  eventId?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  company?: string;
  ticketType?: string;
  status?: AttendeeStatus;
  vip?: boolean;
  note?: string;
  badgeFields?: Record<string, string>;
}

export interface RowError {
  line: number;
  reason: string;
}

export interface ParsedAttendeeList {
  format: string;
  encoding: TextEncodingName;
  delimiter: CsvDelimiter;
  /** Field → the header of the column it was read from (`code` may be "Order code-Position ID"). */
  columns: Record<string, string>;
  /** Data rows in the file, blank lines not counted. */
  totalRows: number;
  rows: AttendeeImportRow[];
  errors: RowError[];
}

export interface ParseOptions {
  /** `Source column=field` entries, as given to `--map`. */
  map?: readonly string[];
  /** Called every `progressEvery` rows while validating (large files). */
  /** rowsTotal is null until the whole file has been read. */
  onProgress?: (rowsDone: number, rowsTotal: number | null) => void;
  progressEvery?: number;
}

export const fieldLimits: Partial<Record<ImportField, number>> = {
  code: 512, eventId: 64, firstName: 200, lastName: 200, email: 320, company: 200, ticketType: 80, note: 2000,
};

export function parseAttendeeCsv(bytes: Uint8Array, options: ParseOptions = {}): ParsedAttendeeList {
  const { text, encoding } = decodeAttendeeFile(bytes);
  const delimiter = detectDelimiter(text);
  let headers: string[] | undefined;
  let mapping: ColumnMapping | undefined;
  const rows: AttendeeImportRow[] = [];
  const errors: RowError[] = [];
  const every = options.progressEvery ?? 10_000;
  let recordsSeen = 0;
  let totalRows = 0;
  eachCsvRecord(text, delimiter, (record) => {
    if (!headers || !mapping) {
      headers = record.fields.map((h) => h.trim());
      mapping = detectMapping(headers, options.map);
      return;
    }
    recordsSeen++;
    if (options.onProgress && recordsSeen % every === 0) options.onProgress(recordsSeen, null);
    if (record.fields.every((f) => f.trim() === '')) return;
    totalRows++;
    const result = toRow(record.fields, record.line, headers.length, mapping);
    if (typeof result === 'string') errors.push({ line: record.line, reason: result });
    else rows.push(result);
  });
  if (!headers || !mapping) throw new ArrivalsError('bad_input', 'the file is empty: expected a header line and one attendee per line');
  options.onProgress?.(recordsSeen, recordsSeen);

  markDuplicateCodes(rows, errors);
  errors.sort((a, b) => a.line - b.line);
  const bad = new Set(errors.map((e) => e.line));
  return {
    format: mapping.format,
    encoding,
    delimiter,
    columns: describeColumns(mapping, headers),
    totalRows,
    rows: rows.filter((r) => !bad.has(r.line)),
    errors,
  };
}

const limitEntries = Object.entries(fieldLimits);
const textFields = ['eventId', 'firstName', 'lastName', 'email', 'company', 'ticketType', 'note'] as const;

/** NFC (a Mac export may decompose "ü"), trimmed; ASCII, most cells, skips the normalization. */
function clean(value: string): string {
  // eslint-disable-next-line no-control-regex -- the ASCII range, not control characters
  return /^[\x00-\x7f]*$/.test(value) ? value.trim() : value.normalize('NFC').trim();
}

/**
 * A line break inside a quoted cell (Alt+Enter in Excel) becomes a space in every field but the
 * note: names, company and ticket type are shown on one line at the door and on the badge.
 */
function oneLine(value: string): string {
  return value.includes('\n') || value.includes('\r') ? value.replace(/\s*[\r\n]+\s*/g, ' ') : value;
}

// A list uses a handful of status words across 100k rows: decide each once.
const statusCache = new Map<string, AttendeeStatus | null>();
function statusOf(text: string): AttendeeStatus | null {
  let status = statusCache.get(text);
  if (status === undefined) {
    status = parseStatus(text);
    if (statusCache.size < 1000) statusCache.set(text, status);
  }
  return status;
}

/** The row, or why it is refused. */
function toRow(fields: readonly string[], line: number, width: number, mapping: ColumnMapping): AttendeeImportRow | string {
  if (fields.length > width && fields.slice(width).some((f) => f.trim() !== '')) {
    return `has ${fields.length} fields but the header has ${width} (an unquoted delimiter in a value?)`;
  }
  const cell = (field: ImportField): string | undefined => {
    const index = mapping.fields[field];
    if (index === undefined) return undefined;
    const value = clean(fields[index] ?? '');
    return field === 'note' ? value : oneLine(value);
  };
  const code = mapping.derivedCode
    ? [fields[mapping.derivedCode.order], fields[mapping.derivedCode.position]].map((v) => (v ?? '').trim()).join('-')
    : (cell('code') ?? '');
  if (code === '' || code === '-') return 'no ticket code';
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(code)) return 'the ticket code contains control characters';

  const row: AttendeeImportRow = { line, code };
  for (const field of ['eventId', 'email', 'company', 'note'] as const) {
    const value = cell(field);
    if (value !== undefined) row[field] = value;
  }
  const ticketType = cell('ticketType');
  if (ticketType) row.ticketType = ticketType;
  let firstName = cell('firstName');
  let lastName = cell('lastName');
  const fullName = cell('name');
  if (!firstName && !lastName && fullName) ({ firstName, lastName } = splitFullName(fullName));
  if (firstName !== undefined) row.firstName = firstName;
  if (lastName !== undefined) row.lastName = lastName;
  if (!(row.firstName && isVisible(row.firstName)) && !(row.lastName && isVisible(row.lastName))) return 'no name';

  for (const [field, limit] of limitEntries) {
    const value = field === 'code' ? code : row[field as keyof AttendeeImportRow];
    // UTF-16 length ≥ characters, so the exact count is only needed for long values.
    if (typeof value === 'string' && value.length > limit && [...value].length > limit) return `${field} is longer than ${limit} characters`;
  }

  // The one text rule (common/domain/text.ts): what both stores can hold as sent.
  for (const field of textFields) {
    const value = row[field];
    const problem = value === undefined ? undefined : textProblem(value);
    if (problem) return `${field} ${problem}`;
  }

  const status = cell('status');
  if (status !== undefined) {
    const parsed = statusOf(status);
    if (!parsed) return `unknown status "${truncate(status)}" (use valid, pending, cancelled or refunded)`;
    row.status = parsed;
  }
  const vip = cell('vip');
  if (vip !== undefined) {
    const parsed = parseVip(vip);
    if (parsed === null) return `vip must be yes or no, not "${truncate(vip)}"`;
    row.vip = parsed;
  }
  const labels = Object.entries(mapping.badgeFields);
  if (labels.length > 0) {
    row.badgeFields = {};
    for (const [label, index] of labels) {
      const value = clean(fields[index] ?? '');
      if (value.length > 500) return `badge field ${label} is longer than 500 characters`;
      const problem = textProblem(value);
      if (problem) return `badge field ${label} ${problem}`;
      if (value) row.badgeFields[label] = value;
    }
  }
  return row;
}

/** A code twice in one file: which row is right is unknowable, so every copy is refused. */
function markDuplicateCodes(rows: readonly AttendeeImportRow[], errors: RowError[]): void {
  const lines = new Map<string, number[]>();
  for (const row of rows) {
    const seen = lines.get(row.code);
    if (seen) seen.push(row.line);
    else lines.set(row.code, [row.line]);
  }
  for (const [code, at] of lines) {
    if (at.length < 2) continue;
    for (const line of at) {
      errors.push({ line, reason: `duplicate code "${truncate(code)}" (lines ${at.join(', ')})` });
    }
  }
}

function describeColumns(mapping: ColumnMapping, headers: readonly string[]): Record<string, string> {
  const columns: Record<string, string> = {};
  for (const [field, index] of Object.entries(mapping.fields)) columns[field] = headers[index]!;
  if (mapping.derivedCode) columns.code = `${headers[mapping.derivedCode.order]}-${headers[mapping.derivedCode.position]}`;
  for (const [label, index] of Object.entries(mapping.badgeFields)) columns[`badgeFields.${label}`] = headers[index]!;
  return columns;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
