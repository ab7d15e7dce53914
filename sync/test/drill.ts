/**
 * The sync drill: a real cloud, a fault-injecting proxy in front of it, and several kiosks whose
 * engines follow the cloud through the proxy while the test makes check-ins, undos, exits and
 * walk-ins on them under random faults and network partitions. Then the network heals and the drill
 * waits until everything has converged, and reports what it saw. Used at a small size by
 * sync/drill.test.ts (in `npm test`) and at full size by `npm run drill:sync`.
 *
 * The workload keeps the true order of events well defined without trusting any clock:
 * - shared codes (single-entry) are only ever entered, at any kiosk: two green entries of one code
 *   are a double admission, whichever came first;
 * - every other code (multi-entry, or single-entry with undos, or a walk-in) belongs to one kiosk,
 *   so its movements reach the cloud in that kiosk's outbox order.
 * Ground truth is the test's own log of what each kiosk recorded.
 */
import { sql } from 'kysely';
import { systemClock, type Clock } from '../../common/clock';
import type { RunningCloud } from '../../cloud/start';
import { call } from '../../cloud/test/helpers';
import { faults, seededRandom, startFaultProxy, type FaultProxy, type FaultRates } from './fault-proxy';
import { SyncWorld, type TestKiosk } from './harness';

export interface DrillOptions {
  kiosks: number;
  /** Check-ins made in all (entries and exits, walk-ins' check-ins included). */
  checkins: number;
  seed: number;
  faults: FaultRates;
  /** Each kiosk's clock offset from real time (ms); missing = 0. */
  clockOffsetsMs?: number[];
  /** Network partitions during the run (the whole network cut for a moment). */
  partitions?: number;
  /** Revoke this kiosk (its index) halfway through. */
  revokeKiosk?: number;
  /** How long to wait for convergence after healing. */
  convergeTimeoutMs?: number;
  /** Where to write which guests the kiosks and the cloud disagree on, when they do (default: log). */
  explain?: (text: string) => void;
  /** Progress lines (the full-size drill prints them). */
  log?: (line: string) => void;
}

export interface DrillReport {
  checkinsMade: number;
  undosMade: number;
  walkInsMade: number;
  /** Made by the kiosks that were never revoked (a revoked kiosk's unsent work is gone with it). */
  walkInsLive: number;
  expectedDuplicates: number;
  expectedDuplicatesLive: number;
  expectedInside: number;
  cloud: { checkins: number; distinctCheckins: number; undos: number; walkIns: number; insideNow: number; duplicatesFlagged: number };
  /** Ids made by each kiosk that the cloud lacks, or holds but the kiosk never made. */
  missingInCloud: number;
  unknownInCloud: number;
  missingUndos: number;
  kiosks: Array<{ kioskId: string; revoked: boolean; queue: number; deadLetters: number; insideNow: number; attendeesWithNames: number; state: string }>;
  faultCounts: Record<string, number>;
  convergedInMs: number;
  converged: boolean;
  /** A crew member who entered at kiosk 0 and left at kiosk 1 was recorded both times. */
  roamingOk: boolean;
  /** When they did not converge: on which guests the kiosks and the cloud disagree. */
  explanation: string;
}

const eventId = 'ev-drill';

/** Every fault, each on about 1 request in 20. */
export const drillFaults: FaultRates = { drop: 0.05, reset: 0.05, delay: 0.05, bad_gateway: 0.04, unavailable: 0.04, replay: 0.05, truncate: 0.04, drop_after_commit: 0.05 };

/** A clock `offsetMs` away from the system's, as a kiosk whose clock is set wrong. */
export function offsetClock(offsetMs: number): Clock {
  return { now: () => systemClock.now() + offsetMs, setTimer: (ms, fn, options) => systemClock.setTimer(ms, fn, options) };
}

const pause = (ms: number) => new Promise<void>((resolve) => systemClock.setTimer(ms, resolve));

