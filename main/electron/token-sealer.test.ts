import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { fileTokenStore, tokenFileName } from '../core/sync/token-store';
import { electronTokenSealer, type SafeStorageLike } from './token-sealer';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function stand_in(available: boolean): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text) => Buffer.from([...Buffer.from(text)].map((b) => b ^ 0x5a)),
    decryptString: (sealed) => Buffer.from([...sealed].map((b) => b ^ 0x5a)).toString(),
  };
}

it('keeps only the sealed token on disk and reads it back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'arrivals-sealer-'));
  dirs.push(dir);
  const store = fileTokenStore(dir, electronTokenSealer(stand_in(true)));
  await store.save('dev_secret-token');
  const text = readFileSync(join(dir, tokenFileName), 'utf8');
  expect(text.startsWith('sealed:')).toBe(true);
  expect(text).not.toContain('dev_secret-token');
  expect(await store.load()).toBe('dev_secret-token');
  // Without the sealer (another face on this data directory) the sealed token is refused clearly.
  await expect(fileTokenStore(dir).load()).rejects.toThrow(/sealed by the desktop app/);
});

it('refuses to keep a token when the OS safe storage is not available', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'arrivals-sealer-'));
  dirs.push(dir);
  await expect(fileTokenStore(dir, electronTokenSealer(stand_in(false))).save('dev_x')).rejects.toThrow(/safe storage is not available/);
});
