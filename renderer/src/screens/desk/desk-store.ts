/**
 * The desk's state (zustand), with the API injected rather than read from `window`, so the store
 * runs in a test with a stand-in kiosk. A scan goes straight to `checkins.checkIn` on the local
 * replica and its verdict is shown as soon as that answers: door numbers are refreshed afterwards,
 * and nothing here waits for the network or a printer.
 */
import i18next from 'i18next';
import { ArrivalsError } from '../../../../common/contract/errors';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ArrivalsApi } from '../../../../common/api-client';
import type { WalkInInput } from '../../../../common/contract/attendees';
import type { CheckinResult } from '../../../../common/contract/checkins';
import type { DoorCounts } from '../../../../common/contract/desk';
import type { KioskSettings } from '../../../../common/contract/kiosk-settings';
import type { Attendee } from '../../../../common/domain/attendee';
import type { Direction } from '../../../../common/domain/checkin';
import { ScanGate } from '../../scanner/scan-gate';
import { toneOf, type Tone } from '../../components/verdict-style';

export type ScanSource = 'wedge' | 'camera' | 'search';

export interface ShownVerdict {
  result: CheckinResult;
  code: string;
  source: ScanSource;
  /** Counts up with every verdict, so the same verdict twice still restarts the reset timer. */
  seq: number;
}

export interface LastCheckin {
  checkinId: string;
  attendee: Attendee | null;
  at: string;
}

export interface DeskState {
  settings: KioskSettings | null;
  counts: DoorCounts | null;
  verdict: ShownVerdict | null;
  /** A scan the kiosk could not decide (an error, not a verdict). */
  scanError: string | null;
  lastCheckin: LastCheckin | null;
  /** Who the last undo was for, until the next check-in: only the last check-in can be undone. */
  lastUndone: { name: string } | null;
  /** A one-line confirmation ("check-in undone", "badge sent"). */
  notice: string | null;
  loadError: string | null;
  load(): Promise<void>;
  scan(code: string, source: ScanSource): Promise<CheckinResult | null>;
  clearVerdict(seq: number): void;
  refreshCounts(): Promise<void>;
  setDirection(direction: Direction): Promise<void>;
  configure(changes: Parameters<ArrivalsApi['kiosk']['configure']>[0]): Promise<void>;
  undoLast(reason: string): Promise<{ name: string }>;
  /** Registers a walk-in, checks them in (the verdict is shown) and queues their badge; answers their name. */
  walkIn(input: Omit<WalkInInput, 'checkIn'>, printer?: string): Promise<string>;
  setNotice(notice: string | null): void;
}

export interface DeskDeps {
  api: ArrivalsApi;
  /** ms; the scan gate's clock (performance.now in the page). */
  now?: () => number;
  /** The verdict's sound. */
  sound?: (tone: Tone) => void;
}

export type DeskStore = StoreApi<DeskState>;