async function createDrillEvent(cloud: RunningCloud, shared: number, owned: number): Promise<{ shared: string[]; owned: string[]; staff: string[]; roaming: string }> {
  const created = await call(cloud, 'POST', '/v1/events', {
    body: { id: eventId, name: 'Drill', ticketTypes: [{ name: 'General' }, { name: 'Staff', multiEntry: true }] },
  });
  if (created.status !== 201) throw new Error(`create event: ${created.status} ${created.text}`);
  const rows = [
    ...Array.from({ length: shared + owned }, (_, i) => ({ firstName: `Guest${i}`, lastName: `Drill${i}`, ticketType: 'General' })),
    ...Array.from({ length: owned }, (_, i) => ({ firstName: `Crew${i}`, lastName: `Drill${i}`, ticketType: 'Staff' })),
    { firstName: 'Roaming', lastName: 'Crew', ticketType: 'Staff' },
  ];
  const codes: string[] = [];
  for (let i = 0; i < rows.length; i += 10_000) {
    const reply = await call(cloud, 'POST', `/v1/events/${eventId}/attendees`, { body: { attendees: rows.slice(i, i + 10_000) } });
    if (reply.status !== 200) throw new Error(`attendees: ${reply.status} ${reply.text}`);
    codes.push(...(reply.body.codes as string[]));
  }
  return { shared: codes.slice(0, shared), owned: codes.slice(shared, shared + owned), staff: codes.slice(shared + owned, -1), roaming: codes.at(-1)! };
}

interface Movement {
  checkinId: string;
  code: string;
  direction: 'entry' | 'exit';
  undone: boolean;
}

