import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explainSqliteLoadError, useSqliteNativeBinding } from './native-binding';
import { openReplica } from './open';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'arrivals-binding-'));
});
afterEach(() => {
  useSqliteNativeBinding(undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('the better-sqlite3 addon the replica loads', () => {
  it('loads an explicitly chosen addon (the Electron shell points at its own build)', () => {
    const addon = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
    useSqliteNativeBinding(addon);
    const db = openReplica(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('fails with a clear, one-line error when the chosen addon is missing', () => {
    useSqliteNativeBinding(join(dir, 'missing', 'better_sqlite3.node'));
    expect(() => openReplica(dir)).toThrow(/cannot open .*replica\.sqlite/);
    useSqliteNativeBinding(undefined);
    expect(() => openReplica(dir).close()).not.toThrow(); // the same directory opens with the default addon
  });

  it('explains an ABI mismatch instead of passing NODE_MODULE_VERSION through', () => {
    const message = explainSqliteLoadError('The module was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version requires 133.');
    expect(message).toMatch(/npm run electron:fetch/);
    expect(explainSqliteLoadError('disk I/O error')).toBe('disk I/O error');
  });
});
