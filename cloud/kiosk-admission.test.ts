/**
 * Cloud and kiosk together, on both engines: a kiosk replica that took only the event, ticket types,
 * public keys and revocations from the cloud's feed admits, offline and with the real check-in
 * engine, a code the cloud issued at registration (never synced as an attendee), and refuses the
 * codes the feed revoked. What the kiosk then queued in its outbox is what the cloud ingests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedPage } from '../common/cloud-api';
import { systemClock } from '../common/clock';
import { checkinEngine } from '../main/core/checkin/engine';
import { openReplica, type Database } from '../main/core/db/open';
import { setSetting, settingKeys } from '../main/core/db/settings-queries';
import { searchAttendees } from '../main/core/search/attendee-search';
import type { RunningCloud } from './start';
import { cleanupTestEngines, testEngines } from './test/engines';
import { call, enroll, startTestCloud } from './test/helpers';
import { applyFeed } from './test/kiosk-feed';

const engines = testEngines();
afterAll(() => cleanupTestEngines());

describe.each(engines)('a kiosk admitting cloud-issued codes on $name', (engine) => {
  let cloud: RunningCloud;
  let dataDir: string;
  let replica: Database;
  let token: string;
  let cursor = '';
  beforeAll(async () => {
    cloud = await startTestCloud(await engine.fresh(), { registrationsPerMinute: 1000, enrollPerMinute: 1000 });
    const created = await call(cloud, 'POST', '/v1/events', { body: { id: 'door-ev', name: 'Door', ticketTypes: [{ name: 'General', public: true }, { name: 'VIP', multiEntry: true, public: true }] } });
    expect(created.status).toBe(201);
    token = (await enroll(cloud, 'door-ev', 'north door')).token;
    dataDir = mkdtempSync(join(tmpdir(), 'arrivals-kiosk-'));
    replica = openReplica(dataDir);
    setSetting(replica, settingKeys.currentEventId, 'door-ev');
  });
  afterAll(async () => {
    replica?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await cloud?.close();
  });

  const register = async (firstName: string, ticketType = 'General') => {
    const reply = await call(cloud, 'POST', '/v1/events/door-ev/registrations', { token: null, body: { firstName, lastName: 'Guest', email: `${firstName.normalize('NFKD').replace(/[^a-z]/gi, '').toLowerCase()}@guests.example`, ticketType } });
    expect(reply.status).toBe(201);
    return reply.body.attendee.code as string;
  };
  /** Pulls every page since the last sync into the replica. */
  const sync = async (options = { attendees: false }) => {
    for (;;) {
      const reply = await call(cloud, 'GET', `/v1/events/door-ev/feed?cursor=${cursor}&limit=2`, { token });
      expect(reply.status).toBe(200);
      const page = feedPage.parse(reply.body);
      applyFeed(replica, page, options);
      cursor = page.nextCursor;
      if (!page.hasMore) return;
    }
  };
  const door = () => checkinEngine(replica, systemClock);

  it('admits a registered code it never saw as an attendee, and refuses the codes the feed revoked', async () => {
    const [ada, bob, cy] = [await register('Ada'), await register('Bob'), await register('Cy', 'VIP')];
    expect(ada).toMatch(/^AR2:/);
    const reissued = await call(cloud, 'POST', `/v1/events/door-ev/tickets/${encodeURIComponent(cy)}/reissue`);
    expect((await call(cloud, 'POST', `/v1/events/door-ev/tickets/${encodeURIComponent(bob)}/cancel`)).status).toBe(200);
    await sync();
    expect((replica.prepare('SELECT count(*) AS n FROM attendees').get() as { n: number }).n).toBe(0);

    const admitted = door().checkIn(ada, { kioskId: 'north door' });
    expect(admitted).toMatchObject({ verdict: 'admitted', pass: true });
    // The kiosk's ticket id for it is the cloud's: the serial the code carries.
    const cloudTicket = await cloud.cdb.db.selectFrom('attendees').select('ticket_id').where('code', '=', ada).executeTakeFirstOrThrow();
    expect(replica.prepare('SELECT ticket_id FROM attendees WHERE code = ?').get(ada)).toEqual({ ticket_id: cloudTicket.ticket_id });
    expect(cloudTicket.ticket_id).toMatch(/^[1-9]\d*$/);
    expect(door().checkIn(reissued.body.attendee.code, { kioskId: 'north door' })).toMatchObject({ verdict: 'admitted', pass: true });
    for (const revoked of [bob, cy]) expect(door().checkIn(revoked, { kioskId: 'north door' })).toMatchObject({ verdict: 'cancelled', pass: false, checkinId: null });

    // A key rotated in the cloud reaches the kiosk through the feed; codes of both keys admit.
    expect((await call(cloud, 'POST', '/v1/events/door-ev/keys/rotate')).status).toBe(200);
    const dee = await register('Dee');
    expect(door().checkIn(dee, { kioskId: 'north door' })).toMatchObject({ verdict: 'unknown', pass: false });
    await sync();
    expect(door().checkIn(dee, { kioskId: 'north door' })).toMatchObject({ verdict: 'admitted', pass: true });

    // A ticket type made in the cloud after the last sync: its codes name an index the kiosk does
    // not know yet, so they are refused (nothing written) until the next sync brings the type.
    const press = await call(cloud, 'POST', '/v1/events/door-ev/ticket-types', { body: { name: 'Press', public: true } });
    expect(press.body).toMatchObject({ name: 'Press', index: 2 });
    const eve = await register('Eve', 'Press');
    expect(door().checkIn(eve, { kioskId: 'north door' })).toMatchObject({ verdict: 'unknown', checkinId: null, reason: 'ticket type #2 is not known to this kiosk yet; sync it' });
    await sync();
    expect(door().checkIn(eve, { kioskId: 'north door' })).toMatchObject({ verdict: 'admitted', attendee: { ticketType: 'Press' } });

    // The kiosk's outbox holds exactly the cloud's ingest items; the cloud takes them as they are.
    const outbox = (replica.prepare("SELECT payload FROM outbox WHERE kind = 'checkin' ORDER BY seq").all() as Array<{ payload: string }>).map((r) => JSON.parse(r.payload));
    expect(outbox).toHaveLength(4);
    const ingested = await call(cloud, 'POST', '/v1/events/door-ev/checkins', { token, body: { checkins: outbox } });
    expect(ingested.status).toBe(200);
    expect(ingested.body.results.map((r: { id: string; result: string }) => [r.id, r.result])).toEqual(outbox.map((o) => [o.id, 'accepted']));
  });

  it("gives attendees the kiosk's own field names: a synced attendee searches back identical", async () => {
    await register('Zoë');
    cursor = ''; // a full resync, attendees included
    await sync({ attendees: true });
    const feed = [];
    for (let next = ''; ;) {
      const page = feedPage.parse((await call(cloud, 'GET', `/v1/events/door-ev/feed?cursor=${next}`, { token })).body);
      feed.push(...page.changes.flatMap((c) => (c.kind === 'attendee' ? [c.attendee] : [])));
      next = page.nextCursor;
      if (!page.hasMore) break;
    }
    const zoe = feed.find((a) => a.firstName === 'Zoë')!;
    expect(searchAttendees(replica, 'zoe')).toEqual([zoe]);
    for (const key of ['code', 'firstName', 'lastName', 'email', 'company', 'ticketType', 'status']) expect(zoe).toHaveProperty(key);
  });
});
