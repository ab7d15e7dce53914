// The `arrivals` process itself (main.ts), as a shell pipeline sees it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cli } from './testing/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'arrivals-cli-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('ends quietly with its own exit status when the reader of its output is gone (`| head -1`)', async () => {
  expect((await cli('demo', '--data', dir, '--attendees', '50')).code).toBe(0);
  // The read end is closed before the command writes a line, so every write meets EPIPE.
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/main.ts', 'search', 'ar', '--data', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  expect(stderr).toBe('');
  expect(status).toBe(0);
}, 90_000);
