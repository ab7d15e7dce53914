/**
 * The CSV (or XLSX) import's dry run, for the console's mapping preview: the kiosk's own preview
 * (common/node/import/preview.ts, what `arrivals import FILE --dry-run` prints) reads the file with
 * the auto-mapping and the `map` given, and nothing is stored. The console then posts the same
 * bytes and `map` to …/attendees/csv.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { acceptFileBytes, maxCsvBytes } from './csv-import';
import { z } from 'zod';
import { ArrivalsError } from '../../common/contract/errors';
import { cloudError, eventIdParams } from '../../common/cloud-api';
import { csvPreviewResponse } from '../../common/console-api';
import { safeText } from '../../common/domain/text';
import { importFields } from '../../common/node/import/mapping';
import { previewAttendeeList } from '../../common/node/import/preview';
import type { RouteContext } from '../server';
import { requireEvent } from '../store/events';
import { CloudStoreError } from '../store/errors';

const previewQuery = z.object({ map: z.union([safeText(500), z.array(safeText(500)).max(100)]).optional() });
/** What a column can be mapped to (`badgeFields.LABEL`: a free badge field). */
const fields = [...importFields.filter((f) => f !== 'eventId'), 'badgeFields.LABEL'];

export const csvPreviewRoute = (ctx: RouteContext): FastifyPluginAsync => async (root) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  acceptFileBytes(root);

  app.post('/v1/events/:id/attendees/csv/preview', {
    bodyLimit: maxCsvBytes,
    schema: {
      operationId: 'previewAttendeesCsv',
      summary: 'Read an attendee list (CSV or XLSX) with the import mapping (auto-detected, plus `map`) and show what would be imported; stores nothing',
      consumes: ['text/csv', 'application/octet-stream', 'text/plain'],
      body: z.any().meta({ type: 'string', format: 'binary', description: 'The attendee list: CSV in UTF-8 or Windows-1252, or XLSX' }),
      params: eventIdParams,
      querystring: previewQuery,
      response: { 200: csvPreviewResponse, 400: cloudError, 401: cloudError, 403: cloudError, 404: cloudError },
    },
  }, async (request) => {
    await requireEvent(ctx.cdb.db, request.params.id);
    if (!Buffer.isBuffer(request.body)) throw new CloudStoreError(400, 'bad_input', 'send the file as text/csv');
    const map = request.query.map === undefined ? [] : ([] as string[]).concat(request.query.map);
    try {
      return { ...(await previewAttendeeList(new Uint8Array(request.body), { map })), fields };
    } catch (error) {
      if (error instanceof ArrivalsError) throw new CloudStoreError(400, 'bad_input', error.message);
      throw error;
    }
  });
};
