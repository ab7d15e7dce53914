/** App-wide state (zustand): what the kiosk is, whether it is online, and the last error. */
import { create } from 'zustand';
import type { AppInfo } from '../../common/contract/app';
import { arrivals } from './arrivals';

interface AppState {
  info: AppInfo | null;
  online: boolean;
  error: string | null;
  loadInfo(): Promise<void>;
  listen(): () => void;
}

export const useAppStore = create<AppState>((set) => ({
  info: null,
  online: false,
  error: null,
  async loadInfo() {
    try {
      const info = await arrivals().app.info();
      set({ info, online: info.online, error: null });
    } catch (error) {
      set({ error: error instanceof Error ? error.message : String(error) });
    }
  },
  listen() {
    return arrivals().on('app.online', (status) => set({ online: status.online }));
  },
}));
