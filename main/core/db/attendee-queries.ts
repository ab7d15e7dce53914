/**
 * Attendee rows as stored in the replica, and the shared JSON shape they become. The import writes
 * through here; search and export read through here, so a column rename touches one file.
 */
import { attendeeFromColumns, type Attendee, type AttendeeStatus } from '../../../common/domain/attendee';
import type { Database } from './open';
import { prepared } from './statements';

export type Db = Database;

export interface AttendeeRow {
  id: number;
  event_id: string;
  code: string;
  first_name: string;
  last_name: string;
  email: string;
  company: string;
  ticket_type: string;
  status: AttendeeStatus;
  vip: number;
  note: string;
  badge_fields: string;
}

/** The columns an AttendeeRow needs, for queries that join attendees under the alias `a`. */
export const attendeeColumns =
  'a.id, a.event_id, a.code, a.first_name, a.last_name, a.email, a.company, a.ticket_type, a.status, a.vip, a.note, a.badge_fields';

/** The replica's numeric row id is not part of an attendee; the shared mapping ignores it. */
export function rowToAttendee(row: AttendeeRow): Attendee {
  return attendeeFromColumns(row);
}

/** The attendee fields an import may write; the rest (id, origin, times) belong to the replica. */
export interface AttendeeValues {
  firstName: string;
  lastName: string;
  email: string;
  company: string;
  ticketType: string;
  status: AttendeeStatus;
  vip: boolean;
  note: string;
  badgeFields: Record<string, string>;
}

export function attendeeValuesOf(row: AttendeeRow): AttendeeValues {
  const { code: _code, eventId: _eventId, ...values } = rowToAttendee(row);
  return values;
}

export interface AttendeeWriter {
  /** Every attendee of the replica whose code is one of `codes`, keyed by code. */
  findByCodes(codes: readonly string[]): Map<string, AttendeeRow>;
  insert(eventId: string, code: string, values: AttendeeValues, at: string): void;
  update(id: number, values: AttendeeValues, at: string): void;
}

/** Statements for writing attendees in bulk; prepare once per import, use inside its transaction. */
export function attendeeWriter(db: Db): AttendeeWriter {
  const insert = db.prepare(
    `INSERT INTO attendees (event_id, code, first_name, last_name, email, company, ticket_type, status, vip, note, badge_fields, origin, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'import', ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE attendees SET first_name = ?, last_name = ?, email = ?, company = ?, ticket_type = ?, status = ?, vip = ?, note = ?,
       badge_fields = ?, updated_at = ? WHERE id = ?`,
  );
  // json_each over one JSON array: one statement for any number of codes, no 999-variable limit.
  const byCodes = db.prepare<[string], AttendeeRow>(
    `SELECT ${attendeeColumns} FROM json_each(?) AS j JOIN attendees a ON a.code = j.value`,
  );
  return {
    findByCodes(codes) {
      const found = new Map<string, AttendeeRow>();
      for (const row of byCodes.all(JSON.stringify(codes))) found.set(row.code, row);
      return found;
    },
    insert(eventId, code, v, at) {
      insert.run(eventId, code, v.firstName, v.lastName, v.email, v.company, v.ticketType, v.status, v.vip ? 1 : 0, v.note,
        JSON.stringify(v.badgeFields), at, at);
    },
    update(id, v, at) {
      update.run(v.firstName, v.lastName, v.email, v.company, v.ticketType, v.status, v.vip ? 1 : 0, v.note,
        JSON.stringify(v.badgeFields), at, id);
    },
  };
}

export function attendeeCount(db: Db): number {
  return prepared<[], { n: number }>(db, 'SELECT count(*) AS n FROM attendees').get()!.n;
}

export function eventIds(db: Db): string[] {
  return prepared<[], { id: string }>(db, 'SELECT id FROM events ORDER BY created_at, id').all().map((r) => r.id);
}
