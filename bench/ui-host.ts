/** What the UI benches share: the built `arrivals` CLI on a data directory, and a browser host on port 0. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const root = resolve(import.meta.dirname, '..');
export const cli = join(root, 'bin', 'arrivals.js');
// Debian's chromium with the flags every e2e run uses (one list, in the Playwright config).
export { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';

/** Runs `arrivals ARGS --data DIR` and returns its stdout (exit 3, "refused", counts as an answer). */
export function arrivals(dataDir: string, ...args: string[]): string {
  const run = spawnSync(process.execPath, [cli, ...args, '--data', dataDir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0 && run.status !== 3) throw new Error(`arrivals ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

/** `arrivals host --json` on port 0; resolves with its URL once printed. */
export async function startHost(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [cli, 'host', '--data', dataDir, '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let json = '';
  for await (const line of createInterface({ input: child.stdout! })) {
    json += line;
    try {
      return { url: (JSON.parse(json) as { url: string }).url, child };
    } catch {
      // indented JSON: keep reading
    }
  }
  throw new Error('arrivals host exited before printing its URL');
}
