/**
 * Importing an attendee list into the replica. One transaction: either every valid row is written
 * (bad rows rejected the whole file, or with skipInvalid were left out and reported) or nothing is.
 * Re-importing the same list updates attendees by code and changes nothing else, so the summary of
 * a second run says 0 inserted, 0 updated.
 */
import { nowIso, systemClock, type Clock } from '../../../common/clock';
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { ArrivalsError } from '../../../common/contract/errors';
import { maxImportFileBytes } from '../../../common/contract/attendees';
import type { EventPayload } from '../../../common/contract/index';
import {
  attendeeCount,
  attendeeValuesOf,
  attendeeWriter,
  eventIds,
  type AttendeeValues,
  type Db,
} from '../db/attendee-queries';
import { ensureTicketType, getEvent, ticketTypeNames, upsertEvent } from '../db/event-queries';
import { shouldDeferSearchIndex, withSearchIndexDeferred } from '../db/search-queries';
import { currentEventId, setSetting, settingKeys } from '../db/settings-queries';
import { parseAttendeeList, type AttendeeImportRow, type RowError } from '../../../common/node/import/parse-attendees';
import { defaultTicketType } from '../../../common/node/import/preview';

export { defaultTicketType };
export const defaultEventName = 'Imported attendees';
/** The contract's limit: far above any real list (100k attendees ≈ 15 MB), far below what would exhaust memory. */
export const maxImportBytes = maxImportFileBytes;

export type ImportProgress = EventPayload<'import.progress'>;

export interface ImportOptions {
  /** `Source column=field` entries. */
  map?: readonly string[];
  skipInvalid?: boolean;
  /** Import into this event (it must exist); default the kiosk's current event, else a new one. */
  eventId?: string;
  onProgress?: (progress: ImportProgress) => void;
  /** Dates the rows written; the kiosk passes its clock (default: the system clock). */
  clock?: Clock;
}

export interface ImportSummary {
  importId: string;
  event: { id: string; name: string; created: boolean };
  format: string;
  layout: string;
  encoding: string;
  columns: Record<string, string>;
  totalRows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Bad rows left out (skipInvalid); 0 when the file was rejected. */
  skipped: number;
  /** True when bad rows made the whole file be refused: nothing was written. */
  rejected: boolean;
  ticketTypesCreated: string[];
  errors: RowError[];
  warnings: string[];
}