export async function runDrill(options: DrillOptions): Promise<DrillReport> {
  const log = options.log ?? (() => undefined);
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const world = new SyncWorld();
  let proxy: FaultProxy | undefined;
  try {
    world.cloud = await (await import('../../cloud/test/helpers')).startTestCloud(`${world.tempDir('arrivals-drill-cloud-')}/cloud.db`, {
      perAddressPerMinute: 100_000_000,
      registrationsPerMinute: 100_000,
      enrollPerMinute: 100_000,
      qrPerMinute: 100_000,
    });
    const pools = await createDrillEvent(world.cloud, Math.ceil(options.checkins * 0.3), Math.ceil(options.checkins * 0.8));
    proxy = await startFaultProxy({ target: world.cloud.url, seed: options.seed, delayMs: 150 });

    const kiosks: TestKiosk[] = [];
    const deviceIds: string[] = [];
    for (let i = 0; i < options.kiosks; i++) {
      const clock = offsetClock(options.clockOffsetsMs?.[i] ?? 0);
      const k = world.kiosk({
        clock,
        manual: false,
        stream: true,
        random,
        batchSize: 200,
        timings: { backoffBaseMs: 50, backoffCapMs: 800, pollMs: 300, streamIdleMs: 10_000 },
      });
      const setup = await call(world.cloud, 'POST', `/v1/events/${eventId}/devices/setup-codes`, { body: {} });
      await k.kiosk.router.invoke('sync.enroll', { server: proxy.url, setupCode: setup.body.setupCode as string, name: `drill ${i}` });
      kiosks.push(k);
    }
    const devices = await call(world.cloud, 'GET', `/v1/events/${eventId}/devices`);
    for (const k of kiosks) deviceIds.push((devices.body.devices as Array<{ deviceId: string; kioskId: string }>).find((d) => d.kioskId === k.kiosk.context.identity.kioskId)!.deviceId);
    await Promise.all(kiosks.map((k) => k.engine.run()));
    log(`${options.kiosks} kiosks enrolled through the fault proxy`);

    // Each kiosk owns a slice of the owned codes and of the staff codes.
    const ownedBy = kiosks.map((_, i) => ({
      owned: pools.owned.filter((_, j) => j % options.kiosks === i),
      staff: pools.staff.filter((_, j) => j % options.kiosks === i),
      next: 0,
      inside: new Set<string>(),
    }));
    const movements = kiosks.map(() => [] as Movement[]);
    const greenShared = new Map<string, number>();
    const greenSharedLive = new Map<string, number>();
    let undosMade = 0;
    let walkInsMade = 0;
    let walkInsLive = 0;
    const walkInCodes: string[] = [];
    const revoked = new Set<number>();

    proxy.setRates(options.faults);
    // Every fault at least twice, whatever the dice say.
    proxy.inject([...faults, ...faults]);
    const partitionAt = new Set(Array.from({ length: options.partitions ?? 0 }, (_, p) => Math.floor(((p + 1) * options.checkins) / ((options.partitions ?? 0) + 1))));
    let made = 0;
    while (made < options.checkins) {
      if (partitionAt.has(made)) {
        proxy.partition(true);
        log(`partition at ${made}`);
      }
      if (made % 400 === 200) proxy.partition(false);
      if (options.revokeKiosk !== undefined && made === Math.floor(options.checkins / 2) && !revoked.has(options.revokeKiosk)) {
        const reply = await call(world.cloud, 'DELETE', `/v1/events/${eventId}/devices/${deviceIds[options.revokeKiosk]}`);
        if (reply.status !== 204) throw new Error(`revoke: ${reply.status} ${reply.text}`);
        revoked.add(options.revokeKiosk);
        log(`kiosk ${options.revokeKiosk} revoked at ${made}`);
      }
      const index = pick(kiosks.map((_, i) => i).filter((i) => !revoked.has(i)));
      const k = kiosks[index]!;
      const mine = ownedBy[index]!;
      const roll = random();
      if (roll < 0.3) {
        const code = pick(pools.shared);
        const result = await k.kiosk.router.invoke('checkins.checkIn', { code });
        if (result.checkinId) {
          movements[index]!.push({ checkinId: result.checkinId, code, direction: 'entry', undone: false });
          greenShared.set(code, (greenShared.get(code) ?? 0) + 1);
          if (index !== options.revokeKiosk) greenSharedLive.set(code, (greenSharedLive.get(code) ?? 0) + 1);
        }
      } else if (roll < 0.45 && mine.staff.length) {
        const code = pick(mine.staff);
        const direction = mine.inside.has(code) ? 'exit' : 'entry';
        const result = await k.kiosk.router.invoke('checkins.checkIn', { code, direction });
        if (!result.checkinId) throw new Error(`staff ${direction} refused: ${result.verdict} ${result.reason}`);
        movements[index]!.push({ checkinId: result.checkinId, code, direction, undone: false });
        if (direction === 'entry') mine.inside.add(code);
        else mine.inside.delete(code);
      } else if (roll < 0.47) {
        const result = await k.kiosk.router.invoke('attendees.registerWalkIn', { firstName: `Walk${walkInsMade}`, lastName: 'In', ticketType: 'General', checkIn: true });
        walkInsMade++;
        if (index !== options.revokeKiosk) walkInsLive++;
        walkInCodes.push(result.attendee.code);
        if (!result.checkinId) throw new Error('walk-in not checked in');
        movements[index]!.push({ checkinId: result.checkinId, code: result.attendee.code, direction: 'entry', undone: false });
      } else {
        const code = mine.owned[mine.next++ % mine.owned.length]!;
        if (mine.next > mine.owned.length) continue;
        const result = await k.kiosk.router.invoke('checkins.checkIn', { code });
        if (!result.checkinId) throw new Error(`owned entry refused: ${result.verdict} ${result.reason}`);
        const movement: Movement = { checkinId: result.checkinId, code, direction: 'entry', undone: false };
        movements[index]!.push(movement);
        if (random() < 0.08) {
          await k.kiosk.router.invoke('checkins.undo', { checkinId: result.checkinId, reason: 'drill' });
          movement.undone = true;
          undosMade++;
        }
      }
      made++;
      if (made % 25 === 0) await pause(1);
      if (made % 1000 === 0) log(`${made} check-ins made`);
    }

    // Heal and wait for convergence.
    proxy.heal();
    proxy.partition(false);
    const healedAt = systemClock.now();
    const expected = expectedState(movements, greenShared);
    const duplicatesLive = expectedState(movements, greenSharedLive).duplicates;
    const deadline = healedAt + (options.convergeTimeoutMs ?? 60_000);
    let converged = false;
    let snapshot = await observe(world.cloud, kiosks, revoked);
    while (systemClock.now() < deadline) {
      const live = kiosks.filter((_, i) => !revoked.has(i));
      await Promise.all(live.map((k) => k.engine.run()));
      snapshot = await observe(world.cloud, kiosks, revoked);
      const cloudInside = snapshot.cloud.insideNow;
      if (snapshot.kiosks.every((k) => k.revoked ? k.state === 'revoked' : k.queue === 0 && k.insideNow === cloudInside) && snapshot.cloud.distinctCheckins >= expected.liveCheckins(revoked)) {
        converged = true;
        break;
      }
      await pause(100);
    }
    const convergedInMs = systemClock.now() - healedAt;
    log(`converged=${converged} in ${convergedInMs} ms`);
    const explanation = converged ? '' : await explainInside(world.cloud, kiosks, revoked);
    if (explanation) (options.explain ?? log)(explanation);

    // One crew member enters at kiosk 0 and then leaves through kiosk 1, in that real order. With
    // skewed clocks the exit carries the earlier time; nobody may conclude they are still inside.
    let roamingOk = true;
    if (converged && kiosks.length >= 2 && !revoked.has(0) && !revoked.has(1)) {
      const [a, b] = [kiosks[0]!, kiosks[1]!];
      const entry = await a.kiosk.router.invoke('checkins.checkIn', { code: pools.roaming });
      await a.engine.run();
      await b.engine.run();
      const exit = await b.kiosk.router.invoke('checkins.checkIn', { code: pools.roaming, direction: 'exit' });
      roamingOk = entry.checkinId !== null && exit.checkinId !== null;
      // Entered and left again: in the log, so the cloud's copy is accounted for and nobody is added inside.
      if (entry.checkinId) movements[0]!.push({ checkinId: entry.checkinId, code: pools.roaming, direction: 'entry', undone: false });
      if (exit.checkinId) movements[1]!.push({ checkinId: exit.checkinId, code: pools.roaming, direction: 'exit', undone: false });
      if (!roamingOk) log(`roaming crew: entry ${entry.verdict}, exit ${exit.verdict} ${exit.reason ?? ''}`);
      await b.engine.run();
      for (let round = 0; round < 2; round++) await Promise.all(kiosks.filter((_, i) => !revoked.has(i)).map((k) => k.engine.run()));
      snapshot = await observe(world.cloud, kiosks, revoked);
    }

    // Compare the cloud's check-ins and undos with what the kiosks made.
    const cloudIds = new Set((await sql<{ id: string }>`SELECT id FROM checkins WHERE event_id = ${eventId}`.execute(world.cloud.cdb.db)).rows.map((r) => r.id));
    let missingInCloud = 0;
    let missingUndos = 0;
    const made_ = new Set<string>();
    movements.forEach((list, i) => {
      for (const m of list) {
        made_.add(m.checkinId);
        if (!revoked.has(i) && !cloudIds.has(m.checkinId)) missingInCloud++;
      }
    });
    const unknownInCloud = [...cloudIds].filter((id) => !made_.has(id)).length;
    const undoneInCloud = new Set((await sql<{ checkin_id: string }>`SELECT checkin_id FROM undos WHERE event_id = ${eventId}`.execute(world.cloud.cdb.db)).rows.map((r) => r.checkin_id));
    movements.forEach((list, i) => {
      if (revoked.has(i)) return;
      for (const m of list) if (m.undone && !undoneInCloud.has(m.checkinId)) missingUndos++;
    });

    return {
      checkinsMade: movements.reduce((n, list) => n + list.length, 0),
      undosMade,
      walkInsMade,
      walkInsLive,
      expectedDuplicates: expected.duplicates,
      expectedDuplicatesLive: duplicatesLive,
      expectedInside: expected.inside(revoked),
      cloud: snapshot.cloud,
      missingInCloud,
      unknownInCloud,
      missingUndos,
      kiosks: snapshot.kiosks,
      faultCounts: proxy.counts(),
      convergedInMs,
      converged,
      roamingOk,
      explanation,
    };

    function expectedState(all: Movement[][], green: Map<string, number>) {
      let duplicates = 0;
      for (const n of green.values()) duplicates += Math.max(0, n - 1);
      return {
        duplicates,
        liveCheckins: (gone: Set<number>) => all.reduce((n, list, i) => n + (gone.has(i) ? 0 : list.length), 0),
        inside(gone: Set<number>): number {
          const state = new Map<string, boolean>();
          all.forEach((list, i) => {
            if (gone.has(i)) return;
            for (const m of list) {
              if (m.undone) continue;
              if (m.direction === 'entry') state.set(m.code, true);
              else state.set(m.code, false);
            }
          });
          return [...state.values()].filter(Boolean).length;
        },
      };
    }
  } finally {
    await world.close();
    await proxy?.close();
  }
}

