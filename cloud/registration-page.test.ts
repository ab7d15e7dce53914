/**
 * The guests' registration page /e/:eventId (issue 15), on SQLite (its store calls are the API's,
 * tested on both engines elsewhere): a plain HTML form, the same validation as the API with errors
 * beside their fields, public ticket types only, "sold out", guest badge fields, the success page
 * with the QR, a PNG link and the code, the ticket mail queued, and the rate limit as a page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCloud } from './start';
import { call, startTestCloud } from './test/helpers';

const dir = mkdtempSync(join(tmpdir(), 'arrivals-reg-page-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the registration page', () => {
  let cloud: RunningCloud;
  const post = (form: Record<string, string>, path = '/e/ev', headers: Record<string, string> = {}) =>
    cloud.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload: new URLSearchParams(form).toString() });
  const count = async () => Number((await cloud.cdb.db.selectFrom('attendees').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    cloud = await startTestCloud(join(dir, 'cloud.db'), { registrationsPerMinute: 8 });
    const created = await call(cloud, 'POST', '/v1/events', {
      body: {
        id: 'ev',
        name: 'Summit <2031>',
        guestBadgeFields: ['Pronouns'],
        ticketTypes: [
          { name: 'General', public: true, capacity: 1 },
          { name: 'Workshop', public: true },
          { name: 'Staff', public: false },
        ],
      },
    });
    expect(created.status).toBe(201);
  });
  afterAll(() => cloud?.close());

  it('shows a plain form (no script) with the public ticket types and the guest badge fields', async () => {
    const page = await cloud.app.inject({ method: 'GET', url: '/e/ev' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('<form method="post" action="/e/ev"');
    expect(page.body).not.toContain('<script');
    expect(page.body).toContain('Summit &lt;2031&gt;');
    expect(page.body).toContain('value="General"');
    expect(page.body).toContain('value="Workshop"');
    expect(page.body).not.toContain('Staff');
    expect(page.body).toContain('Pronouns');
    expect((await cloud.app.inject({ method: 'GET', url: '/e/nope' })).statusCode).toBe(404);
  });

  it('refuses a bad email with the error beside the field, keeping what was typed, and stores nothing', async () => {
    const reply = await post({ firstName: 'Ada', lastName: 'Lovelace', email: 'not-an-email', ticketType: 'Workshop' });
    expect(reply.statusCode).toBe(400);
    expect(reply.body).toMatch(/id="f-email"[^>]*aria-invalid="true" aria-describedby="f-email-error"/);
    expect(reply.body).toContain('<p class="error" id="f-email-error">This is not an email address.</p>');
    expect(reply.body).toContain('value="Ada"');
    const empty = await post({ firstName: '', lastName: 'L', email: 'a@example.org' });
    expect(empty.body).toContain('id="f-firstName-error"');
    expect(await count()).toBe(0);
  });

  it('registers with a plain form post and shows the QR, a PNG link and the code; the mail is queued', async () => {
    const reply = await post({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.org', company: 'Engines', ticketType: 'General', badge0: 'she/her' });
    expect(reply.statusCode).toBe(200);
    const code = /data-testid="ticket-code">([^<]*)</.exec(reply.body)![1]!.replace(/&amp;/g, '&');
    const stored = await cloud.cdb.db.selectFrom('attendees').selectAll().where('email_key', '=', 'ada@example.org').executeTakeFirstOrThrow();
    expect(stored.code).toBe(code);
    expect(JSON.parse(stored.badge_fields)).toEqual({ Pronouns: 'she/her' });
    expect(reply.body).toContain('<svg');
    expect(reply.body).toContain(`href="/v1/tickets/${encodeURIComponent(code).replace(/&/g, '&amp;')}/qr.png" download="ticket-qr.png"`);
    const mail = await cloud.cdb.db.selectFrom('email_outbox').selectAll().where('attendee_id', '=', stored.id).execute();
    expect(mail).toMatchObject([{ status: 'pending', to_address: 'ada@example.org' }]);
  });

  it('says "sold out" for a full ticket type and refuses it beside the field', async () => {
    const page = await cloud.app.inject({ method: 'GET', url: '/e/ev' });
    expect(page.body).toMatch(/value="General" disabled> General — <strong>sold out<\/strong>/);
    const reply = await post({ firstName: 'Late', lastName: 'Comer', email: 'late@example.org', ticketType: 'General' });
    expect(reply.statusCode).toBe(409);
    expect(reply.body).toContain('id="type-error">This ticket type is sold out.');
    const staff = await post({ firstName: 'Sneaky', lastName: 'Staff', email: 'sneaky@example.org', ticketType: 'Staff' });
    expect(staff.statusCode).toBe(400);
    expect(await count()).toBe(1);
  });

  it('speaks German when asked', async () => {
    const page = await cloud.app.inject({ method: 'GET', url: '/e/ev', headers: { 'accept-language': 'de-DE,de;q=0.9' } });
    expect(page.body).toContain('<html lang="de">');
    expect(page.body).toContain('ausverkauft');
  });

  it('answers too many posts from one address with a page saying so', async () => {
    let last;
    for (let i = 0; i < 8; i++) last = await post({ firstName: 'R', lastName: String(i), email: `r${i}@example.org`, ticketType: 'Workshop' });
    expect(last!.statusCode).toBe(429);
    expect(last!.headers['content-type']).toContain('text/html');
    expect(last!.body).toContain('Too many registrations');
  });
});
