/**
 * The desk's search (zustand, API injected): from 2 characters, newest answer wins (a slower answer
 * to an older text never replaces a newer one), arrow keys move the selection.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ArrivalsApi } from '../../../../common/api-client';
import { searchMinLength } from '../../../../common/contract/attendees';
import type { Attendee } from '../../../../common/domain/attendee';

export interface SearchState {
  text: string;
  /** The text the shown results answer (a list painted for an older text is never taken for a newer one). */
  resultsFor: string;
  results: Attendee[];
  /** The kiosk's last movement of shown attendees, by code (who is inside now, since when). */
  lastMovements: Record<string, { direction: 'entry' | 'exit'; at: string }>;
  total: number;
  capped: boolean;
  selected: number;
  error: string | null;
  setText(text: string): Promise<void>;
  move(delta: number): void;
  select(index: number): void;
  reset(): void;
}

export type SearchStore = StoreApi<SearchState>;

export function createSearchStore(api: Pick<ArrivalsApi, 'attendees'>, limit = 200): SearchStore {
  let asked = 0;
  return createStore<SearchState>((set, get) => ({
    text: '',
    resultsFor: '',
    results: [],
    lastMovements: {},
    total: 0,
    capped: false,
    selected: 0,
    error: null,
    async setText(text) {
      set({ text });
      const ticket = ++asked;
      if (text.trim().length < searchMinLength) {
        set({ results: [], lastMovements: {}, resultsFor: text, total: 0, capped: false, selected: 0, error: null });
        return;
      }
      try {
        const found = await api.attendees.search({ text, limit });
        if (ticket !== asked) return;
        set({ results: found.attendees, lastMovements: found.lastMovements ?? {}, resultsFor: text, total: found.total, capped: found.totalCapped, selected: 0, error: null });
      } catch (error) {
        if (ticket === asked) set({ error: error instanceof Error ? error.message : String(error) });
      }
    },
    move(delta) {
      const { results, selected } = get();
      if (results.length === 0) return;
      set({ selected: Math.max(0, Math.min(results.length - 1, selected + delta)) });
    },
    select(index) {
      set({ selected: index });
    },
    reset() {
      asked++;
      set({ text: '', resultsFor: '', results: [], lastMovements: {}, total: 0, capped: false, selected: 0, error: null });
    },
  }));
}