async function observe(cloud: RunningCloud, kiosks: TestKiosk[], revoked: Set<number>) {
  const stats = await call(cloud, 'GET', `/v1/events/${eventId}/stats`);
  const counts = (await sql<{ n: number; d: number }>`SELECT count(*) AS n, count(DISTINCT id) AS d FROM checkins WHERE event_id = ${eventId}`.execute(cloud.cdb.db)).rows[0]!;
  const undos = (await sql<{ n: number }>`SELECT count(*) AS n FROM undos WHERE event_id = ${eventId}`.execute(cloud.cdb.db)).rows[0]!;
  const walkIns = (await sql<{ n: number }>`SELECT count(*) AS n FROM attendees WHERE event_id = ${eventId} AND origin = 'walk_in'`.execute(cloud.cdb.db)).rows[0]!;
  const states = await Promise.all(
    kiosks.map(async (k, i) => {
      const status = await k.kiosk.router.invoke('sync.status', {});
      const inside = revoked.has(i) ? { insideNow: -1 } : await k.kiosk.router.invoke('checkins.insideNow', { eventId });
      const named = k.kiosk.context.replica().prepare("SELECT count(*) AS n FROM attendees WHERE first_name <> '' OR last_name <> '' OR email <> ''").get() as { n: number };
      return { kioskId: k.kiosk.context.identity.kioskId, revoked: revoked.has(i), queue: status.queue, deadLetters: status.deadLetters, insideNow: inside.insideNow, attendeesWithNames: named.n, state: status.state };
    }),
  );
  return {
    cloud: {
      checkins: Number(counts.n),
      distinctCheckins: Number(counts.d),
      undos: Number(undos.n),
      walkIns: Number(walkIns.n),
      insideNow: stats.body.insideNow as number,
      duplicatesFlagged: stats.body.duplicatesFlagged as number,
    },
    kiosks: states,
  };
}