export async function importAttendeeFile(db: Db, path: string, options: ImportOptions = {}): Promise<ImportSummary> {
  let bytes: Buffer;
  try {
    if (statSync(path).size > maxImportBytes) throw new ArrivalsError('bad_input', `${path} is larger than ${maxImportBytes / 1024 / 1024} MB`);
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof ArrivalsError) throw error;
    throw new ArrivalsError('not_found', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return importAttendeeBytes(db, bytes, options);
}

/** Reads the list (CSV, or XLSX through exceljs, loaded only then), then writes it in one transaction. */
export async function importAttendeeBytes(db: Db, bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportSummary> {
  const importId = randomUUID();
  const progress = (phase: ImportProgress['phase'], rowsDone: number, rowsTotal: number | null) =>
    options.onProgress?.({ importId, phase, rowsDone, rowsTotal });
  progress('parsing', 0, null);
  let list;
  try {
    list = await parseAttendeeList(bytes, { map: options.map, onProgress: (done, total) => progress('validating', done, total) });
  } catch (error) {
    progress('failed', 0, null);
    throw error;
  }
  const at = nowIso(options.clock ?? systemClock);

  const write = db.transaction(() => {
    const event = resolveEvent(db, options.eventId, at);
    const writer = attendeeWriter(db);
    const existing = writer.findByCodes(list.rows.map((r) => r.code));
    const errors = [...list.errors];
    const rows = list.rows.filter((row) => {
      const reason = eventConflict(row, event.id, existing.get(row.code)?.event_id);
      if (reason) errors.push({ line: row.line, reason });
      return !reason;
    });
    errors.sort((a, b) => a.line - b.line);
    const summary: ImportSummary = {
      importId, event, format: list.format, layout: list.layout, encoding: list.encoding, columns: list.columns, totalRows: list.totalRows,
      inserted: 0, updated: 0, unchanged: 0, skipped: 0, rejected: false, ticketTypesCreated: [], errors, warnings: list.warnings,
    };
    if (errors.length > 0 && !options.skipInvalid) {
      summary.rejected = true;
      // Roll back the event this import may have created: a refused file changes nothing.
      throw new Rejected(summary);
    }
    summary.skipped = new Set(errors.map((e) => e.line)).size;

    const knownTypes = ticketTypeNames(db, event.id);
    const writeRows = () => {
      rows.forEach((row, i) => {
        if (i > 0 && i % 10_000 === 0) progress('writing', i, rows.length);
        const stored = existing.get(row.code);
        const values = mergeValues(stored ? attendeeValuesOf(stored) : undefined, row);
        if (!knownTypes.has(values.ticketType)) {
          ensureTicketType(db, event.id, values.ticketType, at);
          knownTypes.add(values.ticketType);
          summary.ticketTypesCreated.push(values.ticketType);
        }
        if (!stored) {
          writer.insert(event.id, row.code, values, at);
          summary.inserted++;
        } else if (sameValues(attendeeValuesOf(stored), values)) {
          summary.unchanged++;
        } else {
          writer.update(stored.id, values, at);
          summary.updated++;
        }
      });
    };
    if (shouldDeferSearchIndex(rows.length, attendeeCount(db))) withSearchIndexDeferred(db, writeRows);
    else writeRows();
    return summary;
  });

  try {
    const summary = write.immediate();
    progress('done', list.totalRows, list.totalRows);
    return summary;
  } catch (error) {
    progress('failed', 0, list.totalRows);
    if (error instanceof Rejected) return error.summary;
    throw error;
  }
}

class Rejected extends Error {
  constructor(readonly summary: ImportSummary) {
    super('import rejected');
  }
}

/**
 * The event a list goes into: the one asked for, else the kiosk's current event, else — on a
 * fresh kiosk — a new local event that becomes current, so `import` then `checkin` just works.
 */
function resolveEvent(db: Db, requested: string | undefined, at: string): ImportSummary['event'] {
  const id = requested ?? currentEventId(db);
  if (id) {
    const event = getEvent(db, id);
    if (!event) throw new ArrivalsError('not_found', `event "${id}" is not in this kiosk's replica`);
    return { id: event.id, name: event.name, created: false };
  }
  const existing = eventIds(db);
  if (existing.length > 0) {
    throw new ArrivalsError('bad_input', `this kiosk holds ${existing.length} events and none is current; choose one (events: ${existing.slice(0, 5).join(', ')})`);
  }
  const created = { id: `local-${randomUUID().slice(0, 8)}`, name: defaultEventName, created: true };
  upsertEvent(db, { id: created.id, name: created.name, timeZone: localTimeZone(), doorsOpen: null, doorsClose: null }, at);
  setSetting(db, settingKeys.currentEventId, created.id);
  return created;
}

function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function eventConflict(row: AttendeeImportRow, eventId: string, storedEventId: string | undefined): string | null {
  if (row.eventId && row.eventId !== eventId) return `belongs to event "${row.eventId}", but this import goes into "${eventId}"`;
  if (storedEventId !== undefined && storedEventId !== eventId) return `code "${row.code}" is already an attendee of event "${storedEventId}"`;
  return null;
}

/** The stored values with the file's columns laid over them; what the file lacks is kept. */
function mergeValues(stored: AttendeeValues | undefined, row: AttendeeImportRow): AttendeeValues {
  const base: AttendeeValues = stored ?? {
    firstName: '', lastName: '', email: '', company: '', ticketType: defaultTicketType, status: 'valid', vip: false, note: '', badgeFields: {},
  };
  return {
    firstName: row.firstName ?? base.firstName,
    lastName: row.lastName ?? base.lastName,
    email: row.email ?? base.email,
    company: row.company ?? base.company,
    ticketType: row.ticketType ?? base.ticketType,
    status: row.status ?? base.status,
    vip: row.vip ?? base.vip,
    note: row.note ?? base.note,
    badgeFields: row.badgeFields ? { ...base.badgeFields, ...row.badgeFields } : base.badgeFields,
  };
}

function sameValues(a: AttendeeValues, b: AttendeeValues): boolean {
  return (
    a.firstName === b.firstName && a.lastName === b.lastName && a.email === b.email && a.company === b.company &&
    a.ticketType === b.ticketType && a.status === b.status && a.vip === b.vip && a.note === b.note &&
    sameRecord(a.badgeFields, b.badgeFields)
  );
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
