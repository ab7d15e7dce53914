// The cloud's SQLite database holds guests' names and emails and the events' private signing keys:
// its folder is created 0700 and its files 0600, and a file readable by others is narrowed.
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCloudDb } from './connect';

const root = mkdtempSync(join(tmpdir(), 'arrivals-cloud-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mode = (path: string) => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')("the cloud's SQLite files", () => {
  it('are created private: folders 0700, the database and its WAL 0600', async () => {
    const file = join(root, 'new', 'cloud', 'cloud.db');
    const cdb = await openCloudDb(file);
    try {
      expect(mode(join(root, 'new'))).toBe(0o700);
      expect(mode(join(root, 'new', 'cloud'))).toBe(0o700);
      expect(mode(file)).toBe(0o600);
      expect(existsSync(`${file}-wal`)).toBe(true);
      expect(mode(`${file}-wal`)).toBe(0o600);
    } finally {
      await cdb.close();
    }
  });

  it('narrows a database file, and the WAL beside it, that others could read', async () => {
    const file = join(root, 'old.db');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    writeFileSync(`${file}-wal`, '');
    chmodSync(`${file}-wal`, 0o644);
    const cdb = await openCloudDb(file);
    try {
      expect(mode(file)).toBe(0o600);
      expect(mode(`${file}-wal`)).toBe(0o600);
    } finally {
      await cdb.close();
    }
  });
});
