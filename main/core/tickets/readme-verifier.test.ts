// The README promises that an outsider can verify an AR2 code from it alone. This runs the
// verifier printed there, as it is printed, against codes the kiosk issues and `keys --json`.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { manualClock, nowIso, systemClock } from '../../../common/clock';
import { createDemo, demoEventId } from '../demo/demo';
import { tempReplica } from '../testing/replica-fixture';
import { createEventKey, eventKeys, eventSigner } from './keys';

const replica = tempReplica();
afterAll(() => replica.close());

function runReadmeVerifier(code: string, keysJson: unknown): { status: number; out: string } {
  const readme = readFileSync(join(import.meta.dirname, 'README.md'), 'utf8');
  const script = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!script) throw new Error('README.md has no js block');
  const file = join(replica.dir, 'verify.mjs');
  const keys = join(replica.dir, 'keys.json');
  writeFileSync(file, script);
  writeFileSync(keys, JSON.stringify(keysJson));
  try {
    return { status: 0, out: execFileSync(process.execPath, [file, code, keys], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim() };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { status: failed.status, out: `${failed.stdout}${failed.stderr}`.trim() };
  }
}

it("verifies the kiosk's codes with the README's own script, and refuses an altered one", () => {
  const clock = manualClock(systemClock.now());
  createDemo(replica.db, { attendees: 3, now: clock.now() });
  const at = nowIso(clock);
  createEventKey(replica.db, demoEventId, at);
  const code = eventSigner(replica.db, demoEventId, at)({ serial: 20_000, ticketType: 'VIP', validFrom: 1_800_000_000, validUntil: 1_900_000_000 });
  const keysJson = { eventId: demoEventId, keys: eventKeys(replica.db, demoEventId) };

  expect(runReadmeVerifier(` ${code.toLowerCase()}\n`, keysJson)).toEqual({
    status: 0,
    out: JSON.stringify({ eventId: demoEventId, ticketId: '20000', typeIndex: 1, validFrom: 1_800_000_000, validUntil: 1_900_000_000 }),
  });
  const i = code.length - 10;
  const altered = code.slice(0, i) + (code[i] === '0' ? '1' : '0') + code.slice(i + 1);
  expect(runReadmeVerifier(altered, keysJson)).toMatchObject({ status: 1, out: 'not signed by any of these keys' });
  expect(runReadmeVerifier(code, { eventId: demoEventId, keys: keysJson.keys.slice(0, 1) })).toMatchObject({ status: 1 });
});
