/**
 * Durability drill: a child process checks guests in and reports each committed check-in; we kill
 * it with SIGKILL at random moments, many times. After every kill the replica must hold every
 * reported check-in, pass integrity_check, and have exactly one outbox row per check-in.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openReplica } from '../db/open';
import { systemClock } from '../../../common/clock';
import { doorFixture } from './door-fixture';

const rounds = 20;
// The child checks in at the real time of its own process, so the doors are open around the real now.
const door = doorFixture({ clock: systemClock });
door.db.transaction(() => {
  for (let i = 0; i < 5000; i++) door.addAttendee(`DRILL-${i}`);
})();
door.db.close();
afterAll(() => door.close());

function runAndKill(round: number): Promise<{ reported: string[]; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'drill-child.ts'), door.dataDir, String(round)], {
      cwd: join(import.meta.dirname, '..', '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const reported: string[] = [];
    let buffer = '';
    let stderr = '';
    let killAfter = -1;
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line === 'ready') {
          // Somewhere in the first few dozen check-ins, plus a random sub-millisecond-to-ms delay.
          killAfter = Math.floor(Math.random() * 40);
          continue;
        }
        reported.push(line);
      }
      if (killAfter >= 0 && reported.length >= killAfter && !child.killed) {
        setTimeout(() => child.kill('SIGKILL'), Math.random() * 3);
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`drill child ended without being killed: ${stderr}`));
      // Only whole lines count: a line cut by the kill was never fully reported.
      else resolve({ reported, signal });
    });
  });
}

it(`keeps every reported check-in across ${rounds} SIGKILLs`, { timeout: 90_000 }, async () => {
  let total = 0;
  for (let round = 0; round < rounds; round++) {
    const { reported } = await runAndKill(round);
    total += reported.length;
    const db = openReplica(door.dataDir);
    try {
      expect(db.pragma('integrity_check', { simple: true }), `round ${round}`).toBe('ok');
      const present = db.prepare('SELECT count(*) AS n FROM json_each(?) j JOIN checkins c ON c.id = j.value').get(JSON.stringify(reported)) as { n: number };
      expect(present.n, `round ${round}: reported check-ins missing`).toBe(reported.length);
      const unpaired = db
        .prepare(`SELECT count(*) AS n FROM checkins c WHERE (SELECT count(*) FROM outbox o WHERE o.kind = 'checkin' AND o.ref_id = c.id) != 1`)
        .get() as { n: number };
      expect(unpaired.n, `round ${round}: check-ins without exactly one outbox row`).toBe(0);
      const orphans = db.prepare(`SELECT count(*) AS n FROM outbox o WHERE o.kind = 'checkin' AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.id = o.ref_id)`).get() as { n: number };
      expect(orphans.n).toBe(0);
      // A signed ticket joins the replica only together with its check-in.
      const lonely = db.prepare(`SELECT count(*) AS n FROM attendees a WHERE a.origin = 'signed_code' AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.attendee_id = a.id)`).get() as { n: number };
      expect(lonely.n).toBe(0);
    } finally {
      db.close();
    }
  }
  expect(total).toBeGreaterThan(rounds);
});
