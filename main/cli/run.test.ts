import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './testing/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'arrivals-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


describe('arrivals CLI', () => {
  it('prints app info as JSON with --json', async () => {
    const { code, stdout, stderr } = await cli('info', '--json', '--data', dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const info = JSON.parse(stdout);
    expect(info.dataDir).toBe(dir);
    expect(info.face).toBe('cli');
    expect(info.replica).toHaveProperty('attendees');
  });

  it('fails an unknown command with one clear line and no stack trace', async () => {
    const { code, stdout, stderr } = await cli('frobnicate', '--data', dir);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/unknown command "frobnicate"/);
    expect(stderr).not.toMatch(/\s+at /);
  });

  // Node's recursive mkdir spins for ever under procfs, so this runs in a child that can be stopped:
  // on the old code the child is killed and the status is null, not 1.
  it.skipIf(!existsSync('/proc/self'))('refuses a data directory under /proc in one line instead of hanging', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/main.ts', 'info', '--data', '/proc/arrivals-x/y'], { encoding: 'utf8', timeout: 60_000 });
    expect(child.status).toBe(1);
    expect(child.stdout).toBe('');
    expect(child.stderr).toBe('arrivals: cannot create data directory /proc/arrivals-x/y: /proc: it does not accept new folders (ENOENT)\n');
  }, 90_000);

  it('says so when a file stands where a folder of the data directory should be', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const { code, stderr } = await cli('info', '--data', join(file, 'data'));
    expect(code).toBe(1);
    expect(stderr).toBe(`arrivals: cannot use data directory ${join(file, 'data')}: ${file} is a file, not a folder\n`);
  });

  it('fails an unknown option before touching the data directory', async () => {
    const fresh = join(dir, 'never-created');
    const { code, stderr } = await cli('info', '--data', fresh, '--jsn');
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown option --jsn/);
    const { existsSync } = await import('node:fs');
    expect(existsSync(fresh)).toBe(false);
  });
});
