/** CSV bulk upsert: the kiosk's own import mapping (main/core/import) turns rows into attendees. */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteContext } from '../server';
import { CloudStoreError } from '../store/events';

export const csvImportRoute = (_ctx: RouteContext): FastifyPluginAsync => async (app) => {
  app.post('/v1/events/:id/attendees/csv', { schema: { hide: true } }, async () => {
    throw new CloudStoreError(400, 'bad_input', 'CSV import is not wired yet');
  });
};
