/**
 * The routes the managers' console added (issue 15): sign-in and sessions, the paged attendee
 * list, attendee CSV export, ticket mail and the email outbox, and the live stats stream. They are
 * ordinary manager routes (the admin token works on them too); a signed-in session is only another
 * way to be the manager (auth.ts), and the console calls the same routes the API documents.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { cloudError, eventIdParams, ticketCodeParams } from '../../common/cloud-api';
import { attendeeListPage, attendeeListQuery, emailParams, outboxList, outboxQuery, sessionInfo, signInRequest, userInfo, userInput } from '../../common/console-api';
import { attendeeFromColumns } from '../../common/domain/attendee';
import { csvLine } from '../../common/node/csv-cells';
import { normalizeTicketCode } from '../../common/ticket-code';
import { sessionCookieHeader } from '../auth';
import type { RouteContext } from '../server';
import { coalesced, repeatEvery } from './stream-loop';
import { requireEvent } from '../store/events';
import { listEmails, queueTicketEmailFor, resendEmail } from '../store/outbox';
import { eventStats as computeStats } from '../store/stats';
import { createUser, endSession, signIn } from '../store/users';

const errors = { 400: cloudError, 401: cloudError, 403: cloudError, 404: cloudError, 409: cloudError };
const statsPollMs = 5000;
const heartbeatMs = 15_000;

/** `%`, `_` and `\` taken literally in a LIKE pattern (ESCAPE '\'). */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export const consoleApiRoutes = (ctx: RouteContext): FastifyPluginAsync => async (root) => {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { cdb } = ctx;
  const { db } = cdb;

  // ---- sessions ----
  app.post('/v1/session', {
    config: { auth: 'public', rateLimit: { max: ctx.limits.signInPerMinute, timeWindow: 60_000, keyGenerator: (request: { ip: string }) => `signin:${request.ip}` } },
    bodyLimit: 4 * 1024,
    schema: {
      operationId: 'signIn',
      summary: 'Sign a manager in: sets an HttpOnly, SameSite=Strict session cookie and returns the CSRF token to send as x-csrf-token',
      security: [],
      body: signInRequest,
      response: { 200: sessionInfo, 400: cloudError, 401: cloudError },
    },
  }, async (request, reply) => {
    const session = await signIn(cdb, request.body.email, request.body.password);
    if (!session) return reply.code(401).send({ error: { code: 'unauthorized', message: 'wrong email or password' } });
    reply.header('set-cookie', sessionCookieHeader(request, session.token));
    return { kind: 'manager' as const, email: session.email, csrfToken: session.csrfToken };
  });

  app.get('/v1/session', { schema: { operationId: 'getSession', summary: 'Who is signed in, and the session\'s CSRF token', response: { 200: sessionInfo, ...errors } } }, async (request) => {
    const caller = request.caller;
    if (caller.kind === 'manager') return { kind: 'manager' as const, email: caller.session.email, csrfToken: caller.session.csrfToken };
    return { kind: 'admin' as const, email: null, csrfToken: null };
  });

  app.delete('/v1/session', { schema: { operationId: 'signOut', summary: 'Sign out (ends the session and clears its cookie)', response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    if (request.caller.kind === 'manager') await endSession(cdb, request.caller.session.tokenHash);
    reply.header('set-cookie', sessionCookieHeader(request, null));
    return reply.code(204).send(null);
  });

  app.post('/v1/users', {
    schema: { operationId: 'createUser', summary: 'Add a manager account (automation: the first one can be made with the admin token)', body: userInput, response: { 201: userInfo, ...errors } },
  }, async (request, reply) => {
    const user = await createUser(cdb, request.body.email, request.body.password);
    return reply.code(201).send({ userId: user.id, email: user.email });
  });

  // ---- attendees ----
  app.get('/v1/events/:id/attendees', {
    schema: { operationId: 'listAttendees', summary: 'A page of the event\'s attendees, searched on the server', params: eventIdParams, querystring: attendeeListQuery, response: { 200: attendeeListPage, ...errors } },
  }, async (request) => {
    const { id } = request.params;
    await requireEvent(db, id);
    const { q, offset, limit, status } = request.query;
    let query = db.selectFrom('attendees').where('event_id', '=', id);
    if (status !== 'any') query = query.where('status', '=', status);
    for (const word of q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8)) {
      const pattern = `%${likeLiteral(word)}%`;
      const code = `%${likeLiteral(normalizeTicketCode(word))}%`;
      query = query.where(sql<boolean>`(lower(first_name) LIKE ${pattern} ESCAPE '\\' OR lower(last_name) LIKE ${pattern} ESCAPE '\\' OR email_key LIKE ${pattern} ESCAPE '\\' OR lower(company) LIKE ${pattern} ESCAPE '\\' OR code LIKE ${code} ESCAPE '\\')`);
    }
    const [total, rows] = await Promise.all([
      query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      query
        .selectAll()
        .select(sql<string | null>`(SELECT o.status FROM email_outbox o WHERE o.attendee_id = attendees.id ORDER BY o.created_at DESC, o.id DESC LIMIT 1)`.as('email_status'))
        .orderBy('last_name')
        .orderBy('first_name')
        .orderBy('id')
        .offset(offset)
        .limit(limit)
        .execute(),
    ]);
    return {
      total: Number(total.n),
      offset,
      attendees: rows.map((row) => ({ ...attendeeFromColumns(row), emailStatus: (row.email_status ?? 'none') as 'none' | 'pending' | 'sent' | 'failed' })),
    };
  });

  app.get('/v1/events/:id/attendees.csv', {
    schema: {
      operationId: 'exportAttendees',
      summary: 'Export the event\'s attendees as CSV (the columns the kiosk import reads back)',
      params: eventIdParams,
      response: { 200: { description: 'One line per attendee, with a header line', content: { 'text/csv': { schema: z.string() } } } },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    await requireEvent(db, id);
    reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="attendees-${id}.csv"`);
    async function* lines() {
      yield 'code,first_name,last_name,email,company,ticket_type,status,vip,note\r\n';
      let after = '';
      for (;;) {
        const rows = await db.selectFrom('attendees').select(['id', 'code', 'first_name', 'last_name', 'email', 'company', 'ticket_type', 'status', 'vip', 'note']).where('event_id', '=', id).where('id', '>', after).orderBy('id').limit(2000).execute();
        if (!rows.length) return;
        yield rows.map((r) => csvLine([r.code, r.first_name, r.last_name, r.email, r.company, r.ticket_type, r.status, r.vip ? 'yes' : 'no', r.note])).join('');
        after = rows[rows.length - 1]!.id;
      }
    }
    return reply.send(Readable.from(lines()) as unknown as string);
  });

  // ---- email ----
  app.post('/v1/events/:id/tickets/:code/email', {
    schema: { operationId: 'sendTicketEmail', summary: 'Queue the ticket mail (QR and code) to the attendee again', params: ticketCodeParams, response: { 202: z.object({ emailId: z.string() }), ...errors } },
  }, async (request, reply) => {
    const emailId = await queueTicketEmailFor(cdb, request.params.id, normalizeTicketCode(request.params.code));
    ctx.mailer?.wake();
    return reply.code(202).send({ emailId });
  });

  app.get('/v1/events/:id/emails', {
    schema: { operationId: 'listEmails', summary: 'The event\'s email outbox (default: what is not sent yet, failures included)', params: eventIdParams, querystring: outboxQuery, response: { 200: outboxList, ...errors } },
  }, async (request) => {
    await requireEvent(db, request.params.id);
    return { smtpConfigured: ctx.mailer !== undefined, emails: await listEmails(db, request.params.id, request.query.status) };
  });

  app.post('/v1/events/:id/emails/:emailId/resend', {
    schema: { operationId: 'resendEmail', summary: 'Send a failed (or waiting) mail again now', params: emailParams, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await resendEmail(cdb, request.params.id, request.params.emailId);
    ctx.mailer?.wake();
    return reply.code(204).send(null);
  });

  // ---- live stats ----
  app.get('/v1/events/:id/stats/stream', {
    config: { auth: 'event' },
    schema: {
      operationId: 'streamStats',
      summary: 'Server-sent events: a `stats` message (the shape of getStats) now and whenever check-ins or attendees change',
      params: eventIdParams,
      response: { 200: { description: 'An event stream of stats', content: { 'text/event-stream': { schema: z.string() } } } },
    },
  }, async (request, reply) => {
    const { id } = request.params;
    const first = await computeStats(cdb, id);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    let closed = false;
    const send = (stats: unknown) => res.write(`event: stats\ndata: ${JSON.stringify(stats)}\n\n`);
    // One computation at a time; changes that arrive meanwhile fold into one more.
    const push = coalesced(
      async () => {
        const stats = await computeStats(cdb, id);
        if (!closed) send(stats);
      },
      () => closed,
      (error) => request.log.warn({ err: { message: error.message } }, 'stats stream read failed'),
    );
    send(first);
    const cleanups: Array<() => void> = [ctx.notifier.subscribe(id, () => void push())];
    // On the cloud's clock: a poll for check-ins other server processes took, and a heartbeat.
    const every = (ms: number, fn: () => void) => cleanups.push(repeatEvery(ctx.clock, ms, fn, () => closed));
    every(statsPollMs, () => void push());
    every(heartbeatMs, () => res.write(': keep-alive\n\n'));
    const stop = () => {
      closed = true;
      for (const cleanup of cleanups.splice(0)) cleanup();
    };
    request.raw.on('close', stop);
    res.on('close', stop);
  });
};
