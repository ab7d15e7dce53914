/**
 * The CSV import's dry run, for the console's mapping preview: the same parser and auto-mapping as
 * the import itself (common/node/import, the kiosk's too) read the file with the mapping given, and
 * nothing is stored. The console then posts the same bytes and `map` to …/attendees/csv.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ArrivalsError } from '../../common/contract/errors';
import { cloudError, eventIdParams } from '../../common/cloud-api';
import { csvPreviewResponse } from '../../common/console-api';
import { safeText } from '../../common/domain/text';
import { detectDelimiter, eachCsvRecord } from '../../common/node/import/csv';
import { decodeAttendeeFile } from '../../common/node/import/decode';
import { importFields } from '../../common/node/import/mapping';
import { parseAttendeeCsv } from '../../common/node/import/parse-attendees';
import type { RouteContext } from '../server';
import { requireEvent } from '../store/events';
import { CloudStoreError } from '../store/errors';

const previewQuery = z.object({ map: z.union([safeText(500), z.array(safeText(500)).max(100)]).optional() });
const maxCsvBytes = 50 * 1024 * 1024;
const previewRows = 20;

function headersOf(bytes: Uint8Array): { headers: string[]; encoding: string; delimiter: string } {
  const { text, encoding } = decodeAttendeeFile(bytes);
  const delimiter = detectDelimiter(text);
  let headers: string[] = [];
  eachCsvRecord(text, delimiter, (record) => {
    headers = record.fields.map((h) => h.trim());
    return false;
  });
  return { headers, encoding, delimiter };
}

export const csvPreviewRoute = (_ctx: RouteContext): FastifyPluginAsync => async (root) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.addContentTypeParser(['text/csv', 'application/octet-stream', 'text/plain'], { parseAs: 'buffer', bodyLimit: maxCsvBytes }, (_request, body, done) => done(null, body));

  app.post('/v1/events/:id/attendees/csv/preview', {
    bodyLimit: maxCsvBytes,
    schema: {
      operationId: 'previewAttendeesCsv',
      summary: 'Read a CSV file with the import mapping (auto-detected, plus `map`) and show what would be imported; stores nothing',
      consumes: ['text/csv', 'application/octet-stream', 'text/plain'],
      body: z.any().meta({ type: 'string', format: 'binary', description: 'The attendee list: CSV in UTF-8 or Windows-1252' }),
      params: eventIdParams,
      querystring: previewQuery,
      response: { 200: csvPreviewResponse, 400: cloudError, 401: cloudError, 403: cloudError, 404: cloudError },
    },
  }, async (request) => {
    await requireEvent(_ctx.cdb.db, request.params.id);
    if (!Buffer.isBuffer(request.body)) throw new CloudStoreError(400, 'bad_input', 'send the file as text/csv');
    const bytes = new Uint8Array(request.body);
    const map = request.query.map === undefined ? [] : ([] as string[]).concat(request.query.map);
    let head;
    try {
      head = headersOf(bytes);
    } catch (error) {
      if (error instanceof ArrivalsError) throw new CloudStoreError(400, 'bad_input', error.message);
      throw error;
    }
    const fields = [...importFields.filter((f) => f !== 'eventId'), 'badgeFields.LABEL'];
    try {
      const parsed = parseAttendeeCsv(bytes, { map });
      return {
        format: parsed.format,
        encoding: parsed.encoding,
        delimiter: parsed.delimiter,
        headers: head.headers,
        columns: parsed.columns,
        fields,
        totalRows: parsed.totalRows,
        rows: parsed.rows.slice(0, previewRows).map((r) => ({
          line: r.line,
          firstName: r.firstName ?? '',
          lastName: r.lastName ?? '',
          email: r.email ?? '',
          company: r.company ?? '',
          ticketType: r.ticketType ?? '',
          code: r.code,
          status: r.status ?? 'valid',
        })),
        errors: parsed.errors.slice(0, 500).map((e) => ({ row: e.line, message: e.reason })),
        problem: null,
      };
    } catch (error) {
      if (!(error instanceof ArrivalsError)) throw error;
      // A mapping that cannot read the file (a required column missing): say why, show the headers to map.
      return { format: 'generic', encoding: head.encoding, delimiter: head.delimiter, headers: head.headers, columns: {}, fields, totalRows: 0, rows: [], errors: [], problem: error.message };
    }
  });
};
