/** What kiosks call with their device token (managers may too): feed, live stream, ingest, report, stats. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cloudError, deviceLeaveResponse, deviceReport, deviceReportResponse, eventIdParams, eventStats, feedPage, feedQuery, ingestRequest, ingestResponse } from '../../common/cloud-api';
import type { RouteContext } from '../server';
import { coalesced, repeatEvery } from './stream-loop';
import { isDeviceActive, leaveDevice, recordDeviceReport, touchDevice } from '../store/devices';
import { CloudStoreError } from '../store/errors';
import { requireEvent } from '../store/events';
import { readFeed } from '../store/feed';
import { IngestQueue } from '../store/ingest-queue';
import { eventStats as computeStats } from '../store/stats';
import { ingestUndos } from '../store/undos';
import { ingestWalkIns } from '../store/walk-ins';

const errors = { 400: cloudError, 401: cloudError, 403: cloudError, 404: cloudError };
/**
 * For the hot routes: the schema stays (validation of input, /openapi.json) but responses are not
 * re-parsed by zod on the way out: they are built from validated input and typed rows, and
 * re-checking 5,000 attendees per feed page cost more than the query.
 */
const plainJson = () => (data: unknown) => JSON.stringify(data);
/** Streams poll this often for changes written by other server processes. */
const streamPollMs = 1000;
const heartbeatMs = 15_000;

