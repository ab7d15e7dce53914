/**
 * The console's server side (issue 15), on both engines: manager accounts and sessions (cookie
 * flags, CSRF on every state-changing call, idle expiry on the cloud's clock, sign-in rate limit),
 * a logged-out caller refused on every manager route, the paged attendee search, the CSV mapping
 * preview (stores nothing), the email outbox routes, and the guests' registration page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, type ManualClock } from '../common/clock';
import type { RunningCloud } from './start';
import { startCloud } from './start';
import { cleanupTestEngines, testEngines } from './test/engines';
import { adminToken, call, createTestEvent, startTestCloud } from './test/helpers';
import { createUser, hashPassword, verifyPassword } from './store/users';

const engines = testEngines();
afterAll(() => cleanupTestEngines());

const password = 'correct horse battery staple';
const generous = { registrationsPerMinute: 1000, enrollPerMinute: 1000, qrPerMinute: 1000, signInPerMinute: 1000 };

/** Every table's row count: "nothing changed" is all of them equal. */
async function snapshot(cloud: RunningCloud): Promise<Record<string, number>> {
  const tables = ['events', 'ticket_types', 'event_keys', 'attendees', 'revocations', 'devices', 'setup_codes', 'checkins', 'users', 'sessions', 'email_outbox'] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = Number((await cloud.cdb.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const statuses = await cloud.cdb.db.selectFrom('attendees').select(['code', 'status']).orderBy('code').execute();
  counts.attendeeStates = statuses.map((s) => `${s.code}:${s.status}`).join('|').length;
  return counts;
}

/** Every route of the API document that needs a caller, with dummy path values. */
async function managerRoutes(cloud: RunningCloud): Promise<Array<{ method: string; url: string }>> {
  const doc = (await call(cloud, 'GET', '/openapi.json', { token: null })).body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
  const routes: Array<{ method: string; url: string }> = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (Array.isArray(operation.security) && operation.security.length === 0) continue;
      const url = path.replace('{id}', 'ev').replace('{code}', 'NOPE').replace('{deviceId}', 'D1').replace('{emailId}', 'M1');
      routes.push({ method: method.toUpperCase(), url });
    }
  }
  return routes;
}

function cookieOf(reply: { headers: Record<string, unknown> }): string {
  const header = String(reply.headers['set-cookie']);
  return /arrivals_session=([^;]*)/.exec(header)![1]!;
}