/** What the drill promises, as readable failures (none when it held). */
export function drillFailures(report: DrillReport, options: { insideMatchesLog: boolean }): string[] {
  const failures: string[] = [];
  const check = (ok: boolean, message: string) => void (ok || failures.push(message));
  check(report.converged, `not converged ${report.convergedInMs} ms after healing${report.explanation ? `:\n${report.explanation}` : ''}`);
  check(report.roamingOk, 'a crew member entering at one kiosk and leaving at another was refused');
  for (const [fault, n] of Object.entries(report.faultCounts)) if (fault !== 'clean' && fault !== 'partitioned') check(n > 0, `the fault ${fault} never happened`);
  check(report.missingInCloud === 0, `${report.missingInCloud} check-ins never reached the cloud`);
  check(report.unknownInCloud === 0, `${report.unknownInCloud} check-ins in the cloud that no kiosk made`);
  check(report.missingUndos === 0, `${report.missingUndos} undos never reached the cloud`);
  check(report.cloud.checkins === report.cloud.distinctCheckins, 'a check-in is in the cloud twice');
  const revokedOne = report.kiosks.some((k) => k.revoked);
  if (revokedOne) check(report.cloud.walkIns >= report.walkInsLive && report.cloud.walkIns <= report.walkInsMade, `walk-ins: ${report.cloud.walkIns} in the cloud, ${report.walkInsLive}–${report.walkInsMade} expected`);
  else check(report.cloud.walkIns === report.walkInsMade, `walk-ins: ${report.cloud.walkIns} in the cloud, ${report.walkInsMade} made`);
  for (const k of report.kiosks) {
    if (k.revoked) continue;
    check(k.queue === 0, `kiosk ${k.kioskId}: ${k.queue} items still queued`);
    check(k.deadLetters === 0, `kiosk ${k.kioskId}: ${k.deadLetters} dead letters`);
    check(k.insideNow === report.cloud.insideNow, `kiosk ${k.kioskId}: ${k.insideNow} inside, the cloud says ${report.cloud.insideNow}`);
  }
  if (revokedOne) {
    check(
      report.cloud.duplicatesFlagged >= report.expectedDuplicatesLive && report.cloud.duplicatesFlagged <= report.expectedDuplicates,
      `${report.cloud.duplicatesFlagged} double admissions flagged, ${report.expectedDuplicatesLive}–${report.expectedDuplicates} expected`,
    );
  } else check(report.cloud.duplicatesFlagged === report.expectedDuplicates, `${report.cloud.duplicatesFlagged} double admissions flagged, ${report.expectedDuplicates} happened`);
  if (options.insideMatchesLog) check(report.cloud.insideNow === report.expectedInside, `the cloud says ${report.cloud.insideNow} inside, the kiosks recorded ${report.expectedInside}`);
  return failures;
}