export const kioskRoutes = (ctx: RouteContext): FastifyPluginAsync => async (root) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const ingest = new IngestQueue(ctx.cdb);
  app.addHook('onClose', () => ingest.idle());

  app.get('/v1/events/:id/feed', {
    config: { auth: 'event' },
    schema: {
      operationId: 'readFeed',
      summary: 'Changes after a cursor in one total order; from no cursor, the full snapshot first',
      params: eventIdParams,
      querystring: feedQuery,
      response: { 200: feedPage, ...errors },
    },
    serializerCompiler: plainJson,
  }, async (request) => readFeed(ctx.cdb, request.params.id, request.query.cursor, request.query.limit));

  app.get('/v1/events/:id/feed/stream', {
    config: { auth: 'event' },
    schema: {
      operationId: 'streamFeed',
      summary: 'Server-sent events: each `changes` message is a feed page, pushed as changes commit',
      params: eventIdParams,
      querystring: feedQuery,
      response: { 200: { description: 'An event stream; it ends when the device is revoked', content: { 'text/event-stream': { schema: z.string() } } } },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    let cursor = request.query.cursor ?? '';
    // Validate access and the event before committing to a stream.
    const first = await readFeed(ctx.cdb, id, cursor, request.query.limit);
    const device = request.caller.kind === 'device' ? request.caller.device : undefined;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    // Sends the headers now: the client knows it is subscribed before the first change exists.
    res.write(': subscribed\n\n');
    let closed = false;
    const send = (page: typeof first) => {
      cursor = page.nextCursor;
      if (page.changes.length) res.write(`event: changes\nid: ${page.nextCursor}\ndata: ${JSON.stringify(page)}\n\n`);
    };
    const cleanups: Array<() => void> = [];
    const stop = () => {
      closed = true;
      for (const cleanup of cleanups.splice(0)) cleanup();
    };
    /** A revoked device's stream ends: nothing read after its revocation is sent. */
    const end = () => {
      if (closed) return;
      stop();
      res.end();
    };
    // Checked after each read and before its page is sent: whatever a read saw committed before
    // this check, so a revocation committed earlier is seen here and the page is dropped.
    const stillAllowed = async () => {
      if (!device || (await isDeviceActive(ctx.cdb.db, device.id))) return true;
      end();
      return false;
    };
    const pump = coalesced(
      async () => {
        let page;
        do {
          page = await readFeed(ctx.cdb, id, cursor, request.query.limit);
          if (closed || !(await stillAllowed()) || closed) return;
          send(page);
        } while (page.hasMore);
      },
      () => closed,
      (error) => request.log.warn({ err: { message: error.message } }, 'feed stream read failed'),
    );
    send(first);
    if (first.hasMore) void pump();
    const unsubscribe = ctx.notifier.subscribe(id, () => void pump());
    const unrevoked = device ? ctx.notifier.onRevoked(device.id, end) : () => undefined;
    // On the cloud's clock, so a test can step through polls and heartbeats instead of sleeping.
    const every = (ms: number, fn: () => void) => repeatEvery(ctx.clock, ms, fn, () => closed);
    // The poll also notices a revocation made by another server process, and keeps the device's
    // last-seen time fresh while its stream stays open (written at most once a minute).
    const poll = async () => {
      if (!(await stillAllowed())) return;
      if (device) await touchDevice(ctx.cdb, device);
      await pump();
    };
    const stopPoll = every(streamPollMs, () => void poll().catch((error: Error) => request.log.warn({ err: { message: error.message } }, 'feed stream check failed')));
    const stopHeartbeat = every(heartbeatMs, () => res.write(': keep-alive\n\n'));
    cleanups.push(unsubscribe, unrevoked, stopPoll, stopHeartbeat);
    request.raw.on('close', stop);
    res.on('close', stop);
  });

  app.post('/v1/events/:id/checkins', {
    config: { auth: 'event' },
    bodyLimit: 1024 * 1024,
    compress: false,
    serializerCompiler: plainJson,
    schema: {
      operationId: 'ingestCheckins',
      summary: 'Ingest up to 500 items: walk-ins, then check-ins, then undos; one answer per item, per kind, in order, each idempotent by its id',
      params: eventIdParams,
      body: ingestRequest,
      response: { 200: ingestResponse, ...errors },
    },
  }, async (request) => {
    const device = request.caller.kind === 'device' ? request.caller.device : null;
    const { checkins, undos, walkIns } = request.body;
    const kinds = [
      { name: 'walkIns', items: walkIns as Array<{ kioskId: string; at: string }> },
      { name: 'checkins', items: checkins },
      { name: 'undos', items: undos },
    ];
    // A device files items only under its own kiosk id (a manager may file any kiosk's).
    for (const { name, items } of kinds) {
      const foreign = device ? items.findIndex((item) => item.kioskId !== device.kiosk_id) : -1;
      if (device && foreign !== -1) {
        throw new CloudStoreError(403, 'forbidden', `${name}[${foreign}]: this device files items as kiosk ${device.kiosk_id} only; nothing was stored`);
      }
    }
    // Far from the server's clock is a broken kiosk clock or a forged time, not a door.
    const now = ctx.clock.now();
    for (const { name, items } of kinds) {
      const late = items.findIndex((item) => Math.abs(Date.parse(item.at) - now) > ctx.checkinWindowMs);
      if (late !== -1) {
        const days = Math.round(ctx.checkinWindowMs / 86_400_000);
        throw new CloudStoreError(400, 'bad_input', `${name}[${late}].at is more than ${days} days from the server's time; nothing was stored`);
      }
    }
    // A device's event exists (it enrolled into it); a manager may name any id.
    if (!device) await requireEvent(ctx.cdb.db, request.params.id);
    const eventId = request.params.id;
    const deviceId = device?.id ?? null;
    // In this order, each kind committed before the next starts: a walk-in's code is known to its
    // check-in, and a check-in to its undo, within one request.
    const walkInResults = await ingestWalkIns(ctx.cdb, eventId, walkIns.map((item) => ({ ...item, deviceId })));
    const results = checkins.length ? await ingest.submit(eventId, checkins.map((item) => ({ ...item, deviceId }))) : [];
    const undoResults = await ingestUndos(ctx.cdb, eventId, undos.map((item) => ({ ...item, deviceId })));
    ctx.notifier.changed(eventId);
    return { results, undos: undoResults, walkIns: walkInResults };
  });

  app.post('/v1/events/:id/report', {
    config: { auth: 'event' },
    schema: {
      operationId: 'reportDevice',
      summary: "A kiosk's report on its outbox (queue depth, dead letters, app version), shown in the devices list; device tokens only",
      params: eventIdParams,
      body: deviceReport,
      response: { 200: deviceReportResponse, ...errors },
    },
  }, async (request) => {
    if (request.caller.kind !== 'device') throw new CloudStoreError(403, 'forbidden', 'only an enrolled device reports on itself');
    return { reportedAt: await recordDeviceReport(ctx.cdb, request.caller.device.id, request.body) };
  });

  app.post('/v1/events/:id/devices/self/leave', {
    config: { auth: 'event' },
    schema: {
      operationId: 'leaveDevice',
      summary:
        "A kiosk unenrolls: its own device is retired (the token is refused from now on, its stream ends, its kiosk id may enroll again with a new setup code) and listed as left; device tokens only. A second call with the same token gets 401 device_revoked",
      params: eventIdParams,
      response: { 200: deviceLeaveResponse, ...errors },
    },
  }, async (request) => {
    if (request.caller.kind !== 'device') throw new CloudStoreError(403, 'forbidden', 'only an enrolled device leaves, with its own token; managers revoke devices');
    const leftAt = await leaveDevice(ctx.cdb, request.caller.device.id);
    ctx.notifier.revoked(request.caller.device.id);
    return { leftAt };
  });

  app.get('/v1/events/:id/stats', {
    config: { auth: 'event' },
    schema: { operationId: 'getStats', summary: 'Admitted vs expected, by ticket type, per 5 minutes, inside now, per kiosk', params: eventIdParams, response: { 200: eventStats, ...errors } },
  }, async (request) => computeStats(ctx.cdb, request.params.id));
};
