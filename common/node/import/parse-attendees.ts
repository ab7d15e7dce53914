/**
 * An attendee list file → validated attendee rows, with no storage: the kiosk's import writes the
 * rows into its replica, the cloud into its own database. Whole-file problems (encoding, missing
 * columns, an orders sheet, an unclosed quote, a bad --map) throw ArrivalsError('bad_input'); row
 * problems are collected with their line number so the caller can reject the file or skip those
 * rows. `parseAttendeeList` reads CSV and XLSX; `parseAttendeeCsv` is its synchronous CSV part.
 */
import { ArrivalsError } from '../../contract/errors';
import type { AttendeeStatus } from '../../domain/attendee';
import { isVisible, textProblem } from '../../domain/text';
import { detectDelimiter, eachCsvRecord, type CsvDelimiter, type CsvRecord } from './csv';
import { decodeAttendeeFile, type TextEncodingName } from './decode';
import { analyseHeaders, describeLayout, type ColumnMapping, type ColumnReason, type ImportField } from './mapping';
import { splitFullName } from './names';
import { parseStatusOf, parseVip, stricterStatus } from './values';
import { isLegacyXls, isZip } from './xlsx';

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

/** How often each value of a status column occurs, and what it maps to (null: unknown). */
export interface StatusValueCount {
  column: string;
  value: string;
  status: AttendeeStatus | null;
  rows: number;
}

export interface ParsedAttendeeList {
  /** The platform: pretix, eventbrite, hi.events, tito, luma, meetup or generic. */
  format: string;
  /** Which of its exports ("order positions", "check-in list", "attendee report", "list"). */
  layout: string;
  language: 'en' | 'de' | null;
  /** 0–1: how many of the layout's characteristic headers the file has. */
  confidence: number;
  encoding: TextEncodingName | 'xlsx';
  /** null for XLSX. */
  delimiter: CsvDelimiter | null;
  /** The worksheet read, for XLSX. */
  sheet: string | null;
  /** Field → the header of the column it was read from (`code` may be "Order code-Position ID"). */
  columns: Record<string, string>;
  /** Every column of the file: the field it fills and why. */
  columnReasons: ColumnReason[];
  statusValues: StatusValueCount[];
  warnings: string[];
  /** Data rows in the file, blank lines not counted. */
  totalRows: number;
  rows: AttendeeImportRow[];
  errors: RowError[];
  /** Why the whole file is refused; only when parsed with `tolerateProblem` (else it throws). */
  problem: string | null;
}

export interface ParseOptions {
  /** `Source column=field` entries, as given to `--map`. */
  map?: readonly string[];
  /** Called every `progressEvery` rows while validating (large files). */
  /** rowsTotal is null until the whole file has been read. */
  onProgress?: (rowsDone: number, rowsTotal: number | null) => void;
  progressEvery?: number;
  /** Return a whole-file problem in `problem` (with no rows) instead of throwing it: the dry run. */
  tolerateProblem?: boolean;
}

export const fieldLimits: Partial<Record<ImportField, number>> = {
  code: 512, eventId: 64, firstName: 200, lastName: 200, email: 320, company: 200, ticketType: 80, note: 2000,
};

/** A CSV list (any encoding the decoder knows); XLSX needs the asynchronous `parseAttendeeList`. */
export function parseAttendeeCsv(bytes: Uint8Array, options: ParseOptions = {}): ParsedAttendeeList {
  if (isZip(bytes)) {
    throw new ArrivalsError('bad_input', 'the file is an XLSX/ZIP archive: read it with parseAttendeeList, or save it from the spreadsheet as "CSV UTF-8"');
  }
  const { text, encoding } = decodeAttendeeFile(bytes);
  const delimiter = detectDelimiter(text);
  return parseTable((onRecord) => eachCsvRecord(text, delimiter, onRecord), { encoding, delimiter, sheet: null }, options);
}

