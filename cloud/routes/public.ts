/** Routes without a token: registration, a ticket's QR image, and kiosk enrollment. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { z } from 'zod';
import { cloudError, enrollRequest, enrollResponse, eventIdParams, registrationRequest, registrationResponse, ticketParams } from '../../common/cloud-api';
import type { RouteContext } from '../server';
import { codeExists } from '../store/attendees';
import { enrollDevice } from '../store/devices';
import { CloudStoreError } from '../store/errors';

export function ticketQrPath(code: string, format: 'svg' | 'png'): string {
  return `/v1/tickets/${encodeURIComponent(code)}/qr.${format}`;
}

export const publicRoutes = (ctx: RouteContext): FastifyPluginAsync => async (root) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const perMinute = (max: number) => ({ max, timeWindow: 60_000, keyGenerator: (request: { ip: string }) => `ip:${request.ip}` });

  app.post('/v1/events/:id/registrations', {
    config: { auth: 'public', rateLimit: perMinute(ctx.limits.registrationsPerMinute) },
    bodyLimit: 16 * 1024,
    schema: {
      operationId: 'register',
      summary: 'Register for an event (public); returns the attendee with its signed code',
      security: [],
      params: eventIdParams,
      body: registrationRequest,
      response: { 201: registrationResponse, 400: cloudError, 404: cloudError, 409: cloudError },
    },
  }, async (request, reply) => {
    const attendee = await ctx.registrations.register(request.params.id, request.body);
    ctx.notifier.changed(request.params.id);
    ctx.mailer?.wake();
    const base = ctx.publicUrl();
    return reply.code(201).send({ attendee, qrSvgUrl: base + ticketQrPath(attendee.code, 'svg'), qrPngUrl: base + ticketQrPath(attendee.code, 'png') });
  });

  for (const format of ['svg', 'png'] as const) {
    app.get(`/v1/tickets/:code/qr.${format}`, {
      config: { auth: 'public', rateLimit: perMinute(ctx.limits.qrPerMinute) },
      schema: {
        operationId: format === 'svg' ? 'ticketQrSvg' : 'ticketQrPng',
        summary: `A ticket's QR code as ${format.toUpperCase()} (public)`,
        security: [],
        params: ticketParams,
        response: { 200: { description: 'The QR code of the ticket code', content: { [format === 'svg' ? 'image/svg+xml' : 'image/png']: { schema: format === 'svg' ? z.string() : z.string().meta({ format: 'binary' }) } } } },
      },
    }, async (request, reply) => {
      // Only real tickets: the server is not a general-purpose QR generator.
      if (!(await codeExists(ctx.cdb.db, request.params.code))) throw new CloudStoreError(404, 'not_found', 'no such ticket');
      const options = { errorCorrectionLevel: 'M' as const, margin: 2 };
      reply.header('cache-control', 'private, max-age=3600');
      if (format === 'svg') return reply.type('image/svg+xml').send(await QRCode.toString(request.params.code, { ...options, type: 'svg' }));
      // Bytes are sent as they are (the schema above only documents them).
      return reply.type('image/png').send((await QRCode.toBuffer(request.params.code, { ...options, type: 'png', scale: 6 })) as unknown as string);
    });
  }

  app.post('/v1/devices/enroll', {
    config: { auth: 'public', rateLimit: perMinute(ctx.limits.enrollPerMinute) },
    bodyLimit: 4 * 1024,
    schema: {
      operationId: 'enrollDevice',
      summary: 'Trade a one-time setup code for a device token scoped to its event and bound to one kiosk id',
      security: [],
      body: enrollRequest,
      response: { 200: enrollResponse, 400: cloudError, 401: cloudError },
    },
  }, async (request) => enrollDevice(ctx.cdb, request.body.setupCode, request.body.name, request.body.kioskId));
};
