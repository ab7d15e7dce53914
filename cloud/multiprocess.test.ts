/**
 * Several server processes on one PostgreSQL, ingesting the same check-ins at the same time (every
 * batch sent to every process) while a kiosk pages the feed: nothing is applied twice, every
 * process answers the same for the same id, and the feed reader misses nothing.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestCheckin, IngestResult } from '../common/cloud-api';
import { systemClock } from '../common/clock';
import { cleanupTestEngines, freshPgDatabase, testClusterUrl } from './test/engines';
import { adminToken, doorTimes } from './test/helpers';
import { startServerProcess, type ServerProcess } from './test/processes';

const clusterUrl = testClusterUrl();
afterAll(() => cleanupTestEngines());

describe.skipIf(!clusterUrl)('several server processes on one PostgreSQL', () => {
  let db: string;
  let servers: ServerProcess[] = [];
  beforeAll(async () => {
    db = await freshPgDatabase(clusterUrl!);
    // Started together: they also race to migrate the empty database.
    servers = await Promise.all([0, 1, 2].map(() => startServerProcess(db, adminToken)));
  }, 90_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads arbitrary JSON
  const api = async (base: string, method: string, path: string, token: string, body?: unknown): Promise<any> => {
    const response = await fetch(base + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };

  it('applies each check-in once and gives every process the same answer', async () => {
    const [a, b, c] = servers.map((s) => s.url) as [string, string, string];
    await api(a, 'POST', '/v1/events', adminToken, { id: 'multi', name: 'Multi', ticketTypes: [{ name: 'General' }] });
    const tickets = 150;
    const { codes } = await api(b, 'POST', '/v1/events/multi/attendees', adminToken, {
      attendees: Array.from({ length: tickets }, (_, i) => ({ firstName: 'F', lastName: String(i), email: `m${i}@x.org`, ticketType: 'General' })),
    });
    const setup = await api(c, 'POST', '/v1/events/multi/devices/setup-codes', adminToken, {});
    const device = await (await fetch(`${a}/v1/devices/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ setupCode: setup.setupCode, name: 'door' }) })).json() as { token: string };

    // Every ticket admitted by two kiosks: one must be accepted, the other a duplicate.
    const at = doorTimes(systemClock);
    const items: IngestCheckin[] = (codes as string[]).flatMap((code, i) => [
      { id: randomUUID(), kioskId: 'kiosk-A', code, direction: 'entry' as const, at: at(i / 60), verdict: 'admitted' as const },
      { id: randomUUID(), kioskId: 'kiosk-B', code, direction: 'entry' as const, at: at(30 + i / 60), verdict: 'admitted' as const },
    ]);
    const shuffled = (seed: number) => [...items].sort((x, y) => ((x.id.charCodeAt(seed) ^ seed) - (y.id.charCodeAt(seed) ^ seed)) || (x.id < y.id ? -1 : 1));
    const batches = (list: IngestCheckin[]) => Array.from({ length: Math.ceil(list.length / 40) }, (_, i) => list.slice(i * 40, i * 40 + 40));

    // A kiosk paging the feed by cursor while the writers run.
    let writing = true;
    const seen: Array<{ seq: number; id: string }> = [];
    const seenAttendees = new Set<string>();
    const allSeqs: number[] = [];
    let cursor = '';
    const readPage = async () => {
      const page = await api(a, 'GET', `/v1/events/multi/feed?cursor=${cursor}&limit=100`, device.token);
      for (const change of page.changes) {
        allSeqs.push(change.seq);
        if (change.kind === 'checkin') seen.push({ seq: change.seq, id: change.checkin.id });
        if (change.kind === 'attendee') seenAttendees.add(change.attendee.code);
      }
      cursor = page.nextCursor;
      return page.hasMore as boolean;
    };
    const reader = (async () => {
      while (writing) await readPage();
    })();

    const answers = new Map<string, IngestResult[]>();
    // Managers import more attendees through another process meanwhile: numbered in their own
    // transaction, they must not be skipped by the reader either.
    const lateCodes: string[] = [];
    const imports = (async () => {
      for (let round = 0; round < 3; round++) {
        const { codes: more } = await api(servers[round]!.url, 'POST', '/v1/events/multi/attendees', adminToken, {
          attendees: Array.from({ length: 20 }, (_, i) => ({ firstName: 'Late', lastName: `${round}-${i}`, email: `late${round}-${i}@x.org`, ticketType: 'General' })),
        });
        lateCodes.push(...more);
      }
    })();
    await Promise.all(
      servers.map(async (server, n) => {
        for (const batch of batches(shuffled(n + 3))) {
          // Two kiosks' check-ins in each batch: filed by the manager (a device files only its own).
          const { results } = await api(server.url, 'POST', '/v1/events/multi/checkins', adminToken, { checkins: batch });
          for (const r of results as IngestResult[]) answers.set(r.id, [...(answers.get(r.id) ?? []), r]);
        }
      }),
    );
    await imports;
    writing = false;
    await reader;
    while (await readPage());

    for (const [id, list] of answers) {
      expect(list, id).toHaveLength(3);
      expect(new Set(list.map((r) => `${r.result}/${r.otherKioskId ?? ''}`)).size, id).toBe(1);
    }

    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      const rows = (await client.query<{ attendee_id: string; results: string; n: string }>(
        `SELECT attendee_id, string_agg(result, ',' ORDER BY result) AS results, COUNT(*) AS n FROM checkins WHERE event_id = 'multi' GROUP BY attendee_id`,
      )).rows;
      expect(rows).toHaveLength(tickets);
      for (const row of rows) expect(row.results).toBe('accepted,duplicate_entry');
      const total = await client.query<{ n: string; d: string }>(`SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS d FROM checkins`);
      expect(Number(total.rows[0]!.n)).toBe(items.length);
    } finally {
      await client.end();
    }

    // The reader saw every change in increasing order, every check-in exactly once, every attendee.
    expect(allSeqs).toEqual([...allSeqs].sort((x, y) => x - y));
    expect(new Set(allSeqs).size).toBe(allSeqs.length);
    for (const code of [...(codes as string[]), ...lateCodes]) expect(seenAttendees.has(code), code).toBe(true);
    expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length);
    expect(new Set(seen.map((s) => s.id))).toEqual(new Set(items.map((i) => i.id)));

    const stats = await api(c, 'GET', '/v1/events/multi/stats', device.token);
    expect(stats).toMatchObject({ admitted: tickets, expected: tickets + lateCodes.length, duplicatesFlagged: tickets, insideNow: tickets });
  });
});