export function createDeskStore({ api, now = () => performance.now(), sound = () => {} }: DeskDeps): DeskStore {
  const gate = new ScanGate();
  let seq = 0;
  return createStore<DeskState>((set, get) => ({
    settings: null,
    counts: null,
    verdict: null,
    scanError: null,
    lastCheckin: null,
    lastUndone: null,
    notice: null,
    loadError: null,

    async load() {
      try {
        const settings = await api.kiosk.settings();
        set({ settings, loadError: null });
        await get().refreshCounts();
      } catch (error) {
        set({ loadError: message(error) });
      }
    },

    async scan(code, source) {
      // The camera also holds a code for as long as its verdict is shown (the badge is still in view).
      const hold = source === 'camera' ? (get().settings?.verdictResetSeconds ?? 5) * 1000 : 0;
      if (source !== 'search' && !gate.accept(code, now(), hold)) return null;
      const direction = get().settings?.direction ?? 'entry';
      let result: CheckinResult;
      try {
        result = await api.checkins.checkIn({ code, direction, source: source === 'search' ? 'search' : 'scan' });
      } catch (error) {
        sound('refuse');
        set({ scanError: message(error), verdict: null });
        return null;
      }
      seq += 1;
      const update: Partial<DeskState> = { verdict: { result, code, source, seq }, scanError: null, notice: null };
      if (result.checkinId && result.direction === 'entry') {
        update.lastCheckin = { checkinId: result.checkinId, attendee: result.attendee, at: result.at };
        update.lastUndone = null;
      }
      set(update);
      sound(toneOf(result.verdict));
      // After the verdict, never before it.
      if (result.checkinId) void get().refreshCounts();
      return result;
    },

    clearVerdict(shown) {
      if (get().verdict?.seq === shown) set({ verdict: null });
    },

    async refreshCounts() {
      try {
        set({ counts: await api.checkins.doorCounts() });
      } catch (error) {
        // A kiosk without an event says so (and how to get one) instead of showing empty numbers.
        set({ counts: null, ...((error as { code?: string }).code === 'unavailable' ? { loadError: message(error) } : {}) });
      }
    },

    async setDirection(direction) {
      const settings = await api.kiosk.configure({ direction });
      set({ settings });
    },

    async configure(changes) {
      const settings = await api.kiosk.configure(changes);
      set({ settings });
    },

    async undoLast(reason) {
      const last = get().lastCheckin;
      if (!last) throw new Error('nothing to undo');
      const undone = await api.checkins.undo({ checkinId: last.checkinId, reason });
      const who = undone.attendee ?? last.attendee;
      const name = who ? `${who.firstName} ${who.lastName}`.trim() : last.checkinId;
      set({ lastCheckin: null, lastUndone: { name }, verdict: null });
      void get().refreshCounts();
      return { name };
    },

    async walkIn(input, printer) {
      const registered = await api.attendees.registerWalkIn({ ...input, checkIn: true });
      const verdict = registered.verdict ?? 'admitted';
      const result: CheckinResult = {
        verdict,
        pass: verdict === 'admitted' || verdict === 'needs_attention',
        attendee: registered.attendee,
        checkinId: registered.checkinId,
        direction: 'entry',
        kioskId: '',
        at: new Date().toISOString(),
        reason: null,
        previous: null,
      };
      seq += 1;
      set({
        verdict: { result, code: registered.attendee.code, source: 'search', seq },
        scanError: null,
        ...(registered.checkinId ? { lastCheckin: { checkinId: registered.checkinId, attendee: registered.attendee, at: result.at }, lastUndone: null } : {}),
      });
      sound(toneOf(verdict));
      void get().refreshCounts();
      // The badge is queued, not waited for: its progress shows in the status bar.
      await api.print.badge({ code: registered.attendee.code, mode: 'manual', ...(printer ? { printer } : {}) });
      return `${registered.attendee.firstName} ${registered.attendee.lastName}`.trim();
    },

    setNotice(notice) {
      set({ notice });
    },
  }));
}

/**
 * An error as the screen shows it. The core explains itself in English (one line, the same on the
 * CLI); in another language the kind of error comes first in that language, the detail after it.
 */
export function message(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  const code = error instanceof ArrivalsError ? error.code : null;
  if (code === null || i18next.resolvedLanguage === 'en' || !i18next.exists(`errors.${code}`)) return detail;
  return `${i18next.t(`errors.${code}`)} (${detail})`;
}

/**
 * A refused PIN as the PIN dialog says it, from the core's message (the role store keeps it as
 * text): a wrong PIN, a wrong one that started the lockout, a lockout still running (with its
 * seconds), no PIN set; anything else as the core said it.
 */
export function pinErrorText(error: string | null): string | null {
  if (!error) return null;
  const lockout = /too many wrong PINs: try again in (\d+) s/.exec(error);
  if (lockout) return i18next.t(/^wrong /.test(error) ? 'role.wrongLockedOut' : 'role.lockedOut', { seconds: Number(lockout[1]) });
  if (/^wrong /.test(error)) return i18next.t('role.wrong');
  if (/no supervisor PIN is set/.test(error)) return i18next.t('role.noPin');
  return error;
}
