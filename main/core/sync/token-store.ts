/**
 * Where the device token is kept. Outside Electron: DATA/sync-token, a 0600 file
 * (common/node/private-files.ts). Under Electron the core runs in a utility process and the token
 * is sealed with `safeStorage`, which lives in the main process: that face hands in a store whose
 * seal/unseal are requests to main (main/electron/), and only the sealed bytes touch the disk.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { privateFileMode, tightenFile } from '../../../common/node/private-files';

export interface TokenStore {
  load(): Promise<string | null>;
  save(token: string): Promise<void>;
  clear(): Promise<void>;
}

/** Turns the token into bytes that only this user on this machine can read back (Electron safeStorage). */
export interface TokenSealer {
  seal(token: string): Promise<string>;
  unseal(sealed: string): Promise<string>;
}

export const tokenFileName = 'sync-token';

/** The token in DATA/sync-token (0600), sealed first when a sealer is given (the file then holds `sealed:<base64>`). */
export function fileTokenStore(dataDir: string, sealer?: TokenSealer): TokenStore {
  const file = join(dataDir, tokenFileName);
  return {
    async load() {
      let text: string;
      try {
        tightenFile(file);
        text = readFileSync(file, 'utf8').trim();
      } catch {
        return null;
      }
      if (text === '') return null;
      if (text.startsWith('sealed:')) {
        if (!sealer) throw new Error(`${file} is sealed by the desktop app's safe storage; enroll again here`);
        return sealer.unseal(text.slice('sealed:'.length));
      }
      return text;
    },
    async save(token) {
      const text = sealer ? `sealed:${await sealer.seal(token)}` : token;
      const temporary = `${file}.tmp`;
      writeFileSync(temporary, `${text}\n`, { mode: privateFileMode });
      tightenFile(temporary);
      renameSync(temporary, file);
    },
    async clear() {
      rmSync(file, { force: true });
    },
  };
}
