import { mkdtempSync, rmSync } from 'node:fs';
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

  it('fails an unknown option before touching the data directory', async () => {
    const fresh = join(dir, 'never-created');
    const { code, stderr } = await cli('info', '--data', fresh, '--jsn');
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown option --jsn/);
    const { existsSync } = await import('node:fs');
    expect(existsSync(fresh)).toBe(false);
  });
});
