/**
 * What the always-visible status bar shows (zustand, API injected): the sync with the cloud
 * (`sync.status`: "not enrolled" until the kiosk is enrolled; online, last sync, queue, flagged
 * duplicates), and the printer with its last job's state and reason (`printer.status`). Reused by
 * the self-service and setup screens.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ArrivalsApi } from '../../../common/api-client';
import type { EventPayload } from '../../../common/contract/index';
import type { SyncStatus } from '../../../common/contract/sync';

export type PrinterInfo = Awaited<ReturnType<ArrivalsApi['print']['printers']>>['printers'][number];
export type PrinterEvent = EventPayload<'printer.status'>;

export interface StatusState {
  sync: SyncStatus | null;
  printers: PrinterInfo[];
  /** The default printer (print.json's, else the PDF folder). */
  printer: PrinterInfo | null;
  lastJob: PrinterEvent | null;
  load(): Promise<void>;
  /** Reads `sync.status` again (the queue grows with every check-in). */
  refreshSync(): Promise<void>;
  /** Subscribes to the push events; returns the unsubscribe. */
  listen(): () => void;
}

export type StatusStore = StoreApi<StatusState>;

export function createStatusStore(api: ArrivalsApi): StatusStore {
  return createStore<StatusState>((set) => ({
    sync: null,
    printers: [],
    printer: null,
    lastJob: null,
    async load() {
      const [sync, printers] = await Promise.allSettled([api.sync.status(), api.print.printers()]);
      if (sync.status === 'fulfilled') set({ sync: sync.value });
      if (printers.status === 'fulfilled') {
        const list = printers.value.printers;
        set({ printers: list, printer: list.find((p) => p.isDefault) ?? list[0] ?? null });
      }
    },
    async refreshSync() {
      try {
        set({ sync: await api.sync.status() });
      } catch {
        // the last status stays shown
      }
    },
    listen() {
      const stops = [
        api.on('sync.status', (sync) => set({ sync })),
        api.on('app.online', (online) => set((state) => (state.sync ? { sync: { ...state.sync, online: online.online } } : {}))),
        api.on('printer.status', (job) => set({ lastJob: job })),
      ];
      return () => stops.forEach((stop) => stop());
    },
  }));
}