/**
 * A CSV or XLSX list. Of a workbook, the first sheet that reads as an attendee list is taken
 * (pretix's Excel export starts with its Orders sheet; its Order positions sheet is the list).
 */
export async function parseAttendeeList(bytes: Uint8Array, options: ParseOptions = {}): Promise<ParsedAttendeeList> {
  if (isLegacyXls(bytes)) {
    throw new ArrivalsError('bad_input', 'the file is an Excel 97–2003 workbook (.xls), which is not read: save it as .xlsx or as "CSV UTF-8"');
  }
  if (!isZip(bytes)) return parseAttendeeCsv(bytes, options);
  const { readXlsxSheets } = await import('./xlsx');
  const sheets = (await readXlsxSheets(bytes)).filter((sheet) => sheet.records.length > 0);
  let first: ParsedAttendeeList | undefined;
  for (const sheet of sheets) {
    const list = parseTable(
      (onRecord) => {
        for (const record of sheet.records) if (onRecord(record) === false) return;
      },
      { encoding: 'xlsx', delimiter: null, sheet: sheet.name },
      { ...options, tolerateProblem: true },
    );
    if (!list.problem) {
      if (sheets.length > 1) list.warnings.unshift(`read the sheet "${sheet.name}" of ${sheets.length}`);
      return list;
    }
    first ??= list;
  }
  if (options.tolerateProblem) return first!;
  throw new ArrivalsError('bad_input', sheets.length > 1 ? `no sheet is an attendee list; the first ("${first!.sheet}"): ${first!.problem}` : first!.problem!);
}

const noCode = 'no ticket code';

type EachRecord = (onRecord: (record: CsvRecord) => boolean | void) => void;

interface PendingStatus {
  line: number;
  column: number;
  value: string;
}

