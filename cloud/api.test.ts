/** The cloud's HTTP API on both engines: managers, registration, enrollment, feed, ingest, stats. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedPage, ingestResponse } from '../common/cloud-api';
import { nowIso } from '../common/clock';
import { keyRing, verifyTicketCode } from '../common/node/signing';
import type { RunningCloud } from './start';
import { cleanupTestEngines, testEngines } from './test/engines';
import { call, checkin, createTestEvent, doorTimes, enroll, startTestCloud } from './test/helpers';

const engines = testEngines();
afterAll(() => cleanupTestEngines());

/** What a real scanner reads from a QR PNG (zbarimg, from zbar-tools; required on CI). */
function scanQrPng(png: Buffer): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'arrivals-qr-'));
  try {
    writeFileSync(join(dir, 'qr.png'), png);
    return execFileSync('zbarimg', ['--raw', '-q', join(dir, 'qr.png')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).replace(/\n$/, '');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && process.env.CI !== 'true') return undefined;
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const generous = { registrationsPerMinute: 1000, enrollPerMinute: 1000, qrPerMinute: 1000 };

describe.each(engines)('cloud API on $name', (engine) => {
  let cloud: RunningCloud;
  let codes: string[];
  let kiosk: { deviceId: string; token: string; eventId: string };
  /** A device bound to kiosk id `k`. */
  let kioskK: { token: string };
  let at: ReturnType<typeof doorTimes>;
  beforeAll(async () => {
    cloud = await startTestCloud(await engine.fresh(), generous);
    at = doorTimes(cloud.cdb.clock);
    codes = await createTestEvent(cloud, 'ev-a', 6);
    await createTestEvent(cloud, 'ev-b', 2);
    kiosk = await enroll(cloud, 'ev-a', 'north door');
    kioskK = await enroll(cloud, 'ev-a', 'k');
  });
  afterAll(() => cloud?.close());

  const feedAll = async (eventId: string, token: string, limit = 1000) => {
    const changes = [];
    let cursor = '';
    for (let pages = 0; pages < 1000; pages++) {
      const page = await call(cloud, 'GET', `/v1/events/${eventId}/feed?cursor=${cursor}&limit=${limit}`, { token });
      expect(page.status).toBe(200);
      const parsed = feedPage.parse(page.body);
      changes.push(...parsed.changes);
      cursor = parsed.nextCursor;
      if (!parsed.hasMore) break;
    }
    return { changes, cursor };
  };

  it('serves health, readiness and an OpenAPI document generated from the schemas', async () => {
    expect((await call(cloud, 'GET', '/healthz', { token: null })).body).toEqual({ ok: true });
    expect((await call(cloud, 'GET', '/readyz', { token: null })).status).toBe(200);
    const doc = await call(cloud, 'GET', '/openapi.json', { token: null });
    expect(doc.body.openapi).toMatch(/^3\./);
    const ingest = doc.body.paths['/v1/events/{id}/checkins'].post;
    expect(JSON.stringify(ingest.requestBody)).toContain('maxItems');
  });

  it('refuses missing, wrong and revoked tokens (401), and devices outside their event or role (403)', async () => {
    expect((await call(cloud, 'GET', '/v1/events/ev-a/stats', { token: null })).status).toBe(401);
    expect((await call(cloud, 'GET', '/v1/events/ev-a/stats', { token: 'dev_nope' })).status).toBe(401);
    expect((await call(cloud, 'GET', '/v1/events/ev-a/stats', { token: 'adm_nope' })).status).toBe(401);
    expect((await call(cloud, 'GET', '/v1/events/ev-a/stats', { token: kiosk.token })).status).toBe(200);
    const crossEvent = await call(cloud, 'GET', '/v1/events/ev-b/feed', { token: kiosk.token });
    expect(crossEvent.status).toBe(403);
    expect((await call(cloud, 'POST', '/v1/events/ev-b/checkins', { token: kiosk.token, body: { checkins: [checkin('x', 'k', at(0))] } })).status).toBe(403);
    expect((await call(cloud, 'POST', '/v1/events', { token: kiosk.token, body: { name: 'x' } })).status).toBe(403);
    expect((await call(cloud, 'GET', '/v1/events/ev-a/devices', { token: kiosk.token })).status).toBe(403);

    const doomed = await enroll(cloud, 'ev-a', 'doomed');
    expect((await call(cloud, 'GET', '/v1/events/ev-a/feed', { token: doomed.token })).status).toBe(200);
    const list = await call(cloud, 'GET', '/v1/events/ev-a/devices');
    expect(list.body.devices.map((d: { name: string }) => d.name)).toEqual(expect.arrayContaining(['north door', 'doomed']));
    expect(JSON.stringify(list.body)).not.toContain(doomed.token);
    expect((await call(cloud, 'DELETE', `/v1/events/ev-a/devices/${doomed.deviceId}`)).status).toBe(204);
    expect((await call(cloud, 'GET', '/v1/events/ev-a/feed', { token: doomed.token })).status).toBe(401);
  });

  it('uses a setup code once, and refuses unknown ones', async () => {
    const setup = await call(cloud, 'POST', '/v1/events/ev-a/devices/setup-codes', { body: { ttlMinutes: 5 } });
    expect(JSON.parse(setup.body.qrPayload)).toEqual({ server: cloud.url, setupCode: setup.body.setupCode });
    expect(setup.body.qrSvg).toContain('<svg');
    const first = await call(cloud, 'POST', '/v1/devices/enroll', { token: null, body: { setupCode: setup.body.setupCode.toLowerCase(), name: 'k' } });
    expect(first.status).toBe(200);
    expect(first.body.eventId).toBe('ev-a');
    expect((await call(cloud, 'POST', '/v1/devices/enroll', { token: null, body: { setupCode: setup.body.setupCode, name: 'k2' } })).status).toBe(401);
    expect((await call(cloud, 'POST', '/v1/devices/enroll', { token: null, body: { setupCode: 'AAAAA-BBBBB', name: 'k3' } })).status).toBe(401);
    expect((await call(cloud, 'POST', '/v1/devices/enroll', { token: null, body: { name: 'k3' } })).status).toBe(400);
  });

  it('creates and updates events and ticket types', async () => {
    const created = await call(cloud, 'POST', '/v1/events', { body: { name: 'Summit', ticketTypes: [{ name: 'Day', capacity: 10 }] } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.ticketTypes).toEqual([{ eventId: id, name: 'Day', color: '#1f6feb', multiEntry: false, capacity: 10, public: false, index: 0 }]);
    expect(created.body.codes).toBe('signed');
    expect((await call(cloud, 'POST', '/v1/events', { body: { id, name: 'again' } })).status).toBe(409);
    const patched = await call(cloud, 'PATCH', `/v1/events/${id}`, { body: { name: 'Summit 2026', doorsOpen: at(-60) } });
    expect(patched.body).toMatchObject({ name: 'Summit 2026', doorsOpen: at(-60) });
    const type = await call(cloud, 'POST', `/v1/events/${id}/ticket-types`, { body: { name: 'Day', color: '#ff0000', capacity: 20 } });
    expect(type.body).toMatchObject({ name: 'Day', color: '#ff0000', capacity: 20, index: 0 });
    expect((await call(cloud, 'POST', `/v1/events/${id}/ticket-types`, { body: { name: 'Bad', color: 'red' } })).status).toBe(400);
    expect((await call(cloud, 'GET', `/v1/events/${id}`)).body.ticketTypes).toHaveLength(1);
    expect((await call(cloud, 'PATCH', '/v1/events/no-such', { body: { name: 'x' } })).status).toBe(404);
  });

  it("keeps an event's accent colour (null: the default), changes it by PATCH, and sends it to kiosks in the feed", async () => {
    const plain = await call(cloud, 'POST', '/v1/events', { body: { name: 'Plain' } });
    expect(plain.body.color).toBeNull();
    const created = await call(cloud, 'POST', '/v1/events', { body: { id: 'colored', name: 'Colored', color: '#7a1f5c', ticketTypes: [{ name: 'Day' }] } });
    expect(created.status).toBe(201);
    expect(created.body.color).toBe('#7a1f5c');
    expect((await call(cloud, 'POST', '/v1/events', { body: { name: 'Bad', color: 'purple' } })).status).toBe(400);
    expect((await call(cloud, 'PATCH', '/v1/events/colored', { body: { color: '#12345' } })).status).toBe(400);
    // A PATCH of the name keeps the colour; null clears it.
    expect((await call(cloud, 'PATCH', '/v1/events/colored', { body: { name: 'Colored 2026' } })).body).toMatchObject({ name: 'Colored 2026', color: '#7a1f5c' });
    const device = await enroll(cloud, 'colored', 'foyer');
    const feed = async () => feedPage.parse((await call(cloud, 'GET', '/v1/events/colored/feed?limit=10', { token: device.token })).body).event;
    expect(await feed()).toMatchObject({ id: 'colored', color: '#7a1f5c' });
    expect((await call(cloud, 'PATCH', '/v1/events/colored', { body: { color: null } })).body.color).toBeNull();
    expect((await feed()).color).toBeNull();
  });

  it('bulk-upserts attendees by code, else by email, and refuses unknown ticket types', async () => {
    const result = await call(cloud, 'POST', '/v1/events/ev-b/attendees', {
      body: {
        attendees: [
          { code: 'PLAIN-1', firstName: 'Ada', lastName: 'L', email: 'ada@x.org', ticketType: 'General' },
          { firstName: 'Pat', email: 'p0@ev-b.example', ticketType: 'Staff', company: 'Moved' },
        ],
      },
    });
    expect(result.body).toMatchObject({ created: 1, updated: 1 });
    expect(result.body.codes[0]).toBe('PLAIN-1');
    const again = await call(cloud, 'POST', '/v1/events/ev-b/attendees', { body: { attendees: [{ code: 'PLAIN-1', firstName: 'Ada', lastName: 'Lovelace', ticketType: 'General' }] } });
    expect(again.body).toMatchObject({ created: 0, updated: 1 });
    const { changes } = await feedAll('ev-b', 'adm_test-token-for-the-cloud-suite');
    const ada = changes.filter((c) => c.kind === 'attendee' && c.attendee.code === 'PLAIN-1');
    expect(ada).toHaveLength(1);
    expect(ada[0]).toMatchObject({ attendee: { lastName: 'Lovelace' } });
    const bad = await call(cloud, 'POST', '/v1/events/ev-b/attendees', { body: { attendees: [{ firstName: 'x', ticketType: 'Nope' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('Nope');
    expect((await call(cloud, 'POST', '/v1/events/ev-b/attendees', { body: { attendees: [] } })).status).toBe(400);
  });

  it('bulk-upserts attendees from CSV with the kiosk import mapping, refusing or skipping bad rows', async () => {
    const csv = (text: string, query = '') => call(cloud, 'POST', `/v1/events/ev-b/attendees/csv${query}`, { body: text, headers: { 'content-type': 'text/csv' } });
    const first = await csv('name,email,code,ticket type\nAda Lovelace,ada@x.org,CSV-1,General\nAlan Turing,alan@x.org,CSV-2,Press\n');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: 2, updated: 0, codes: ['CSV-1', 'CSV-2'], rejected: [] });
    // Only the columns the file has change: Ada keeps her email.
    const second = await csv('Vorname;Nachname;Code\nAugusta;King;CSV-1\n');
    expect(second.body).toMatchObject({ created: 0, updated: 1 });
    const { changes } = await feedAll('ev-b', 'adm_test-token-for-the-cloud-suite');
    const ada = changes.flatMap((c) => (c.kind === 'attendee' && c.attendee.code === 'CSV-1' ? [c.attendee] : []));
    expect(ada[0]).toMatchObject({ firstName: 'Augusta', lastName: 'King', email: 'ada@x.org', ticketType: 'General' });
    expect(changes.some((c) => c.kind === 'ticketType' && c.ticketType.name === 'Press')).toBe(true);

    const bad = 'name,code\nGood Row,CSV-3\n,CSV-4\n';
    const refused = await csv(bad);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/line 3/);
    const skipped = await csv(bad, '?skipInvalid=true');
    expect(skipped.body).toMatchObject({ created: 1, rejected: [{ row: 3 }] });
    const mapped = await csv('Full Name,Ticket Ref\nGrace Hopper,CSV-5\n', '?map=Ticket%20Ref%3Dcode&map=Full%20Name%3Dname');
    expect(mapped.body).toMatchObject({ created: 1, codes: ['CSV-5'] });
    expect((await csv('just one column\nx\n')).status).toBe(400);
    expect((await call(cloud, 'POST', '/v1/events/ev-b/attendees/csv', { token: kiosk.token, body: bad, headers: { 'content-type': 'text/csv' } })).status).toBe(403);
  });

  it('registers publicly with a verifiable signed code, honours capacity, and serves the QR', async () => {
    const reg = await call(cloud, 'POST', '/v1/events/ev-a/registrations', { token: null, body: { firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.example', ticketType: 'Staff' } });
    expect(reg.status).toBe(201);
    const { attendee } = reg.body;
    expect(attendee).toMatchObject({ firstName: 'Grace', ticketType: 'Staff', status: 'valid', eventId: 'ev-a' });
    expect(attendee.code).toMatch(/^AR2:[0-9A-Z $%*+\-./:]{102,117}$/);
    const keys = (await feedAll('ev-a', kiosk.token)).changes.flatMap((c) => (c.kind === 'signingKey' ? [{ ...c.key, eventId: 'ev-a' }] : []));
    const types = (await feedAll('ev-a', kiosk.token)).changes.flatMap((c) => (c.kind === 'ticketType' ? [c.ticketType] : []));
    const verified = verifyTicketCode(attendee.code, keyRing(keys));
    expect(verified).toMatchObject({ ok: true, ticket: { version: 2, eventId: 'ev-a', keyIndex: 0 } });
    const typeIndex = verified.ok && verified.ticket.version === 2 ? verified.ticket.typeIndex : -1;
    expect(types.find((t) => t.index === typeIndex)?.name).toBe('Staff');

    // General holds 3 seats and the bulk import already used 3 (imports ignore capacity).
    const full = await call(cloud, 'POST', '/v1/events/ev-a/registrations', { token: null, body: { firstName: 'A', lastName: 'B', email: 'ab@x.org', ticketType: 'General' } });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('sold_out');

    for (const body of [{}, { firstName: 'A', lastName: 'B', email: 'not-an-email' }, { firstName: 'x'.repeat(500), lastName: 'B', email: 'a@b.org' }]) {
      expect((await call(cloud, 'POST', '/v1/events/ev-a/registrations', { token: null, body })).status).toBe(400);
    }
    expect((await call(cloud, 'POST', '/v1/events/nope/registrations', { token: null, body: { firstName: 'A', lastName: 'B', email: 'a@b.org' } })).status).toBe(404);

    const svg = await call(cloud, 'GET', `/v1/tickets/${encodeURIComponent(attendee.code)}/qr.svg`, { token: null });
    expect(svg.status).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    const png = await cloud.app.inject({ method: 'GET', url: `/v1/tickets/${encodeURIComponent(attendee.code)}/qr.png` });
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const scanned = scanQrPng(png.rawPayload);
    if (scanned !== undefined) expect(scanned).toBe(attendee.code);
    expect((await call(cloud, 'GET', '/v1/tickets/AR1%3AAAAA/qr.svg', { token: null })).status).toBe(404);
  });

  it('rotates signing keys: new codes use the new key, old codes still verify from the feed', async () => {
    const before = await call(cloud, 'POST', '/v1/events/ev-a/registrations', { token: null, body: { firstName: 'Old', lastName: 'Key', email: 'old@key.org', ticketType: 'Staff' } });
    const rotated = await call(cloud, 'POST', '/v1/events/ev-a/keys/rotate');
    expect(rotated.status).toBe(200);
    const after = await call(cloud, 'POST', '/v1/events/ev-a/registrations', { token: null, body: { firstName: 'New', lastName: 'Key', email: 'new@key.org', ticketType: 'Staff' } });
    const keys = (await feedAll('ev-a', kiosk.token)).changes.flatMap((c) => (c.kind === 'signingKey' ? [c.key] : []));
    expect(keys.map((k) => k.keyId)).toContain(rotated.body.keyId);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(rotated.body.keyIndex).toBe(keys.length - 1);
    const ring = keyRing(keys.map((k) => ({ ...k, eventId: 'ev-a' })));
    const old = verifyTicketCode(before.body.attendee.code, ring);
    const fresh = verifyTicketCode(after.body.attendee.code, ring);
    expect(old.ok && fresh.ok).toBe(true);
    if (old.ok && fresh.ok) {
      expect(fresh.ticket).toMatchObject({ keyId: rotated.body.keyId, keyIndex: rotated.body.keyIndex });
      expect(old.ticket.keyId).not.toBe(rotated.body.keyId);
    }
  });

  it('pages the feed in one order: the first pages are the snapshot, gzip-compressed', async () => {
    const { changes } = await feedAll('ev-a', kiosk.token, 3);
    const seqs = changes.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const kinds = changes.map((c) => c.kind);
    expect(kinds.indexOf('ticketType')).toBeLessThan(kinds.indexOf('attendee'));
    const attendees = changes.flatMap((c) => (c.kind === 'attendee' ? [c.attendee] : []));
    expect(attendees.map((a) => a.code)).toEqual(expect.arrayContaining(codes));
    for (const key of ['code', 'firstName', 'lastName', 'email', 'company', 'ticketType', 'status']) expect(attendees[0]).toHaveProperty(key);

    const zipped = await cloud.app.inject({ method: 'GET', url: '/v1/events/ev-a/feed?limit=100', headers: { authorization: `Bearer ${kiosk.token}`, 'accept-encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(feedPage.parse(JSON.parse(gunzipSync(zipped.rawPayload).toString())).changes.length).toBeGreaterThan(5);
    expect((await call(cloud, 'GET', '/v1/events/ev-a/feed?limit=0', { token: kiosk.token })).status).toBe(400);
    expect((await call(cloud, 'GET', '/v1/events/ev-a/feed?cursor=abc', { token: kiosk.token })).status).toBe(400);
  });

  it('ingests check-ins in order: accepted, duplicate_entry naming the other kiosk, unknown, idempotent replays', async () => {
    const [first, second] = [codes[0]!, codes[2]!];
    const batch = [
      checkin(first, 'kiosk-1', at(0)),
      checkin(first, 'kiosk-2', at(-57, 1)), // 57 minutes earlier than kiosk-1's, written at +01:00
      checkin('NOT-A-TICKET', 'kiosk-1', at(4)),
      checkin('NOT-A-TICKET', 'kiosk-1', at(4), { direction: 'exit', verdict: 'exited' }),
      checkin(second, 'kiosk-2', at(5)),
      checkin(second, 'kiosk-2', at(50), { direction: 'exit', verdict: 'exited' }),
    ];
    // A manager files for any kiosk (a device only for its own: see the kiosk binding test).
    const response = await call(cloud, 'POST', '/v1/events/ev-a/checkins', { body: { checkins: batch } });
    expect(response.status).toBe(200);
    const { results } = ingestResponse.parse(response.body);
    expect(results.map((r) => r.id)).toEqual(batch.map((b) => b.id));
    expect(results.map((r) => r.result)).toEqual(['accepted', 'duplicate_entry', 'unknown_ticket', 'unknown_ticket', 'accepted', 'accepted']);
    expect(results[1]).toMatchObject({ otherKioskId: 'kiosk-1', otherAt: at(0), recorded: true });
    // The admission that arrived second carries the flag, though its door time is 57 minutes earlier.
    expect(results[1]!.flagged).toBe(true);
    // A green verdict on an unknown ticket is recorded and flagged, never refused; a refused exit is not counted.
    expect(results[2]).toMatchObject({ recorded: true, flagged: true });
    expect(results[3]).toMatchObject({ recorded: false, flagged: false });

    const replay = await call(cloud, 'POST', '/v1/events/ev-a/checkins', { body: { checkins: [batch[4], batch[0], batch[1]] } });
    expect(replay.body.results).toEqual([results[4], results[0], results[1]]);
    // The first arrival keeps its answer: never flagged by one that arrives after it.
    expect(results[0]!.flagged).toBe(false);

    const stats = await call(cloud, 'GET', '/v1/events/ev-a/stats', { token: kiosk.token });
    expect(stats.body).toMatchObject({ admitted: 2, duplicatesFlagged: 1 });
    expect(stats.body.recentDuplicates).toEqual([{ id: batch[1]!.id, code: first, kioskId: 'kiosk-2', at: at(-57), otherKioskId: 'kiosk-1', otherAt: at(0) }]);
    expect(typeof stats.body.expected).toBe('number');
    expect(stats.body.expected).toBeGreaterThanOrEqual(6);
    expect(stats.body.insideNow).toBe(2); // first, and the unknown green entry; second left
    expect(stats.body.byTicketType.find((t: { ticketType: string }) => t.ticketType === 'General')).toMatchObject({ admitted: 2 });
    expect(stats.body.kiosks.map((k: { kioskId: string }) => k.kioskId)).toEqual(['kiosk-1', 'kiosk-2']);
    expect(stats.body.kiosks[0].lastSeenAt).toMatch(/Z$/);
    expect(stats.body.arrivalsPer5Min).toEqual(
      expect.arrayContaining([{ from: at(-60), entries: 1 }, { from: at(5), entries: 1 }]),
    );

    const csv = await call(cloud, 'GET', '/v1/events/ev-a/checkins.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.trim().split('\n')).toHaveLength(1 + batch.length);
    expect(csv.text).toContain('duplicate_entry');
    expect((await call(cloud, 'GET', '/v1/events/ev-a/checkins.csv', { token: kiosk.token })).status).toBe(403);

    const { changes } = await feedAll('ev-a', kiosk.token);
    expect(changes.filter((c) => c.kind === 'checkin').map((c) => (c.kind === 'checkin' ? c.checkin.id : ''))).toEqual(expect.arrayContaining(batch.map((b) => b.id)));
  });

  it('stores hostile text verbatim (quotes, backslashes, SQL) without executing any of it', async () => {
    const nasty = "x'); DROP TABLE checkins; --\\ \u00e9'";
    const item = checkin(nasty, `kiosk ${nasty}`, at(120));
    const response = await call(cloud, 'POST', '/v1/events/ev-a/checkins', { body: { checkins: [item] } });
    expect(response.body.results[0]).toMatchObject({ result: 'unknown_ticket', recorded: true });
    const { changes } = await feedAll('ev-a', kiosk.token);
    const stored = changes.find((c) => c.kind === 'checkin' && c.checkin.id === item.id);
    expect(stored).toMatchObject({ checkin: { code: nasty, kioskId: `kiosk ${nasty}` } });
  });

  it('cancels and re-issues tickets: old codes go on the revocation list and ingest as revoked', async () => {
    const [cancelMe, reissueMe] = [codes[4]!, codes[5]!];
    const cancelled = await call(cloud, 'POST', `/v1/events/ev-a/tickets/${encodeURIComponent(cancelMe)}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    const reissued = await call(cloud, 'POST', `/v1/events/ev-a/tickets/${encodeURIComponent(reissueMe)}/reissue`);
    expect(reissued.body.revokedCode).toBe(reissueMe);
    expect(reissued.body.attendee.code).not.toBe(reissueMe);
    expect((await call(cloud, 'POST', '/v1/events/ev-a/tickets/NOPE/cancel')).status).toBe(404);

    const { changes } = await feedAll('ev-a', kiosk.token);
    const revoked = changes.flatMap((c) => (c.kind === 'revocation' ? [c.code] : []));
    expect(revoked).toEqual(expect.arrayContaining([cancelMe, reissueMe]));

    const fresh = await call(cloud, 'POST', '/v1/events/ev-a/checkins', { token: kioskK.token, body: { checkins: [checkin(reissued.body.attendee.code, 'k', at(60))] } });
    expect(fresh.body.results[0].result).toBe('accepted');
    const items = [checkin(cancelMe, 'k', at(61)), checkin(reissueMe, 'k', at(61), { direction: 'exit', verdict: 'exited' })];
    const results = (await call(cloud, 'POST', '/v1/events/ev-a/checkins', { token: kioskK.token, body: { checkins: items } })).body.results;
    expect(results.map((r: { result: string }) => r.result)).toEqual(['revoked', 'revoked']);
    // A green verdict on a cancelled ticket is kept and flagged, not refused.
    expect(results[0]).toMatchObject({ recorded: true, flagged: true });
  });

  it('refuses bad ingest input: invalid items, batches over 500, oversized bodies, non-JSON', async () => {
    const post = (body: unknown, headers?: Record<string, string>) => call(cloud, 'POST', '/v1/events/ev-a/checkins', { token: kioskK.token, body, ...(headers ? { headers } : {}) });
    expect((await post({ checkins: [] })).status).toBe(400);
    expect((await post({ checkins: [{ ...checkin('x', 'k', at(60)), id: 'not-a-uuid' }] })).status).toBe(400);
    expect((await post({ checkins: [{ ...checkin('x', 'k', 'yesterday') }] })).status).toBe(400);
    expect((await post({ checkins: [{ ...checkin('x', 'k', at(60)), direction: 'sideways' }] })).status).toBe(400);
    expect((await post({ checkins: [checkin('nul\u0000code', 'k', at(60))] })).status).toBe(400);
    const tooMany = await post({ checkins: Array.from({ length: 501 }, () => checkin('x', 'k', at(60))) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe('bad_input');
    const huge = await post(JSON.stringify({ checkins: [checkin('x'.repeat(2 * 1024 * 1024), 'k', at(60))] }), { 'content-type': 'application/json' });
    expect(huge.status).toBe(413);
    expect((await post('{"checkins": [', { 'content-type': 'application/json' })).status).toBe(400);
    const bigRegistration = await call(cloud, 'POST', '/v1/events/ev-a/registrations', { token: null, body: { firstName: 'a', lastName: 'b', email: 'a@b.org', company: 'x'.repeat(20_000) } });
    expect(bigRegistration.status).toBe(413);
    // Nothing of the above was stored.
    const stats = await call(cloud, 'GET', '/v1/events/ev-a/stats', { token: kiosk.token });
    expect(stats.body.kiosks.find((k: { kioskId: string }) => k.kioskId === 'k')?.checkins).toBe(3);
  });
});

describe.each(engines)('cloud over real HTTP on $name', (engine) => {
  let cloud: RunningCloud;
  beforeAll(async () => {
    cloud = await startTestCloud(await engine.fresh(), { registrationsPerMinute: 3, enrollPerMinute: 1000 });
  });
  afterAll(() => cloud?.close());

  it('registers, rate-limits registrations per address, and streams committed check-ins to an online kiosk', async () => {
    const codes = await createTestEvent(cloud, 'live', 3);
    const kiosk = await enroll(cloud, 'live', 'kiosk-9');
    const register = (i: number) =>
      fetch(`${cloud.url}/v1/events/live/registrations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ firstName: 'R', lastName: String(i), email: `r${i}@x.org`, ticketType: 'Staff' }) });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await register(i)).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);

    const auth = { authorization: `Bearer ${kiosk.token}` };
    const start = (await (await fetch(`${cloud.url}/v1/events/live/feed?limit=1000`, { headers: auth })).json()) as { nextCursor: string };
    const controller = new AbortController();
    const stream = await fetch(`${cloud.url}/v1/events/live/feed/stream?cursor=${start.nextCursor}`, { headers: auth, signal: controller.signal });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const item = checkin(codes[0]!, 'kiosk-9', nowIso(cloud.cdb.clock));
    const posted = await fetch(`${cloud.url}/v1/events/live/checkins`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ checkins: [item] }) });
    expect(((await posted.json()) as { results: Array<{ result: string }> }).results[0]!.result).toBe('accepted');
    const reader = stream.body!.getReader();
    let text = '';
    while (!text.includes(item.id)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain('event: changes');
    expect(text).toContain(item.id);
  });
});
