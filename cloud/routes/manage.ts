/** The managers' API (admin token): events, ticket types, keys, attendees, tickets, devices, export. */
import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { z } from 'zod';
import {
  attendeeBulkRequest,
  attendeeBulkResponse,
  cloudError,
  cloudEvent,
  cloudTicketType,
  deviceList,
  deviceParams,
  eventIdParams,
  eventInput,
  eventPatch,
  reissueResponse,
  setupCodeRequest,
  setupCodeResponse,
  ticketCodeParams,
  ticketTypeInput,
} from '../../common/cloud-api';
import { nowIso } from '../../common/clock';
import { attendee } from '../../common/domain/attendee';
import type { RouteContext } from '../server';
import { bulkUpsertAttendees, cancelTicket, reissueTicket } from '../store/attendees';
import { createSetupCode, listDevices, revokeDevice } from '../store/devices';
import { createEvent, getEvent, listEvents, requireEvent, rotateKey, updateEvent, upsertTicketType } from '../store/events';
import { CloudStoreError } from '../store/errors';
import { lockEvent } from '../store/sequencer';
import { exportCheckinsCsv } from '../store/stats';
import { csvImportRoute } from './csv-import';

const errors = { 400: cloudError, 401: cloudError, 403: cloudError, 404: cloudError, 409: cloudError };

export const manageRoutes = (ctx: RouteContext): FastifyPluginAsync => async (root) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { cdb } = ctx;
  const { db } = cdb;

  app.get('/v1/events', { schema: { operationId: 'listEvents', summary: 'List events', response: { 200: z.object({ events: z.array(cloudEvent) }), ...errors } } }, async () => ({
    events: await listEvents(db),
  }));

  app.post('/v1/events', { schema: { operationId: 'createEvent', summary: 'Create an event (with its ticket types and a signing key)', body: eventInput, response: { 201: cloudEvent, ...errors } } }, async (request, reply) =>
    reply.code(201).send(await createEvent(cdb, request.body)),
  );

  app.get('/v1/events/:id', { config: { auth: 'event' }, schema: { operationId: 'getEvent', summary: 'An event and its ticket types', params: eventIdParams, response: { 200: cloudEvent, ...errors } } }, async (request) => {
    const event = await getEvent(db, request.params.id);
    if (!event) throw new CloudStoreError(404, 'not_found', `no event ${request.params.id}`);
    return event;
  });

  app.patch('/v1/events/:id', { schema: { operationId: 'updateEvent', summary: 'Update an event (only the fields sent)', params: eventIdParams, body: eventPatch, response: { 200: cloudEvent, ...errors } } }, async (request) =>
    updateEvent(cdb, request.params.id, request.body),
  );

  app.post('/v1/events/:id/ticket-types', {
    schema: { operationId: 'upsertTicketType', summary: 'Create or update a ticket type (by name)', params: eventIdParams, body: ticketTypeInput, response: { 200: cloudTicketType, ...errors } },
  }, async (request) => {
    await requireEvent(db, request.params.id);
    // Under the event row's lock, so two new types cannot take the same index.
    const type = await db.transaction().execute(async (trx) => {
      await lockEvent(trx, cdb.engine, request.params.id);
      return upsertTicketType(trx, request.params.id, request.body, nowIso(ctx.clock));
    });
    ctx.notifier.changed(request.params.id);
    return type;
  });

  app.post('/v1/events/:id/keys/rotate', {
    schema: { operationId: 'rotateKey', summary: 'Start signing new codes with a new key (old keys stay published)', params: eventIdParams, response: { 200: z.object({ keyId: z.string(), keyIndex: z.number().int(), publicKey: z.string() }), ...errors } },
  }, async (request) => {
    const key = await rotateKey(cdb, request.params.id);
    ctx.notifier.changed(request.params.id);
    return key;
  });

  app.post('/v1/events/:id/attendees', {
    bodyLimit: 16 * 1024 * 1024,
    schema: { operationId: 'upsertAttendees', summary: 'Bulk upsert attendees (JSON); matched by code, else by email', params: eventIdParams, body: attendeeBulkRequest, response: { 200: attendeeBulkResponse, ...errors } },
  }, async (request) => {
    const result = await bulkUpsertAttendees(ctx.cdb, request.params.id, request.body.attendees);
    ctx.notifier.changed(request.params.id);
    return { ...result, rejected: [] };
  });

  await app.register(csvImportRoute(ctx));

  app.post('/v1/events/:id/tickets/:code/cancel', {
    schema: { operationId: 'cancelTicket', summary: 'Cancel a ticket; its code goes on the revocation list', params: ticketCodeParams, response: { 200: attendee, ...errors } },
  }, async (request) => {
    const result = await cancelTicket(cdb, request.params.id, request.params.code);
    ctx.notifier.changed(request.params.id);
    return result;
  });

  app.post('/v1/events/:id/tickets/:code/reissue', {
    schema: { operationId: 'reissueTicket', summary: 'Re-issue a ticket with a new code; the old code is revoked', params: ticketCodeParams, response: { 200: reissueResponse, ...errors } },
  }, async (request) => {
    const result = await reissueTicket(cdb, request.params.id, request.params.code);
    ctx.notifier.changed(request.params.id);
    return result;
  });

  app.post('/v1/events/:id/devices/setup-codes', {
    schema: { operationId: 'createSetupCode', summary: 'Make a one-time setup code (and its QR) for enrolling a kiosk', params: eventIdParams, body: setupCodeRequest.optional(), response: { 201: setupCodeResponse, ...errors } },
  }, async (request, reply) => {
    const { setupCode, expiresAt } = await createSetupCode(cdb, request.params.id, request.body?.ttlMinutes ?? 24 * 60);
    const qrPayload = JSON.stringify({ server: ctx.publicUrl(), setupCode });
    const qrSvg = await QRCode.toString(qrPayload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return reply.code(201).send({ setupCode, eventId: request.params.id, expiresAt, qrPayload, qrSvg });
  });

  app.get('/v1/events/:id/devices', { schema: { operationId: 'listDevices', summary: 'List enrolled devices', params: eventIdParams, response: { 200: deviceList, ...errors } } }, async (request) => ({
    devices: await listDevices(db, request.params.id),
  }));

  app.delete('/v1/events/:id/devices/:deviceId', {
    schema: { operationId: 'revokeDevice', summary: 'Revoke a device token (its next call gets 401, its open feed stream ends)', params: eventIdParams.extend(deviceParams.shape), response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await revokeDevice(cdb, request.params.id, request.params.deviceId);
    ctx.notifier.revoked(request.params.deviceId);
    return reply.code(204).send(null);
  });

  app.get('/v1/events/:id/checkins.csv', {
    schema: {
      operationId: 'exportCheckins',
      summary: 'Export the event\'s check-ins as CSV',
      params: eventIdParams,
      response: { 200: { description: 'One line per check-in, with a header line', content: { 'text/csv': { schema: z.string() } } } },
    },
  }, async (request, reply) => {
    await requireEvent(db, request.params.id);
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="checkins-${request.params.id}.csv"`);
    // A stream is sent as it is (the schema above only documents it).
    return reply.send(Readable.from(exportCheckinsCsv(ctx.cdb, request.params.id)) as unknown as string);
  });
};