function parseTable(
  each: EachRecord,
  meta: { encoding: TextEncodingName | 'xlsx'; delimiter: CsvDelimiter | null; sheet: string | null },
  options: ParseOptions,
): ParsedAttendeeList {
  let headers: string[] | undefined;
  let mapping: ColumnMapping | undefined;
  const rows: AttendeeImportRow[] = [];
  const errors: RowError[] = [];
  const unknownStatuses: PendingStatus[] = [];
  const statusCounts = new Map<number, Map<string, number>>();
  const every = options.progressEvery ?? 10_000;
  let recordsSeen = 0;
  let totalRows = 0;
  each((record) => {
    if (!headers || !mapping) {
      headers = record.fields.map((h) => h.trim());
      mapping = analyseHeaders(headers, options.map);
      if (mapping.problem && !options.tolerateProblem) throw new ArrivalsError('bad_input', mapping.problem);
      return;
    }
    recordsSeen++;
    if (options.onProgress && recordsSeen % every === 0) options.onProgress(recordsSeen, null);
    if (record.fields.every((f) => f.trim() === '')) return;
    totalRows++;
    for (const status of mapping.statuses) {
      const value = clean(record.fields[status.index] ?? '');
      let counts = statusCounts.get(status.index);
      if (!counts) statusCounts.set(status.index, (counts = new Map()));
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    if (mapping.problem) return;
    const result = toRow(record.fields, record.line, headers.length, mapping);
    if (typeof result === 'string') errors.push({ line: record.line, reason: result });
    else if ('unknownStatus' in result) unknownStatuses.push(result.unknownStatus);
    else rows.push(result);
  });
  if (!headers || !mapping) throw new ArrivalsError('bad_input', 'the file is empty: expected a header line and one attendee per line');
  options.onProgress?.(recordsSeen, recordsSeen);

  const statusValues: StatusValueCount[] = [];
  for (const status of mapping.statuses) {
    for (const [value, count] of statusCounts.get(status.index) ?? []) {
      statusValues.push({ column: headers[status.index]!, value, status: statusOf(status.kind, value), rows: count });
    }
  }
  // An unknown status is never guessed: the row is refused, naming the values the file uses.
  for (const unknown of unknownStatuses) {
    const column = headers[unknown.column]!;
    const seen = [...(statusCounts.get(unknown.column)?.keys() ?? [])].map((v) => `"${truncate(v)}"`);
    const shown = seen.length > 12 ? `${seen.slice(0, 12).join(', ')}, …` : seen.join(', ');
    errors.push({
      line: unknown.line,
      reason: `unknown status "${truncate(unknown.value)}" in column "${column}" (values in this file: ${shown}); ` +
        'correct it to a status the list\'s platform uses, or to valid, pending, cancelled or refunded',
    });
  }

  // A code column that is there but empty in every row: the export left out what the door scans.
  let problem = mapping.problem;
  if (!problem && totalRows > 0 && errors.length === totalRows && errors.every((e) => e.reason === noCode)) {
    const column = describeColumns(mapping, headers).code;
    problem = `the ticket code column "${column}" is empty in every row: export the list with its ticket codes, or name the column that holds them with --map "Column=code"`;
    if (!options.tolerateProblem) throw new ArrivalsError('bad_input', problem);
  }

  markDuplicateCodes(rows, errors);
  errors.sort((a, b) => a.line - b.line);
  const bad = new Set(errors.map((e) => e.line));
  return {
    format: mapping.format,
    layout: mapping.layout,
    language: mapping.language,
    confidence: mapping.confidence,
    encoding: meta.encoding,
    delimiter: meta.delimiter,
    sheet: meta.sheet,
    columns: describeColumns(mapping, headers),
    columnReasons: mapping.reasons,
    statusValues,
    warnings: [...mapping.warnings],
    totalRows,
    rows: rows.filter((r) => !bad.has(r.line)),
    errors,
    problem,
  };
}

export { describeLayout };

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
function statusOf(kind: string, text: string): AttendeeStatus | null {
  const key = `${kind}\u0000${text}`;
  let status = statusCache.get(key);
  if (status === undefined) {
    status = parseStatusOf(kind as Parameters<typeof parseStatusOf>[0], text);
    if (statusCache.size < 1000) statusCache.set(key, status);
  }
  return status;
}

/** The row, why it is refused, or the status value nobody listed (reported once the file's values are known). */
function toRow(fields: readonly string[], line: number, width: number, mapping: ColumnMapping): AttendeeImportRow | string | { unknownStatus: PendingStatus } {
  if (fields.length > width && fields.slice(width).some((f) => f.trim() !== '')) {
    return `has ${fields.length} fields but the header has ${width} (an unquoted delimiter in a value?)`;
  }
  const cell = (field: Exclude<ImportField, 'status'>): string | undefined => {
    const index = mapping.fields[field];
    if (index === undefined) return undefined;
    const value = clean(fields[index] ?? '');
    return field === 'note' ? value : oneLine(value);
  };
  const code = mapping.derivedCode
    ? [fields[mapping.derivedCode.order], fields[mapping.derivedCode.position]].map((v) => (v ?? '').trim()).join('-')
    : (cell('code') ?? '');
  if (code === '' || code === '-') return noCode;
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

  if (mapping.impliedStatus) row.status = mapping.impliedStatus;
  for (const column of mapping.statuses) {
    const value = clean(fields[column.index] ?? '');
    const parsed = statusOf(column.kind, value);
    if (!parsed) return { unknownStatus: { line, column: column.index, value } };
    row.status = row.status ? stricterStatus(row.status, parsed) : parsed;
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
  if (mapping.statuses.length > 0) columns.status = mapping.statuses.map((s) => headers[s.index]!).join(' + ');
  if (mapping.derivedCode) columns.code = `${headers[mapping.derivedCode.order]}-${headers[mapping.derivedCode.position]}`;
  for (const [label, index] of Object.entries(mapping.badgeFields)) columns[`badgeFields.${label}`] = headers[index]!;
  return columns;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
