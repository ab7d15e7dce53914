/**
 * The import's dry run: what `attendees.import` would do with these bytes, without writing
 * anything. Pure (bytes + options → report), so the kiosk (`arrivals import FILE --dry-run`,
 * `attendees.importPreview`) and the cloud console show the same thing.
 */
import { importPreviewRowLimit, type ImportPreview } from '../../contract/attendees';
import { describeLayout } from './mapping';
import { parseAttendeeList, type AttendeeImportRow } from './parse-attendees';

/** The ticket type of a row whose list has none. */
export const defaultTicketType = 'General';

export interface PreviewOptions {
  /** `Source column=field` entries, as given to `--map`. */
  map?: readonly string[];
}

const maxErrors = 200;

/**
 * Whole-file problems that leave no table to describe (an encoding that is neither UTF-8 nor
 * Windows-1252, a broken XLSX, an unclosed quote, a bad --map) throw ArrivalsError('bad_input');
 * a table that cannot be imported (missing columns, an orders sheet) is described, with `problem`.
 */
export async function previewAttendeeList(bytes: Uint8Array, options: PreviewOptions = {}): Promise<ImportPreview> {
  const list = await parseAttendeeList(bytes, { map: options.map, tolerateProblem: true });
  const statusCounts = { valid: 0, pending: 0, cancelled: 0, refunded: 0 };
  for (const row of list.rows) statusCounts[row.status ?? 'valid']++;
  return {
    format: list.format,
    layout: list.layout,
    description: describeLayout(list),
    language: list.language,
    confidence: list.confidence,
    encoding: list.encoding,
    delimiter: list.delimiter,
    sheet: list.sheet,
    columns: list.columnReasons,
    statuses: list.statusValues,
    statusCounts,
    totalRows: list.totalRows,
    goodRows: list.rows.length,
    rows: list.rows.slice(0, importPreviewRowLimit).map(asStored),
    errors: list.errors.slice(0, maxErrors),
    errorCount: list.errors.length,
    warnings: list.warnings,
    problem: list.problem,
  };
}

/** A row as a new attendee would be stored from it (a re-import keeps stored values for absent columns). */
function asStored(row: AttendeeImportRow): ImportPreview['rows'][number] {
  return {
    line: row.line,
    code: row.code,
    firstName: row.firstName ?? '',
    lastName: row.lastName ?? '',
    email: row.email ?? '',
    company: row.company ?? '',
    ticketType: row.ticketType ?? defaultTicketType,
    status: row.status ?? 'valid',
    vip: row.vip ?? false,
    note: row.note ?? '',
    badgeFields: row.badgeFields ?? {},
  };
}

