/** What kiosks call with their device token (managers may too): feed, live stream, ingest, stats. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { cloudError, eventIdParams, eventStats, feedPage, feedQuery, ingestRequest, ingestResponse } from '../../common/cloud-api';
import type { RouteContext } from '../server';
import { requireEvent } from '../store/events';
import { readFeed } from '../store/feed';
import { IngestQueue } from '../store/ingest-queue';
import { eventStats as computeStats } from '../store/stats';

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
      summary: 'Server-sent events: each `changes` message is a feed page, pushed as changes commit',
      params: eventIdParams,
      querystring: feedQuery,
    },
  }, async (request, reply) => {
    const { id } = request.params;
    let cursor = request.query.cursor ?? '';
    // Validate access and the event before committing to a stream.
    const first = await readFeed(ctx.cdb, id, cursor, request.query.limit);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    // Sends the headers now: the client knows it is subscribed before the first change exists.
    res.write(': subscribed\n\n');
    let closed = false;
    let running = false;
    let again = false;
    const send = (page: typeof first) => {
      cursor = page.nextCursor;
      if (page.changes.length) res.write(`event: changes\nid: ${page.nextCursor}\ndata: ${JSON.stringify(page)}\n\n`);
    };
    const pump = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          let page;
          do {
            page = await readFeed(ctx.cdb, id, cursor, request.query.limit);
            if (closed) return;
            send(page);
          } while (page.hasMore);
        } while (again && !closed);
      } catch (error) {
        request.log.warn({ err: { message: (error as Error).message } }, 'feed stream read failed');
      } finally {
        running = false;
      }
    };
    send(first);
    if (first.hasMore) void pump();
    const unsubscribe = ctx.notifier.subscribe(id, () => void pump());
    // On the cloud's clock, so a test can step through polls and heartbeats instead of sleeping.
    const every = (ms: number, fn: () => void) => {
      let cancel = ctx.clock.setTimer(ms, function tick() {
        fn();
        if (!closed) cancel = ctx.clock.setTimer(ms, tick);
      });
      return () => cancel();
    };
    const stopPoll = every(streamPollMs, () => void pump());
    const stopHeartbeat = every(heartbeatMs, () => res.write(': keep-alive\n\n'));
    request.raw.on('close', () => {
      closed = true;
      unsubscribe();
      stopPoll();
      stopHeartbeat();
    });
  });

  app.post('/v1/events/:id/checkins', {
    config: { auth: 'event' },
    bodyLimit: 1024 * 1024,
    compress: false,
    serializerCompiler: plainJson,
    schema: {
      summary: 'Ingest up to 500 check-ins; one result per item, in order, idempotent by id',
      params: eventIdParams,
      body: ingestRequest,
      response: { 200: ingestResponse, ...errors },
    },
  }, async (request) => {
    const deviceId = request.caller.kind === 'device' ? request.caller.device.id : null;
    // A device's event exists (it enrolled into it); a manager may name any id.
    if (!deviceId) await requireEvent(ctx.cdb.db, request.params.id);
    const results = await ingest.submit(request.params.id, request.body.checkins.map((item) => ({ ...item, deviceId })));
    ctx.notifier.changed(request.params.id);
    return { results };
  });

  app.get('/v1/events/:id/stats', {
    config: { auth: 'event' },
    schema: { summary: 'Admitted vs expected, by ticket type, per 5 minutes, inside now, per kiosk', params: eventIdParams, response: { 200: eventStats, ...errors } },
  }, async (request) => computeStats(ctx.cdb, request.params.id));
};
