/**
 * Who is at the desk: a steward (scan and see verdicts) or, after the supervisor PIN, a supervisor
 * (search, undo, walk-in, reprint, settings). The PIN is checked by the kiosk core, which keeps
 * only its scrypt hash; the page never stores it. The supervisor is locked again after the kiosk's
 * idle time without a touch or a key. Reused by the self-service screens (leaving them needs the PIN).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ArrivalsApi } from '../../../common/api-client';

export type Role = 'steward' | 'supervisor';

export interface RoleState {
  role: Role;
  idleLockSeconds: number;
  error: string | null;
  unlock(pin: string): Promise<boolean>;
  lock(): void;
  /** A touch or key: restarts the idle timer while unlocked. */
  touch(): void;
}

export interface RoleDeps {
  api: Pick<ArrivalsApi, 'kiosk'>;
  setTimer?: (ms: number, fn: () => void) => () => void;
}

export type RoleStore = StoreApi<RoleState>;

export function createRoleStore({ api, setTimer = defaultTimer }: RoleDeps): RoleStore {
  let cancel: (() => void) | undefined;
  return createStore<RoleState>((set, get) => {
    const arm = () => {
      cancel?.();
      cancel = setTimer(get().idleLockSeconds * 1000, () => get().lock());
    };
    return {
      role: 'steward',
      idleLockSeconds: 180,
      error: null,
      async unlock(pin) {
        try {
          const { idleLockSeconds } = await api.kiosk.unlock({ pin });
          set({ role: 'supervisor', idleLockSeconds, error: null });
          arm();
          return true;
        } catch (error) {
          set({ role: 'steward', error: error instanceof Error ? error.message : String(error) });
          return false;
        }
      },
      lock() {
        cancel?.();
        cancel = undefined;
        set({ role: 'steward', error: null });
      },
      touch() {
        if (get().role === 'supervisor') arm();
      },
    };
  });
}

function defaultTimer(ms: number, fn: () => void): () => void {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
}
