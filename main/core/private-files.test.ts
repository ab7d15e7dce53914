// The kiosk's data directory and its files are the kiosk user's alone: directories 0700, the
// replica (with its -wal and -shm) and kiosk.json 0600, whatever the umask lets through by default.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKiosk } from './kiosk';

const root = mkdtempSync(join(tmpdir(), 'arrivals-modes-'));
let umask: number;
// The common default; under it, files used to come out 0644 and directories 0755.
beforeAll(() => {
  umask = process.umask(0o022);
});
afterAll(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});
const mode = (path: string) => statSync(path).mode & 0o777;

describe('kiosk file permissions', () => {
  it('creates the data directory (and missing parents) 0700, and kiosk.json and the replica files 0600', async () => {
    const dataDir = join(root, 'fresh', 'nested', 'data');
    const kiosk = openKiosk({ dataDir, face: 'cli' });
    try {
      await kiosk.router.invoke('attendees.import', { contentBase64: Buffer.from('name,code\nAda Lovelace,M-1\n').toString('base64') });
      expect(mode(join(root, 'fresh'))).toBe(0o700);
      expect(mode(join(root, 'fresh', 'nested'))).toBe(0o700);
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(join(dataDir, 'kiosk.json'))).toBe(0o600);
      for (const file of ['replica.sqlite', 'replica.sqlite-wal', 'replica.sqlite-shm']) expect([file, mode(join(dataDir, file))]).toEqual([file, 0o600]);
    } finally {
      kiosk.close();
    }
  });

  it('tightens kiosk.json and replica files that an older version left readable', async () => {
    const dataDir = join(root, 'old');
    const first = openKiosk({ dataDir, face: 'cli' });
    await first.router.invoke('attendees.import', { contentBase64: Buffer.from('name,code\nAda Lovelace,M-1\n').toString('base64') });
    first.close();
    for (const file of ['kiosk.json', 'replica.sqlite']) chmodSync(join(dataDir, file), 0o644);
    writeFileSync(join(dataDir, 'replica.sqlite-wal'), '', { mode: 0o644 });
    const again = openKiosk({ dataDir, face: 'cli' });
    try {
      await again.router.invoke('attendees.search', { text: 'ada' });
      for (const file of ['kiosk.json', 'replica.sqlite', 'replica.sqlite-wal']) expect([file, mode(join(dataDir, file))]).toEqual([file, 0o600]);
    } finally {
      again.close();
    }
  });

  it('leaves an existing data directory that the user chose as it is', () => {
    const dataDir = join(root, 'chosen');
    mkdirSync(dataDir, { mode: 0o755 });
    openKiosk({ dataDir, face: 'cli' }).close();
    expect(mode(dataDir)).toBe(0o755);
    expect(mode(join(dataDir, 'kiosk.json'))).toBe(0o600);
  });
});
