// How sendCups reads lpstat while it waits for a job, with lp and lpstat stand-ins on PATH (the
// real CUPS round trip is in ../cups.test.ts). An lpstat that fails once must not be taken for a
// dropped job: that would retry and print the badge twice.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { sendCups } from './cups';

let bin: string;
const path = process.env.PATH;

function tool(name: string, script: string) {
  writeFileSync(join(bin, name), `#!/bin/sh\n${script}\n`);
  chmodSync(join(bin, name), 0o755);
}

beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), 'arrivals-cups-shim-'));
  process.env.PATH = `${bin}:${path}`;
  tool('lp', 'cat >/dev/null; echo "request id is badges-7 (1 file(s))"');
});
afterEach(() => {
  process.env.PATH = path;
  rmSync(bin, { recursive: true, force: true });
});

it('a failing lpstat while waiting is asked again, not taken for a dropped job', async () => {
  // `lpstat -l -p` (queue check) answers; the first job listings fail (cupsd restarting), then the
  // job is listed as completed.
  tool(
    'lpstat',
    `case "$*" in
  "-l -p badges") echo "printer badges is idle.  enabled since now"; echo "	Alerts: none" ;;
  "-W not-completed -o badges") [ -f "${bin}/nc" ] || { touch "${bin}/nc"; echo "lpstat: Bad file descriptor" >&2; exit 1; } ;;
  "-W completed -o badges") [ -f "${bin}/c" ] || { touch "${bin}/c"; echo "lpstat: Bad file descriptor" >&2; exit 1; }
    echo "badges-7               root              1024   now" ;;
esac`,
  );
  await expect(sendCups('badges', 'badge-x', Buffer.from('%PDF'), { timeoutMs: 5000 })).resolves.toBeUndefined();
});

it('a job CUPS no longer lists, pending or completed, is reported as dropped', async () => {
  tool('lpstat', `case "$*" in "-l -p badges") echo "printer badges is idle.  enabled since now" ;; esac; exit 0`);
  await expect(sendCups('badges', 'badge-x', Buffer.from('%PDF'), { timeoutMs: 5000 })).rejects.toThrow(/dropped job badges-7/);
});