/** Which codes the cloud counts inside and a kiosk does not, or the other way round. */
async function explainInside(cloud: RunningCloud, kiosks: TestKiosk[], revoked: Set<number>): Promise<string> {
  const cloudInside = new Set(
    (
      await sql<{ code: string }>`SELECT code FROM (
        SELECT code, direction, ROW_NUMBER() OVER (
          PARTITION BY COALESCE(attendee_id, code) ORDER BY received_at DESC, COALESCE(arrival, 0) DESC, id DESC) AS rn
        FROM checkins WHERE event_id = ${eventId} AND recorded = 1 AND undone = 0) AS last_moves
      WHERE rn = 1 AND direction = 'entry'`.execute(cloud.cdb.db)
    ).rows.map((r) => r.code),
  );
  const lines: string[] = [];
  kiosks.forEach((k, i) => {
    if (revoked.has(i)) return;
    const rows = k.kiosk.context
      .replica()
      .prepare(
        `SELECT a.code, c.direction, c.id, c.at, c.kiosk_id, c.origin, (SELECT count(*) FROM checkin_undos u WHERE u.checkin_id = c.id) AS undone
           FROM checkins c JOIN attendees a ON a.id = c.attendee_id WHERE c.event_id = ? ORDER BY a.code, c.rowid`,
      )
      .all(eventId) as Array<{ code: string; direction: string; id: string; at: string; kiosk_id: string; origin: string; undone: number }>;
    const byCode = new Map<string, typeof rows>();
    for (const row of rows) byCode.set(row.code, [...(byCode.get(row.code) ?? []), row]);
    const inside = new Set<string>();
    for (const [code, moves] of byCode) {
      const last = moves.filter((m) => !m.undone).sort((x, y) => (x.at < y.at ? -1 : 1)).at(-1);
      if (last?.direction === 'entry') inside.add(code);
    }
    const onlyCloud = [...cloudInside].filter((c) => !inside.has(c));
    const onlyKiosk = [...inside].filter((c) => !cloudInside.has(c));
    if (onlyCloud.length || onlyKiosk.length) {
      lines.push(`kiosk ${i}: inside only in the cloud: ${onlyCloud.slice(0, 5).join(', ')}; only at the kiosk: ${onlyKiosk.slice(0, 5).join(', ')}`);
      for (const code of [...onlyCloud, ...onlyKiosk].slice(0, 3)) lines.push(`  ${code}: kiosk has ${JSON.stringify(byCode.get(code) ?? [])}`);
    }
  });
  return lines.join('\n') || 'the cloud and the kiosks agree on who is inside';
}
