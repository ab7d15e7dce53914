/**
 * CSV (or XLSX) bulk upsert. The kiosk's own import parser (common/node/import/parse-attendees.ts) reads the
 * file — encodings, the pretix/Eventbrite/Hi.Events/Tito/Luma/Meetup layouts, `--map`-style column mapping, per-row
 * errors with line numbers — so a list imports the same way on a kiosk and in the cloud.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ArrivalsError } from '../../common/contract/errors';
import { attendeeBulkResponse, cloudError, eventIdParams } from '../../common/cloud-api';
import { safeText } from '../../common/domain/text';
import { parseAttendeeList, type AttendeeImportRow } from '../../common/node/import/parse-attendees';
import type { RouteContext } from '../server';
import { bulkUpsertAttendees, type PartialAttendeeFields } from '../store/attendees';
import { requireEvent } from '../store/events';
import { CloudStoreError } from '../store/errors';

const csvQuery = z.object({
  /** `Source column=field` entries, as the kiosk's `import --map` takes them. */
  map: z.union([safeText(500), z.array(safeText(500)).max(100)]).optional(),
  /** Import the good rows and report the bad ones, instead of refusing the whole file. */
  skipInvalid: z.enum(['true', 'false']).default('false'),
});

/** The largest attendee list the cloud reads (import and its dry run). */
export const maxCsvBytes = 50 * 1024 * 1024;
/** An attendee list's body arrives as raw bytes, whatever type a client names it. */
export function acceptFileBytes(app: FastifyInstance): void {
  app.addContentTypeParser(['text/csv', 'application/octet-stream', 'text/plain'], { parseAs: 'buffer', bodyLimit: maxCsvBytes }, (_request, body, done) => done(null, body));
}

function toFields(row: AttendeeImportRow): PartialAttendeeFields {
  const { line: _line, eventId: _eventId, ...fields } = row;
  return fields;
}

export const csvImportRoute = (ctx: RouteContext): FastifyPluginAsync => async (root) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  acceptFileBytes(root);

  app.post('/v1/events/:id/attendees/csv', {
    bodyLimit: maxCsvBytes,
    schema: {
      operationId: 'importAttendeesCsv',
      summary: 'Bulk upsert attendees from a CSV file (body: text/csv), with the kiosk import mapping',
      consumes: ['text/csv', 'application/octet-stream', 'text/plain'],
      // The file's bytes, read by the content parser above; described here for the OpenAPI document.
      body: z.any().meta({ type: 'string', format: 'binary', description: 'The attendee list: CSV in UTF-8 or Windows-1252' }),
      params: eventIdParams,
      querystring: csvQuery,
      response: { 200: attendeeBulkResponse, 400: cloudError, 401: cloudError, 403: cloudError, 404: cloudError },
    },
  }, async (request) => {
    const eventId = request.params.id;
    await requireEvent(ctx.cdb.db, eventId);
    if (!Buffer.isBuffer(request.body)) throw new CloudStoreError(400, 'bad_input', 'send the file as text/csv');
    const map = request.query.map === undefined ? [] : ([] as string[]).concat(request.query.map);
    let parsed;
    try {
      parsed = await parseAttendeeList(new Uint8Array(request.body), { map });
    } catch (error) {
      if (error instanceof ArrivalsError) throw new CloudStoreError(400, 'bad_input', error.message);
      throw error;
    }
    const rejected = parsed.errors.map((e) => ({ row: e.line, message: e.reason }));
    const rows = parsed.rows.filter((row) => {
      if (row.eventId === undefined || row.eventId === eventId) return true;
      rejected.push({ row: row.line, message: `row is for event ${row.eventId}, not ${eventId}` });
      return false;
    });
    if (rejected.length && request.query.skipInvalid !== 'true') {
      const first = rejected.slice(0, 3).map((r) => `line ${r.row}: ${r.message}`).join('; ');
      throw new CloudStoreError(400, 'bad_input', `${rejected.length} row(s) refused, nothing imported (${first}); add ?skipInvalid=true to import the rest`);
    }
    const result = rows.length ? await bulkUpsertAttendees(ctx.cdb, eventId, rows.map(toFields), { createTicketTypes: true }) : { created: 0, updated: 0, codes: [] };
    ctx.notifier.changed(eventId);
    return { ...result, rejected: rejected.sort((a, b) => a.row - b.row) };
  });
};