describe.each(engines)('the console server side, on $name', (engine) => {
  let cloud: RunningCloud;
  let clock: ManualClock;
  let codes: string[];
  const signIn = async (email = 'ada@example.org') => {
    const reply = await call(cloud, 'POST', '/v1/session', { token: null, body: { email, password } });
    expect(reply.status).toBe(200);
    return { cookie: cookieOf(reply), csrf: reply.body.csrfToken as string, reply };
  };
  const asSession = (method: string, url: string, session: { cookie: string; csrf?: string | undefined }, body?: unknown) =>
    call(cloud, method, url, { token: null, headers: { cookie: `arrivals_session=${session.cookie}`, ...(session.csrf ? { 'x-csrf-token': session.csrf } : {}) }, ...(body === undefined ? {} : { body }) });

  beforeAll(async () => {
    clock = manualClock('2031-06-01T09:00:00Z');
    cloud = await startTestCloud(await engine.fresh(), generous, { clock });
    codes = await createTestEvent(cloud, 'ev', 6);
    await createUser(cloud.cdb, 'Ada@example.org', password);
    await createUser(cloud.cdb, 'bob@example.org', password);
  });
  afterAll(() => cloud?.close());

  it('hashes passwords with scrypt, salted, and checks them', async () => {
    const a = await hashPassword(password);
    const b = await hashPassword(password);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(password, a)).toBe(true);
    expect(await verifyPassword(`${password}!`, a)).toBe(false);
    const row = await cloud.cdb.db.selectFrom('users').select('password_hash').where('email_key', '=', 'ada@example.org').executeTakeFirstOrThrow();
    expect(row.password_hash).not.toContain(password);
  });

  it('signs a manager in with an HttpOnly, SameSite=Strict cookie (not Secure over plain HTTP) and refuses a wrong password', async () => {
    const { reply } = await signIn();
    const header = String(reply.headers['set-cookie']);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Strict');
    expect(header).not.toContain('Secure');
    expect(reply.body).toMatchObject({ kind: 'manager', email: 'Ada@example.org' });
    expect(reply.body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const wrong = await call(cloud, 'POST', '/v1/session', { token: null, body: { email: 'ada@example.org', password: 'wrong password!' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect((await call(cloud, 'POST', '/v1/session', { token: null, body: { email: 'nobody@example.org', password } })).status).toBe(401);
  });

  it('adds a manager with the admin token, and refuses a short password or a taken email', async () => {
    const added = await call(cloud, 'POST', '/v1/users', { body: { email: 'carol@example.org', password } });
    expect(added.status).toBe(201);
    expect((await call(cloud, 'POST', '/v1/users', { body: { email: 'CAROL@example.org', password } })).status).toBe(409);
    expect((await call(cloud, 'POST', '/v1/users', { body: { email: 'dave@example.org', password: 'short' } })).status).toBe(400);
    expect((await call(cloud, 'POST', '/v1/session', { token: null, body: { email: 'carol@example.org', password } })).status).toBe(200);
  });

  it('lets a session do what the admin token does, through the same routes, with its CSRF token', async () => {
    const session = await signIn();
    expect((await asSession('GET', '/v1/session', session)).body).toMatchObject({ kind: 'manager', csrfToken: session.csrf });
    expect((await asSession('GET', '/v1/events', session)).status).toBe(200);
    const created = await asSession('POST', '/v1/events', session, { id: 'by-session', name: 'Made in the console' });
    expect(created.status).toBe(201);
    // The same zod schema as for the admin token: a bad body is the same 400.
    const bad = await asSession('POST', '/v1/events', session, { name: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_input');
  });

  it('changes nothing for a session without its CSRF token, on every route that changes something', async () => {
    const session = await signIn('bob@example.org');
    const before = await snapshot(cloud);
    const routes = (await managerRoutes(cloud)).filter((r) => r.method !== 'GET');
    expect(routes.length).toBeGreaterThan(10);
    // Another session's token (manager A's) is not this session's.
    const othersToken = (await signIn()).csrf;
    for (const route of routes) {
      for (const csrf of [undefined, 'not-the-token', othersToken]) {
        const reply = await asSession(route.method, route.url, { cookie: session.cookie, csrf }, route.method === 'DELETE' ? undefined : {});
        expect(reply.status, `${route.method} ${route.url} with csrf ${csrf}`).toBe(403);
        expect(reply.body.error.code).toBe('csrf');
      }
    }
    // A real change, tried on real rows, without the token.
    expect((await asSession('POST', `/v1/events/ev/tickets/${encodeURIComponent(codes[0]!)}/cancel`, { cookie: session.cookie })).status).toBe(403);
    expect((await asSession('PATCH', '/v1/events/ev', { cookie: session.cookie }, { name: 'Hijacked' })).status).toBe(403);
    const after = await snapshot(cloud);
    // Signing in (above) made sessions; nothing else changed.
    expect({ ...after, sessions: 0 }).toEqual({ ...before, sessions: 0 });
    expect((await call(cloud, 'GET', '/v1/events/ev')).body.name).toBe('Event ev');
  });

  it('refuses a logged-out caller (no cookie, an unknown one, a signed-out one) with 401 on every manager route', async () => {
    const routes = await managerRoutes(cloud);
    const session = await signIn();
    expect((await asSession('DELETE', '/v1/session', session)).status).toBe(204);
    for (const route of routes) {
      for (const cookie of [undefined, 'ses_unknown', session.cookie]) {
        const reply = await call(cloud, route.method, route.url, { token: null, ...(cookie ? { headers: { cookie: `arrivals_session=${cookie}` } } : {}) });
        expect(reply.status, `${route.method} ${route.url} cookie ${cookie}`).toBe(401);
      }
    }
  });

  it('ends a session idle for longer than the limit, on the cloud\'s clock; activity keeps it', async () => {
    const session = await signIn();
    clock.advance(20 * 60_000);
    expect((await asSession('GET', '/v1/events', session)).status).toBe(200);
    clock.advance(20 * 60_000);
    expect((await asSession('GET', '/v1/events', session)).status).toBe(200);
    clock.advance(31 * 60_000);
    expect((await asSession('GET', '/v1/events', session)).status).toBe(401);
    expect((await asSession('GET', '/v1/events', session)).status).toBe(401);
  });

  it('lists attendees a page at a time, searched on the server', async () => {
    const all = await call(cloud, 'GET', '/v1/events/ev/attendees?limit=4');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(6);
    expect(all.body.attendees).toHaveLength(4);
    const rest = await call(cloud, 'GET', '/v1/events/ev/attendees?limit=4&offset=4');
    expect(rest.body.attendees).toHaveLength(2);
    const found = await call(cloud, 'GET', '/v1/events/ev/attendees?q=last3');
    expect(found.body.total).toBe(1);
    expect(found.body.attendees[0]).toMatchObject({ firstName: 'First3', lastName: 'Last3', emailStatus: 'none' });
    // LIKE wildcards are taken literally (`_` is in no name, email or code here; `%` is in AR2 codes).
    expect((await call(cloud, 'GET', '/v1/events/ev/attendees?q=_')).body.total).toBe(0);
    expect((await call(cloud, 'GET', '/v1/events/ev/attendees?q=p_%40')).body.total).toBe(0);
    // (`@` is in no AR2 code: a word could otherwise also match a random code.)
    expect((await call(cloud, 'GET', '/v1/events/ev/attendees?q=first+p2%40')).body.total).toBe(1);
    const csv = await call(cloud, 'GET', '/v1/events/ev/attendees.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n').filter(Boolean)).toHaveLength(7);
  });

  it('previews a CSV import with the auto-mapping and a changed mapping, storing nothing', async () => {
    const before = await snapshot(cloud);
    const file = 'Full Name,E-Mail,Ticket,Barcode,Team\nAda Lovelace,ada@x.example,General,PV-1,Red\nBad Row,bad@x.example,General,,Blue\n';
    const preview = await call(cloud, 'POST', '/v1/events/ev/attendees/csv/preview', { body: file, headers: { 'content-type': 'text/csv' } });
    expect(preview.status).toBe(200);
    expect(preview.body.columns.map((c: { column: string; field: string | null }) => [c.column, c.field])).toEqual([['Full Name', 'name'], ['E-Mail', 'email'], ['Ticket', null], ['Barcode', 'code'], ['Team', null]]);
    expect(preview.body.fields).toContain('company');
    expect(preview.body.rows[0]).toMatchObject({ line: 2, firstName: 'Ada', lastName: 'Lovelace', code: 'PV-1' });
    expect(preview.body.errors).toEqual([{ line: 3, reason: 'no ticket code' }]);
    const remapped = await call(cloud, 'POST', '/v1/events/ev/attendees/csv/preview?map=Team%3Dcompany', { body: file, headers: { 'content-type': 'text/csv' } });
    expect(remapped.body.rows[0].company).toBe('Red');
    const unreadable = await call(cloud, 'POST', '/v1/events/ev/attendees/csv/preview', { body: 'Foo,Bar\n1,2\n', headers: { 'content-type': 'text/csv' } });
    expect(unreadable.status).toBe(200);
    expect(unreadable.body.problem).toContain('missing required column');
    expect(unreadable.body.columns.map((c: { column: string }) => c.column)).toEqual(['Foo', 'Bar']);
    expect((await call(cloud, 'POST', '/v1/events/ev/attendees/csv/preview?map=Nope%3Dcompany', { body: file, headers: { 'content-type': 'text/csv' } })).status).toBe(400);
    expect(await snapshot(cloud)).toEqual(before);
  });

  it('queues a ticket mail per registration and lets a manager see and resend it', async () => {
    const registered = await call(cloud, 'POST', '/v1/events/ev/registrations', { token: null, body: { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.org', ticketType: 'Staff' } });
    expect(registered.status).toBe(201);
    const list = await call(cloud, 'GET', '/v1/events/ev/emails');
    expect(list.body.smtpConfigured).toBe(false);
    const mail = list.body.emails.find((m: { to: string }) => m.to === 'grace@example.org');
    expect(mail).toMatchObject({ status: 'pending', attempts: 0, name: 'Grace Hopper' });
    await cloud.cdb.db.updateTable('email_outbox').set({ status: 'failed', attempts: 8, last_error: 'ECONNREFUSED' }).where('id', '=', mail.id).execute();
    expect((await call(cloud, 'GET', '/v1/events/ev/emails?status=failed')).body.emails).toHaveLength(1);
    expect((await call(cloud, 'POST', `/v1/events/ev/emails/${mail.id}/resend`)).status).toBe(204);
    expect((await call(cloud, 'GET', '/v1/events/ev/emails?status=failed')).body.emails).toHaveLength(0);
    expect((await call(cloud, 'POST', '/v1/events/ev/emails/M_nope/resend')).status).toBe(404);
    const again = await call(cloud, 'POST', `/v1/events/ev/tickets/${encodeURIComponent(registered.body.attendee.code)}/email`);
    expect(again.status).toBe(202);
    const page = await call(cloud, 'GET', '/v1/events/ev/attendees?q=hopper');
    expect(page.body.attendees[0].emailStatus).toBe('pending');
  });

  it('never sells a seat twice or registers one email twice under concurrent registrations', async () => {
    expect((await call(cloud, 'POST', '/v1/events/ev/ticket-types', { body: { name: 'Five', public: true, capacity: 5 } })).status).toBe(200);
    const register = (email: string) => call(cloud, 'POST', '/v1/events/ev/registrations', { token: null, body: { firstName: 'Con', lastName: 'Current', email, ticketType: 'Five' } });
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => register(`seat${i}@example.org`)));
    expect(many.filter((r) => r.status === 201)).toHaveLength(5);
    expect(many.filter((r) => r.status === 409).every((r) => r.body.error.code === 'sold_out')).toBe(true);
    expect((await call(cloud, 'GET', '/v1/events/ev/attendees?q=current')).body.total).toBe(5);
    // Every stored registration took its own serial; the refused ones took none.
    const serials = (await cloud.cdb.db.selectFrom('attendees').select('ticket_id').where('ticket_type', '=', 'Five').execute()).map((r) => Number(r.ticket_id));
    expect(new Set(serials).size).toBe(5);
    expect(Number((await cloud.cdb.db.selectFrom('events').select('last_serial').where('id', '=', 'ev').executeTakeFirstOrThrow()).last_serial)).toBe(Math.max(...serials));
    await call(cloud, 'POST', '/v1/events/ev/ticket-types', { body: { name: 'Five', public: true, capacity: 100 } });
    const same = await Promise.all(Array.from({ length: 8 }, () => register('twice@example.org')));
    expect(same.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await cloud.cdb.db.selectFrom('email_outbox').select('id').where('to_address', '=', 'twice@example.org').execute()).toHaveLength(1);
  });

  it('streams stats over SSE to a session', async () => {
    const session = await signIn();
    const address = cloud.url;
    const controller = new AbortController();
    const response = await fetch(`${address}/v1/events/ev/stats/stream`, { headers: { cookie: `arrivals_session=${session.cookie}` }, signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/^event: stats\ndata: \{"eventId":"ev"/);
    controller.abort();
    expect((await fetch(`${address}/v1/events/ev/stats/stream`)).status).toBe(401);
  });
});

describe('session cookies behind HTTPS', () => {
  it('are Secure when the request came over HTTPS (a trusted proxy says so)', async () => {
    const [engine] = engines;
    const cloud = await startCloud({ db: await engine!.fresh(), port: 0, host: '127.0.0.1', adminToken, logLevel: 'silent', trustProxy: true, smtp: null });
    try {
      await createUser(cloud.cdb, 'ada@example.org', password);
      const reply = await call(cloud, 'POST', '/v1/session', { token: null, body: { email: 'ada@example.org', password }, headers: { 'x-forwarded-proto': 'https' } });
      expect(String(reply.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict; Secure$/);
    } finally {
      await cloud.close();
    }
  });

  it('rate-limits sign-in per address', async () => {
    const [engine] = engines;
    const cloud = await startTestCloud(await engine!.fresh(), { signInPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await call(cloud, 'POST', '/v1/session', { token: null, body: { email: 'x@example.org', password: 'whatever-it-is' } })).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await cloud.close();
    }
  });
});
