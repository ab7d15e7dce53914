/**
 * `npm run bench:cli`: how fast the `arrivals` command starts, as the people at the door run it.
 *   cli_checkin_ms  median of 10 cold starts of `node bin/arrivals.js checkin CODE --data D --json`
 *                   on a demo replica, each a different unscanned code (an admitted entry, with its
 *                   durable commit), from spawn to exit
 *   node_bare_ms    median of 10 `node -e 0` in the same run, interleaved with the check-ins: the
 *                   floor, since absolute times on a shared machine swing by 1.5–3× between runs
 *   cli_checkin_x_bare  their ratio
 * Target: cli_checkin_ms ≤ 3 × node_bare_ms.
 * The CLI is bundled first (scripts/build.mjs, the CLI part only, into dist/cli), so the figures are
 * for the sources as they are, with the code splitting the real build uses.
 */
import BetterSqlite3 from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
// @ts-expect-error: a plain .mjs build script without type declarations
import { cliBuildOptions } from '../scripts/build.mjs';
import { metric } from './metrics';

const runs = 10;

// Over the old bundle, not after deleting it: a kiosk started from dist/ keeps finding its chunks.
await build(cliBuildOptions('dist/cli'));

function run(args: string[]): { ms: number; stdout: string; status: number | null; stderr: string } {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return { ms: performance.now() - start, stdout: result.stdout, status: result.status, stderr: result.stderr };
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const dir = mkdtempSync(join(tmpdir(), 'arrivals-bench-cli-'));
try {
  const demo = run(['bin/arrivals.js', 'demo', '--data', dir, '--attendees', '200', '--json']);
  if (demo.status !== 0) throw new Error(`arrivals demo failed: ${demo.stderr}`);
  const db = new BetterSqlite3(join(dir, 'replica.sqlite'), { readonly: true });
  const codes = db.prepare<[number], string>("SELECT code FROM attendees WHERE status = 'valid' ORDER BY id LIMIT ?").pluck().all(runs + 1);
  db.close();
  if (codes.length < runs + 1) throw new Error(`the demo replica has ${codes.length} valid attendees, not ${runs + 1}`);

  const checkin = (code: string) => {
    const result = run(['bin/arrivals.js', 'checkin', code, '--data', dir, '--json']);
    const verdict = result.status === 0 ? (JSON.parse(result.stdout) as { verdict: string }).verdict : null;
    if (verdict !== 'admitted' && verdict !== 'needs_attention') throw new Error(`bench check-in of ${code} failed (exit ${result.status}): ${result.stderr || result.stdout}`);
    return result.ms;
  };
  // One untimed round first, so both read their files from the page cache, not the disk.
  run(['-e', '0']);
  checkin(codes[runs]!);

  const bare: number[] = [];
  const cli: number[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(run(['-e', '0']).ms);
    cli.push(checkin(codes[i]!));
  }
  metric('cli_checkin_ms', median(cli), 'ms');
  metric('node_bare_ms', median(bare), 'ms');
  metric('cli_checkin_x_bare', median(cli) / median(bare), 'x');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
