// `npm run demo:venue` as a newcomer runs it: the script in its own process group (a temporary
// venue folder, every server on port 0), its JSON line read, one printed code checked in through
// door 1's host API, and door 2 then answers "already in" for it and the cloud's stats count it.
// Ctrl+C (SIGINT to the group) stops the cloud and both hosts, and leaves no process behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'arrivals-demo-venue-'));

interface Venue {
  cloud: string;
  adminToken: string;
  eventId: string;
  kiosks: { door: number; url: string; dataDir: string }[];
  codes: string[];
}

let child: ChildProcess;
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
let stderr = '';
let venue: Venue;

/** Whether any process of the script's group (the script, the cloud, the hosts) is still there. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, tries = 300, everyMs = 100): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  child = spawn(process.execPath, [join(root, 'scripts', 'demo-venue.mjs')], {
    cwd: root,
    // Its own process group, so that Ctrl+C can be sent to all of it and afterAll can clean up all of it.
    detached: true,
    env: { ...process.env, DEMO_VENUE_JSON: '1', ARRIVALS_VENUE: join(dir, 'venue') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  // A build, if dist/ is missing, may print before the JSON line: take the first line that is the venue.
  const found = await Promise.race([
    (async () => {
      for await (const line of createInterface({ input: child.stdout! })) {
        try {
          const parsed = JSON.parse(line) as Venue;
          if (parsed && typeof parsed.cloud === 'string') return parsed;
        } catch {
          // not the venue line
        }
      }
      return undefined;
    })(),
    exited.then(() => undefined),
  ]);
  if (!found) throw new Error(`demo:venue did not start: ${stderr}`);
  venue = found;
}, 180_000);

afterAll(async () => {
  if (child?.pid !== undefined && groupAlive(child.pid)) {
    process.kill(-child.pid, 'SIGKILL');
    await until('the demo venue to be killed', async () => (groupAlive(child.pid!) ? undefined : true), 100);
  }
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

async function hostCall(kiosk: Venue['kiosks'][number], method: string, input: unknown = {}) {
  const url = new URL(kiosk.url);
  const response = await fetch(`${url.origin}/api/call/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${url.searchParams.get('key')}` },
    body: JSON.stringify(input),
  });
  expect(response.status, `${method} on door ${kiosk.door}`).toBe(200);
  return ((await response.json()) as { result: any }).result; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function stats() {
  const response = await fetch(`${venue.cloud}/v1/events/${venue.eventId}/stats`, { headers: { authorization: `Bearer ${venue.adminToken}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { admitted: number; insideNow: number; kiosks: { kioskId: string; checkins: number }[] };
}

describe('npm run demo:venue', () => {
  it('prints a cloud, two kiosk hosts with their keys, and codes', () => {
    expect(venue.cloud).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(venue.eventId).toBe('demo');
    expect(venue.kiosks.map((k) => k.door)).toEqual([1, 2]);
    for (const kiosk of venue.kiosks) {
      expect(kiosk.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?key=\S+$/);
      expect(kiosk.dataDir.startsWith(join(dir, 'venue'))).toBe(true);
    }
    expect(venue.codes.length).toBeGreaterThanOrEqual(3);
  });

  it('a code checked in at door 1 is "already in" at door 2 and counted by the cloud', async () => {
    const [door1, door2] = venue.kiosks as [Venue['kiosks'][number], Venue['kiosks'][number]];
    const code = venue.codes[0]!;
    // Both doors are enrolled and pulled the demo event; nobody is inside yet.
    for (const kiosk of venue.kiosks) expect(await hostCall(kiosk, 'sync.status')).toMatchObject({ enrolled: true, eventId: venue.eventId });
    expect((await stats()).admitted).toBe(0);

    const first = await hostCall(door1, 'checkins.checkIn', { code });
    expect(first).toMatchObject({ verdict: 'admitted', pass: true });

    // Door 2 learns of it through the cloud. Wait on a read (inside now), not on scans: a scan
    // before the check-in arrived would admit the guest a second time.
    await until('door 2 to see the guest inside', async () => ((await hostCall(door2, 'checkins.insideNow')).insideNow === 1 ? true : undefined));
    const second = await hostCall(door2, 'checkins.checkIn', { code });
    expect(second).toMatchObject({ verdict: 'already_in', pass: false, checkinId: null, previous: { checkinId: first.checkinId, kioskId: first.kioskId } });

    const counted = await until('the cloud to count the arrival', async () => {
      const s = await stats();
      return s.admitted === 1 ? s : undefined;
    });
    expect(counted.insideNow).toBe(1);
    expect(counted.kiosks).toEqual([expect.objectContaining({ kioskId: first.kioskId, checkins: 1 })]);
    // Door 2's refusal wrote nothing: door 1 has nothing from it either.
    expect((await hostCall(door1, 'checkins.insideNow')).insideNow).toBe(1);
  }, 60_000);

  it('stops the cloud and both hosts on Ctrl+C, leaving no process behind', async () => {
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited, stderr).toEqual({ code: 0, signal: null });
    await until('every process of the venue to end', async () => (groupAlive(child.pid!) ? undefined : true), 150);
  }, 30_000);
});
