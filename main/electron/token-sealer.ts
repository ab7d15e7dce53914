/**
 * The sync token under Electron: sealed with `safeStorage` (the OS keychain / DPAPI / libsecret),
 * which exists only in the main process. The core, in its utility process, asks for each seal and
 * unseal ({seal} messages, main/core/worker/protocol.ts); only the sealed text touches the disk.
 */
import type { TokenSealer } from '../core/sync/token-store';

/** What this uses of Electron's safeStorage (a stand-in in tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(text: string): Buffer;
  decryptString(sealed: Buffer): string;
}

export function electronTokenSealer(safeStorage: SafeStorageLike): TokenSealer {
  const available = () => {
    if (!safeStorage.isEncryptionAvailable()) throw new Error("the OS's safe storage is not available; the sync token cannot be kept safely here");
  };
  return {
    async seal(token) {
      available();
      return safeStorage.encryptString(token).toString('base64');
    },
    async unseal(sealed) {
      available();
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    },
  };
}
