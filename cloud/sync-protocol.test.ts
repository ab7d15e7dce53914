/**
 * The cloud end of the sync protocol (issue 12), on both engines: undos and walk-ins ingested with
 * check-ins (idempotent, per-item refusals, walk-ins → check-ins → undos within one request), the
 * feed's undo changes and stable ticketId through a re-issue, stats that honour undos, double
 * admissions decided in arrival order whatever the kiosk clocks say, the device report and last
 * seen, and the revoked device's own 401 code.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { feedPage, ingestResponse, type FeedChange, type IngestRequestInput, type IngestUndo, type IngestWalkIn } from '../common/cloud-api';
import { isoFromNow, manualClock, nowIso, type ManualClock } from '../common/clock';
import type { RunningCloud } from './start';
import { cleanupTestEngines, testEngines } from './test/engines';
import { call, checkin, createTestEvent, doorTimes, enroll, startTestCloud } from './test/helpers';

const engines = testEngines();
afterAll(() => cleanupTestEngines());

const generous = { registrationsPerMinute: 1000, enrollPerMinute: 1000, qrPerMinute: 1000 };
const hour = 3_600_000;

describe.each(engines)('sync protocol on $name', (engine) => {
  let cloud: RunningCloud;
  let clock: ManualClock;
  let at: ReturnType<typeof doorTimes>;
  let codes: string[];
  let north: { token: string; deviceId: string };
  let south: { token: string; deviceId: string };

  beforeAll(async () => {
    clock = manualClock('2031-05-04T10:00:00Z');
    cloud = await startTestCloud(await engine.fresh(), generous, { clock });
    at = doorTimes(clock);
    // Even indexes General (single entry), odd ones Staff (multi-entry).
    codes = await createTestEvent(cloud, 'ev', 8);
    north = await enroll(cloud, 'ev', 'north');
    south = await enroll(cloud, 'ev', 'south');
  });
  afterAll(() => cloud?.close());

  const post = async (eventId: string, token: string | undefined, body: IngestRequestInput) => {
    const response = await call(cloud, 'POST', `/v1/events/${eventId}/checkins`, { ...(token ? { token } : {}), body });
    expect(response.status, response.text).toBe(200);
    return ingestResponse.parse(response.body);
  };
  const undo = (checkinId: string, kioskId: string, minute: number, reason = ''): IngestUndo => ({ id: randomUUID(), checkinId, kioskId, at: at(minute), reason });
  const walkIn = (code: string, kioskId: string, extra: Partial<IngestWalkIn> = {}): IngestWalkIn => ({
    clientId: randomUUID(),
    kioskId,
    code,
    firstName: 'Walk',
    lastName: 'In',
    email: 'walk@in.example',
    company: '',
    ticketType: 'General',
    at: nowIso(clock),
    ...extra,
  });
  const feedFrom = async (eventId: string, cursor = '') => {
    const changes: FeedChange[] = [];
    for (let pages = 0; pages < 100; pages++) {
      const page = await call(cloud, 'GET', `/v1/events/${eventId}/feed?cursor=${cursor}&limit=1000`);
      expect(page.status).toBe(200);
      const parsed = feedPage.parse(page.body);
      changes.push(...parsed.changes);
      cursor = parsed.nextCursor;
      if (!parsed.hasMore) break;
    }
    return { changes, cursor };
  };
  const stats = async (eventId: string) => (await call(cloud, 'GET', `/v1/events/${eventId}/stats`)).body;

  it('ingests undos idempotently by id with per-item answers, from any kiosk of the event, and lets the guest in again unflagged', async () => {
    const first = checkin(codes[0]!, 'north', at(0));
    expect((await post('ev', north.token, { checkins: [first] })).results[0]).toMatchObject({ result: 'accepted' });

    const undone = undo(first.id, 'north', 1, 'wrong guest');
    const stray = undo(randomUUID(), 'north', 1);
    const answer = await post('ev', north.token, { undos: [stray, undone] });
    expect(answer.results).toEqual([]);
    expect(answer.undos).toEqual([
      { id: stray.id, checkinId: stray.checkinId, result: 'unknown_checkin', message: expect.stringContaining(stray.checkinId) },
      { id: undone.id, checkinId: first.id, result: 'accepted' },
    ]);
    // A replay (even with other content) gets the first answer; another undo of it changes nothing.
    expect((await post('ev', north.token, { undos: [{ ...undone, reason: 'changed' }] })).undos).toEqual([answer.undos[1]]);
    const again = undo(first.id, 'south', 2);
    expect((await post('ev', south.token, { undos: [again] })).undos).toEqual([{ id: again.id, checkinId: first.id, result: 'already_undone', undoneBy: undone.id }]);

    // After the undo the guest enters again, at another door, without being flagged.
    const back = (await post('ev', south.token, { checkins: [checkin(codes[0]!, 'south', at(3))] })).results[0];
    expect(back).toMatchObject({ result: 'accepted', flagged: false });

    // South may undo north's check-in (its replica holds it), but files undos only as itself.
    const other = checkin(codes[2]!, 'north', at(4));
    await post('ev', north.token, { checkins: [other] });
    const forged = undo(other.id, 'north', 5);
    const refused = await call(cloud, 'POST', '/v1/events/ev/checkins', { token: south.token, body: { undos: [forged] } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('undos[0]');
    const bySouth = undo(other.id, 'south', 5);
    expect((await post('ev', south.token, { undos: [bySouth] })).undos[0]).toMatchObject({ result: 'accepted' });
    // The forged one was not stored: its id is still free.
    expect((await post('ev', north.token, { undos: [{ ...forged, checkinId: randomUUID() }] })).undos[0]!.result).toBe('unknown_checkin');

    // A malformed undo refuses the request whole (400), and stores nothing of it.
    const bad = await call(cloud, 'POST', '/v1/events/ev/checkins', { token: north.token, body: { checkins: [checkin(codes[4]!, 'north', at(6))], undos: [{ ...undo(first.id, 'north', 6), checkinId: 'nope' }] } });
    expect(bad.status).toBe(400);
    expect((await call(cloud, 'POST', '/v1/events/ev/checkins', { token: north.token, body: {} })).status).toBe(400);
    expect((await call(cloud, 'POST', '/v1/events/ev/checkins', { token: north.token, body: { checkins: [], undos: [], walkIns: [] } })).status).toBe(400);
    const tooMany = Array.from({ length: 300 }, () => checkin(codes[4]!, 'north', at(6)));
    const tooManyUndos = Array.from({ length: 201 }, () => undo(first.id, 'north', 6));
    expect((await call(cloud, 'POST', '/v1/events/ev/checkins', { token: north.token, body: { checkins: tooMany, undos: tooManyUndos } })).status).toBe(400);
  });

  it('stores one undo per check-in under concurrent replays and rival undos, each id answered alike', async () => {
    const target = checkin(codes[3]!, 'north', at(7));
    await post('ev', north.token, { checkins: [target] });
    const mine = undo(target.id, 'north', 8);
    const rivals = Array.from({ length: 6 }, (_, i) => undo(target.id, i % 2 ? 'north' : 'south', 8));
    const sends = [...Array.from({ length: 6 }, () => mine), ...rivals].map((item) => post('ev', item.kioskId === 'north' ? north.token : south.token, { undos: [item] }));
    const answers = (await Promise.all(sends)).map((a) => a.undos[0]!);
    const winners = new Set(answers.filter((a) => a.result === 'accepted').map((a) => a.id));
    expect(winners.size).toBe(1);
    const [winner] = [...winners];
    for (const a of answers) expect(a).toEqual(a.id === winner ? { id: a.id, checkinId: target.id, result: 'accepted' } : { id: a.id, checkinId: target.id, result: 'already_undone', undoneBy: winner });
    const rows = await cloud.cdb.db.selectFrom('undos').select('id').where('checkin_id', '=', target.id).execute();
    expect(rows).toEqual([{ id: winner }]);
  });

  it('applies walk-ins, then check-ins, then undos within one request; walk-ins idempotent by client id with per-item refusals', async () => {
    await createTestEvent(cloud, 'elsewhere', 1);
    const elsewhereCode = (await feedFrom('elsewhere')).changes.flatMap((c) => (c.kind === 'attendee' ? [c.attendee.code] : []))[0]!;
    const guest = walkIn('W-0000TEST01', 'north', { firstName: 'Wanda', lastName: 'Door', ticketType: 'Staff' });
    const entry = checkin(guest.code, 'north', at(10));
    const oops = undo(entry.id, 'north', 11, 'printed twice');
    const refused = [
      walkIn('W-0000TEST02', 'north', { ticketType: 'No such type' }),
      walkIn(codes[1]!, 'north'),
      walkIn(elsewhereCode, 'north'),
    ];
    const fine = walkIn('W-0000TEST03', 'north');
    // Listed undos first: the order of application is fixed, not the order in the body.
    const answer = await post('ev', north.token, { undos: [oops], checkins: [entry], walkIns: [guest, ...refused, fine] });
    expect(answer.walkIns.map((w) => w.result)).toEqual(['created', 'unknown_ticket_type', 'code_taken', 'code_taken', 'created']);
    expect(answer.walkIns.map((w) => w.clientId)).toEqual([guest, ...refused, fine].map((w) => w.clientId));
    const created = answer.walkIns[0]!;
    expect(created.attendee).toMatchObject({ code: 'W-0000TEST01', firstName: 'Wanda', lastName: 'Door', ticketType: 'Staff', status: 'valid', eventId: 'ev' });
    expect(created.ticketId).toMatch(/^A/);
    expect(answer.walkIns[1]!.message).toContain('No such type');
    expect(answer.results).toEqual([{ id: entry.id, result: 'accepted', recorded: true, flagged: false }]);
    expect(answer.undos).toEqual([{ id: oops.id, checkinId: entry.id, result: 'accepted' }]);

    // The whole request replayed (a lost response): the same attendee, the same answers, nothing new.
    const replay = await post('ev', north.token, { undos: [oops], checkins: [entry], walkIns: [guest, ...refused, fine] });
    expect(replay.walkIns[0]).toEqual({ ...created, result: 'duplicate' });
    expect(replay.walkIns.slice(1).map((w) => w.result)).toEqual(['unknown_ticket_type', 'code_taken', 'code_taken', 'duplicate']);
    expect(replay.results).toEqual(answer.results);
    expect(replay.undos).toEqual(answer.undos);
    const rows = await cloud.cdb.db.selectFrom('attendees').select(['id', 'origin']).where('event_id', '=', 'ev').where('code', 'like', 'W-0000TEST%').execute();
    expect(rows.map((r) => r.origin).sort()).toEqual(['walk_in', 'walk_in']);
    // Another client id with a code already taken is refused, not merged into that attendee.
    expect((await post('ev', north.token, { walkIns: [walkIn('W-0000TEST01', 'north')] })).walkIns[0]!.result).toBe('code_taken');
    // A device files walk-ins only as itself.
    expect((await call(cloud, 'POST', '/v1/events/ev/checkins', { token: south.token, body: { walkIns: [walkIn('W-0000TEST09', 'north')] } })).status).toBe(403);

    // The feed carries the walk-in like any attendee (its stable id, the printed code), then its
    // check-in (with the cloud's result), then the undo naming it.
    const { changes } = await feedFrom('ev');
    const attendeeChange = changes.find((c) => c.kind === 'attendee' && c.attendee.code === 'W-0000TEST01');
    expect(attendeeChange).toMatchObject({ ticketId: created.ticketId, attendee: { firstName: 'Wanda' } });
    const checkinChange = changes.find((c) => c.kind === 'checkin' && c.checkin.id === entry.id)!;
    expect(checkinChange).toMatchObject({ checkin: { code: 'W-0000TEST01', result: 'accepted', recorded: true } });
    const undoChange = changes.find((c) => c.kind === 'undo' && c.undo.id === oops.id)!;
    expect(undoChange).toMatchObject({ undo: { checkinId: entry.id, kioskId: 'north', at: oops.at, reason: 'printed twice' } });
    expect(undoChange.seq).toBeGreaterThan(checkinChange.seq);
    expect(attendeeChange!.seq).toBeLessThan(checkinChange.seq);
    expect(changes.filter((c) => c.kind === 'undo')).toHaveLength(4); // this one and the three of the tests before
  });

  it('keeps the ticketId through a re-issue: a new code on the same attendee, and the old code revoked in the feed', async () => {
    const before = await feedFrom('ev');
    const original = before.changes.find((c) => c.kind === 'attendee' && c.attendee.code === codes[6]);
    expect(original?.kind).toBe('attendee');
    const ticketId = original!.kind === 'attendee' ? original!.ticketId : '';
    const reissued = await call(cloud, 'POST', `/v1/events/ev/tickets/${encodeURIComponent(codes[6]!)}/reissue`);
    expect(reissued.status).toBe(200);
    expect(reissued.body).toMatchObject({ ticketId, revokedCode: codes[6] });
    const newCode = reissued.body.attendee.code as string;
    expect(newCode).not.toBe(codes[6]);

    const news = await feedFrom('ev', before.cursor);
    expect(news.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'attendee', ticketId, attendee: expect.objectContaining({ code: newCode }) }),
        expect.objectContaining({ kind: 'revocation', code: codes[6] }),
      ]),
    );
    // From the start: one attendee with that id, at its latest state.
    const all = (await feedFrom('ev')).changes.filter((c) => c.kind === 'attendee' && c.ticketId === ticketId);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ attendee: { code: newCode } });
    // Every attendee change has a distinct ticketId.
    const ids = (await feedFrom('ev')).changes.flatMap((c) => (c.kind === 'attendee' ? [c.ticketId] : []));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('counts undone check-ins nowhere in the stats (admitted, inside, by type, arrivals, duplicates) and counts them as undone', async () => {
    const [g0, , g2] = await createTestEvent(cloud, 'stats', 4);
    const a = checkin(g0!, 'north', at(0));
    const b = checkin(g2!, 'north', at(1));
    const dup = checkin(g0!, 'south', at(2));
    const answer = await post('stats', undefined, { checkins: [a, b, dup] });
    expect(answer.results.map((r) => r.result)).toEqual(['accepted', 'accepted', 'duplicate_entry']);
    const general = (s: { byTicketType: Array<{ ticketType: string; admitted: number }> }) => s.byTicketType.find((t) => t.ticketType === 'General')!.admitted;
    const entries = (s: { arrivalsPer5Min: Array<{ entries: number }> }) => s.arrivalsPer5Min.reduce((n, bucket) => n + bucket.entries, 0);
    let now = await stats('stats');
    expect(now).toMatchObject({ admitted: 2, insideNow: 2, duplicatesFlagged: 1, undone: 0 });
    expect([general(now), entries(now)]).toEqual([2, 3]);

    // The first admission undone: the guest is still in through the second, which no longer duplicates anything.
    await post('stats', undefined, { undos: [undo(a.id, 'north', 3)] });
    now = await stats('stats');
    expect(now).toMatchObject({ admitted: 2, insideNow: 2, duplicatesFlagged: 0, undone: 1, recentDuplicates: [] });
    expect([general(now), entries(now)]).toEqual([2, 2]);

    // Both undone: the guest was never let in.
    await post('stats', undefined, { undos: [undo(dup.id, 'south', 4)] });
    now = await stats('stats');
    expect(now).toMatchObject({ admitted: 1, insideNow: 1, duplicatesFlagged: 0, undone: 2 });
    expect([general(now), entries(now)]).toEqual([1, 1]);

    // And enters again, not flagged.
    expect((await post('stats', undefined, { checkins: [checkin(g0!, 'south', at(5))] })).results[0]).toMatchObject({ result: 'accepted', flagged: false });
    expect(await stats('stats')).toMatchObject({ admitted: 2, insideNow: 2, duplicatesFlagged: 0, undone: 2 });
  });

  it('re-decides a ticket\'s flags by the one rule when an undo arrives: cleared, moved to another admission, or raised after an undone exit', async () => {
    const [once, many] = await createTestEvent(cloud, 'redecide', 2); // General (single entry), Staff (multi-entry)
    const first = checkin(once!, 'north', at(0));
    const second = checkin(once!, 'south', at(1));
    const third = checkin(once!, 'north', at(2));
    await post('redecide', undefined, { checkins: [first, second, third] });
    expect((await stats('redecide')).duplicatesFlagged).toBe(2);
    // The middle one undone: the third now duplicates the first (it did the second).
    await post('redecide', undefined, { undos: [undo(second.id, 'south', 3)] });
    const now = await stats('redecide');
    expect(now.duplicatesFlagged).toBe(1);
    expect(now.recentDuplicates).toEqual([expect.objectContaining({ id: third.id, otherKioskId: 'north', otherAt: first.at })]);
    // The first undone too: the third is the guest's only admission, no longer flagged; its answer to a replay stays as it was.
    await post('redecide', undefined, { undos: [undo(first.id, 'north', 4)] });
    expect(await stats('redecide')).toMatchObject({ duplicatesFlagged: 0, recentDuplicates: [], admitted: 1, insideNow: 1 });
    expect((await post('redecide', undefined, { checkins: [third] })).results[0]).toMatchObject({ result: 'duplicate_entry', flagged: true, otherKioskId: 'south' });
    // A multi-entry ticket: in, out, in again is fine, until the exit is undone: then the guest came in twice.
    const inside = checkin(many!, 'north', at(5));
    const out = checkin(many!, 'north', at(6), { direction: 'exit', verdict: 'exited' });
    const back = checkin(many!, 'south', at(7));
    expect((await post('redecide', undefined, { checkins: [inside, out, back] })).results.map((r) => r.flagged)).toEqual([false, false, false]);
    await post('redecide', undefined, { undos: [undo(out.id, 'north', 8)] });
    expect((await stats('redecide')).recentDuplicates).toEqual([expect.objectContaining({ id: back.id, otherKioskId: 'north', otherAt: inside.at })]);
  });

  it('creates the kiosks\' "Walk-in" type (closed to the public) for a walk-in at an event without it; other unknown types stay refused', async () => {
    expect((await call(cloud, 'POST', '/v1/events', { body: { id: 'bare', name: 'Bare', ticketTypes: [] } })).status).toBe(201);
    const door = await enroll(cloud, 'bare', 'door');
    const guest = walkIn('W-0000BARE01', 'door', { ticketType: 'Walk-in' });
    const answer = await post('bare', door.token, { walkIns: [guest, walkIn('W-0000BARE02', 'door', { ticketType: 'VIP' })], checkins: [checkin('W-0000BARE01', 'door', at(0))] });
    expect(answer.walkIns.map((w) => w.result)).toEqual(['created', 'unknown_ticket_type']);
    expect(answer.results[0]).toMatchObject({ result: 'accepted', recorded: true });
    expect((await post('bare', door.token, { walkIns: [guest, walkIn('W-0000BARE03', 'door', { ticketType: 'Walk-in' })] })).walkIns.map((w) => w.result)).toEqual(['duplicate', 'created']);
    const event = await call(cloud, 'GET', '/v1/events/bare');
    expect(event.body.ticketTypes).toEqual([expect.objectContaining({ name: 'Walk-in', public: false, multiEntry: false, capacity: null, index: 0 })]);
    const types = (await feedFrom('bare')).changes.filter((c) => c.kind === 'ticketType');
    expect(types).toHaveLength(1);
  });

  it('creates the "Walk-in" type once when several kiosks send their first walk-ins at the same moment: every one is created, none answered 500', async () => {
    expect((await call(cloud, 'POST', '/v1/events', { body: { id: 'rush', name: 'Rush', ticketTypes: [] } })).status).toBe(201);
    const doors = await Promise.all(['d1', 'd2', 'd3', 'd4', 'd5', 'd6'].map((kiosk) => enroll(cloud, 'rush', kiosk)));
    const answers = await Promise.all(doors.map((door, n) =>
      call(cloud, 'POST', '/v1/events/rush/checkins', { token: door.token, body: { walkIns: [walkIn(`W-0000RUSH0${n}`, `d${n + 1}`, { ticketType: 'Walk-in' })] } })));
    expect(answers.map((a) => a.status)).toEqual(doors.map(() => 200));
    expect(answers.map((a) => ingestResponse.parse(a.body).walkIns[0]?.result)).toEqual(doors.map(() => 'created'));
    const event = await call(cloud, 'GET', '/v1/events/rush');
    expect(event.body.ticketTypes).toEqual([expect.objectContaining({ name: 'Walk-in', index: 0 })]);
  });

  it('retires a device that leaves with its own token: listed as left, its kiosk id free to enroll again, one live device per kiosk id still', async () => {
    const leaving = await enroll(cloud, 'ev', 'moving');
    expect((await call(cloud, 'POST', '/v1/events/ev/devices/self/leave', {})).status).toBe(403);
    const left = await call(cloud, 'POST', '/v1/events/ev/devices/self/leave', { token: leaving.token });
    expect(left.status, left.text).toBe(200);
    expect(left.body).toEqual({ leftAt: nowIso(clock) });
    const again = await call(cloud, 'POST', '/v1/events/ev/devices/self/leave', { token: leaving.token });
    expect([again.status, again.body.error.code]).toEqual([401, 'device_revoked']);
    const back = await enroll(cloud, 'ev', 'moving');
    const list = (await call(cloud, 'GET', '/v1/events/ev/devices')).body.devices.filter((d: { kioskId: string }) => d.kioskId === 'moving');
    expect(list).toEqual([
      expect.objectContaining({ deviceId: leaving.deviceId, leftAt: nowIso(clock), revokedAt: nowIso(clock) }),
      expect.objectContaining({ deviceId: back.deviceId, leftAt: null, revokedAt: null }),
    ]);
    const code = (await call(cloud, 'POST', '/v1/events/ev/devices/setup-codes', { body: {} })).body.setupCode;
    expect((await call(cloud, 'POST', '/v1/devices/enroll', { token: null, body: { setupCode: code, name: 'twin', kioskId: 'moving' } })).status).toBe(409);
  });

  it('decides double admissions and who is inside in arrival order, with one kiosk clock 1 h fast and another 1 h slow', async () => {
    const [once, many, alone] = await createTestEvent(cloud, 'skew', 3); // General, Staff (multi-entry), General
    const fast = await enroll(cloud, 'skew', 'fast');
    const slow = await enroll(cloud, 'skew', 'slow');
    // What each kiosk writes as `at`: its own wrong clock at the real moment.
    const fastAt = () => isoFromNow(clock, hour);
    const slowAt = () => isoFromNow(clock, -hour);
    const push = async (device: { token: string }, kioskId: string, code: string, time: string, direction: 'entry' | 'exit' = 'entry') =>
      (await post('skew', device.token, { checkins: [checkin(code, kioskId, time, direction === 'exit' ? { direction, verdict: 'exited' } : {})] })).results[0]!;

    // A single-entry ticket admitted at the fast door, then (5 minutes later) at the slow one: the
    // second arrival is the duplicate, though its door time is nearly two hours earlier.
    const firstTime = fastAt();
    expect(await push(fast, 'fast', once!, firstTime)).toMatchObject({ result: 'accepted', flagged: false });
    clock.advance(5 * 60_000);
    const secondTime = slowAt();
    expect(await push(slow, 'slow', once!, secondTime)).toMatchObject({ result: 'duplicate_entry', flagged: true, otherKioskId: 'fast', otherAt: firstTime });

    // A multi-entry ticket: in at the fast door, out at the slow one, back in at the slow one. In
    // door times the exit comes first and the two entries look like one guest entering twice.
    clock.advance(60_000);
    expect(await push(fast, 'fast', many!, fastAt())).toMatchObject({ result: 'accepted' });
    clock.advance(60_000);
    expect(await push(slow, 'slow', many!, slowAt(), 'exit')).toMatchObject({ result: 'accepted' });
    clock.advance(60_000);
    expect(await push(slow, 'slow', many!, slowAt())).toMatchObject({ result: 'accepted', flagged: false });
    clock.advance(60_000);
    expect(await push(slow, 'slow', alone!, slowAt())).toMatchObject({ result: 'accepted', flagged: false });

    const now = await stats('skew');
    expect(now).toMatchObject({ duplicatesFlagged: 1, insideNow: 3, admitted: 3 });
    expect(now.recentDuplicates).toEqual([{ id: expect.any(String), code: once, kioskId: 'slow', at: secondTime, otherKioskId: 'fast', otherAt: firstTime }]);
    const flagged = (await feedFrom('skew')).changes.filter((c) => c.kind === 'checkin' && c.checkin.flagged);
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({ checkin: { kioskId: 'slow', code: once, result: 'duplicate_entry' } });

    // The exit arrives after the entry in the feed as well: a kiosk folding the feed in order agrees.
    const moves = (await feedFrom('skew')).changes.flatMap((c) => (c.kind === 'checkin' && c.checkin.code === many ? [`${c.checkin.kioskId}:${c.checkin.direction}`] : []));
    expect(moves).toEqual(['fast:entry', 'slow:exit', 'slow:entry']);
  });

  it('orders one batch in arrival order too: an entry then an exit of one ticket, whatever their ids', async () => {
    const [, many] = await createTestEvent(cloud, 'batch', 2);
    // Ids chosen so that id order is the reverse of arrival order.
    const entry = checkin(many!, 'north', at(30), { id: 'ffffffff-0000-4000-8000-000000000000' });
    const exit = checkin(many!, 'north', at(20), { id: '00000000-0000-4000-8000-000000000000', direction: 'exit', verdict: 'exited' });
    await post('batch', undefined, { checkins: [entry, exit] });
    expect(await stats('batch')).toMatchObject({ insideNow: 0 });
    const moves = (await feedFrom('batch')).changes.flatMap((c) => (c.kind === 'checkin' ? [c.checkin.direction] : []));
    expect(moves).toEqual(['entry', 'exit']);
  });

  it("keeps each device's last report and last-seen time (feed pulls, ingests, stream connects)", async () => {
    const device = await enroll(cloud, 'ev', 'reporter');
    const listed = async () => (await call(cloud, 'GET', '/v1/events/ev/devices')).body.devices.find((d: { deviceId: string }) => d.deviceId === device.deviceId);
    expect(await listed()).toMatchObject({ lastSeenAt: null, reportedQueue: null, reportedDeadLetters: null, reportedAppVersion: null, reportedAt: null });

    clock.advance(2 * 60_000);
    expect((await call(cloud, 'GET', '/v1/events/ev/feed?limit=1', { token: device.token })).status).toBe(200);
    expect((await listed()).lastSeenAt).toBe(nowIso(clock));

    clock.advance(2 * 60_000);
    await post('ev', device.token, { checkins: [checkin('SOMETHING', 'reporter', nowIso(clock), { verdict: 'unknown' })] });
    expect((await listed()).lastSeenAt).toBe(nowIso(clock));

    clock.advance(2 * 60_000);
    const controller = new AbortController();
    const stream = await fetch(`${cloud.url}/v1/events/ev/feed/stream?limit=1`, { headers: { authorization: `Bearer ${device.token}` }, signal: controller.signal });
    expect(stream.status).toBe(200);
    expect((await listed()).lastSeenAt).toBe(nowIso(clock));
    // While the stream stays open, its poll keeps the time fresh (the stream is the kiosk's only call then).
    clock.advance(2 * 60_000);
    await vi.waitFor(async () => expect((await listed()).lastSeenAt).toBe(nowIso(clock)));
    controller.abort();

    clock.advance(2 * 60_000);
    const report = await call(cloud, 'POST', '/v1/events/ev/report', { token: device.token, body: { queue: 7, deadLetters: 2, appVersion: '1.4.0' } });
    expect(report.status).toBe(200);
    expect(report.body).toEqual({ reportedAt: nowIso(clock) });
    expect(await listed()).toMatchObject({ reportedQueue: 7, reportedDeadLetters: 2, reportedAppVersion: '1.4.0', reportedAt: nowIso(clock), lastSeenAt: nowIso(clock) });

    // Only a device reports on itself; bad numbers are refused and change nothing.
    expect((await call(cloud, 'POST', '/v1/events/ev/report', { body: { queue: 1, deadLetters: 0 } })).status).toBe(403);
    expect((await call(cloud, 'POST', '/v1/events/ev/report', { token: device.token, body: { queue: -1, deadLetters: 0 } })).status).toBe(400);
    expect((await call(cloud, 'POST', '/v1/events/ev/report', { token: device.token, body: { queue: 1.5, deadLetters: 0 } })).status).toBe(400);
    expect(await listed()).toMatchObject({ reportedQueue: 7, reportedDeadLetters: 2 });
  });

  it('answers a revoked device 401 device_revoked, and an unknown token 401 unauthorized', async () => {
    const device = await enroll(cloud, 'ev', 'doomed');
    expect((await call(cloud, 'DELETE', `/v1/events/ev/devices/${device.deviceId}`)).status).toBe(204);
    for (const [method, url, body] of [
      ['GET', '/v1/events/ev/feed', undefined],
      ['POST', '/v1/events/ev/checkins', { checkins: [checkin(codes[0]!, 'doomed', at(0))] }],
      ['POST', '/v1/events/ev/report', { queue: 0, deadLetters: 0 }],
    ] as const) {
      const revoked = await call(cloud, method, url, { token: device.token, body });
      expect(revoked.status).toBe(401);
      expect(revoked.body.error.code).toBe('device_revoked');
    }
    const unknown = await call(cloud, 'GET', '/v1/events/ev/feed', { token: 'dev_not-a-token' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('unauthorized');
  });
});
