/**
 * The guests' kiosk (zustand, API injected): attract → (scan | find me) → "Is this you?" with the
 * badge preview → printing (progress from `printer.status`) → thank you; or already checked in
 * (one reprint), or a guest-facing error that sends them to the desk. The core decides everything
 * (selfService.*); this store holds only the one guest on screen, and `reset` forgets them.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ArrivalsApi } from '../../../../common/api-client';
import type { EventPayload } from '../../../../common/contract/index';
import type { PrintJob } from '../../../../common/contract/print';
import type { SelfServiceFindInput, SelfServiceGuest, SelfServiceLookup, SelfServiceWelcome } from '../../../../common/contract/self-service';
import type { Verdict } from '../../../../common/domain/checkin';
import { ScanGate } from '../../scanner/scan-gate';

export type GuestStep = 'attract' | 'find' | 'confirm' | 'printing' | 'done' | 'already' | 'error';
export type GuestError = 'unknown' | 'cancelled' | 'elsewhere' | 'notOpen' | 'closed' | 'printer' | 'failed' | 'reprintUsed';
export type JobProgress = 'queued' | 'printing' | 'retrying' | 'done' | 'failed';

export interface GuestState {
  welcome: SelfServiceWelcome | null;
  step: GuestStep;
  guest: SelfServiceGuest | null;
  lookup: SelfServiceLookup | null;
  /** The badge preview as a data: URL of its SVG. */
  preview: string | null;
  job: PrintJob | null;
  progress: JobProgress | null;
  /** The confirmed guest was checked in (not in print-only mode). */
  checkedIn: boolean;
  /** The guest already had their badge (picked up before): nothing printed. */
  hadBadge: boolean;
  /** Staff have a note for the guest (needs_attention): "please also see the desk". */
  seeDesk: boolean;
  error: GuestError | null;
  /** "Find me" found nobody (or several): the form stays, with nothing personal. */
  notFound: boolean;
  busy: boolean;
  load(): Promise<void>;
  startFind(): void;
  scan(code: string): Promise<void>;
  find(input: SelfServiceFindInput): Promise<void>;
  confirm(): Promise<void>;
  reprint(): Promise<void>;
  printerEvent(event: EventPayload<'printer.status'>): void;
  /** Subscribes to `printer.status`; returns the unsubscribe. */
  listen(): () => void;
  /** Back to the attract screen; the guest's data leaves the screen. */
  reset(): void;
}

export type GuestStore = StoreApi<GuestState>;

const cleared = { step: 'attract' as const, guest: null, lookup: null, preview: null, job: null, progress: null, checkedIn: false, hadBadge: false, seeDesk: false, error: null, notFound: false, busy: false };

export function errorOf(verdict: Verdict): GuestError {
  switch (verdict) {
    case 'cancelled':
      return 'cancelled';
    case 'wrong_event':
    case 'ticket_type_not_allowed':
      return 'elsewhere';
    case 'not_yet_open':
      return 'notOpen';
    case 'closed':
      return 'closed';
    default:
      return 'unknown';
  }
}

export function createGuestStore({
  api,
  now = () => performance.now(),
  qrLabel = () => 'QR code printed on your badge',
}: {
  api: ArrivalsApi;
  now?: () => number;
  /** The masked QR's label in the preview, in the screen's language. */
  qrLabel?: () => string;
}): GuestStore {
  // Double-sent codes are ignored within 2 s; a guest who starts over may scan the same code at once.
  let gate = new ScanGate();
  // Answers that arrive after the guest walked away (reset) are dropped.
  let visit = 0;
  // A job's events can arrive before selfService.confirm answers: the latest of recent jobs is kept.
  const latest = new Map<string, EventPayload<'printer.status'>>();
  return createStore<GuestState>((set, get) => {
    const show = async (looked: SelfServiceLookup, mine: number) => {
      if (mine !== visit) return;
      if (looked.outcome === 'refused' || !looked.guest) return set({ ...cleared, step: 'error', error: errorOf(looked.verdict) });
      set({ lookup: looked, guest: looked.guest, step: looked.outcome === 'ready' ? 'confirm' : 'already', error: null, notFound: false, busy: false });
      if (looked.outcome === 'ready') {
        try {
          // The guest's preview has the QR masked (selfService.preview): "Find me" needs only a name
          // and 3 letters of an email, so a scannable ticket on screen could be photographed.
          const preview = await api.selfService.preview({ code: looked.guest.code, qrLabel: qrLabel() });
          if (mine === visit) set({ preview: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(preview.svg)}` });
        } catch {
          // The confirmation works without the picture.
        }
      }
    };
    const print = async (reprint: boolean) => {
      const guest = get().guest;
      if (!guest || get().busy) return;
      const mine = visit;
      set({ busy: true });
      try {
        const result = await api.selfService.confirm({ code: guest.code, reprint });
        if (mine !== visit) return;
        if (!result.job) return set({ step: 'done', checkedIn: result.checkinId !== null, hadBadge: true, seeDesk: result.seeDesk, busy: false });
        set({ step: 'printing', job: result.job, progress: 'queued', checkedIn: result.checkinId !== null, seeDesk: result.seeDesk, busy: false });
        const early = latest.get(result.job.id);
        if (early) get().printerEvent(early);
      } catch (error) {
        if (mine !== visit) return;
        const code = (error as { code?: string }).code;
        set({ step: 'error', error: reprint && code === 'forbidden' ? 'reprintUsed' : code === 'forbidden' ? errorOf(((error as { details?: { verdict?: Verdict } }).details?.verdict) ?? 'unknown') : 'failed', busy: false });
      }
    };
    return {
      welcome: null,
      ...cleared,
      async load() {
        try {
          set({ welcome: await api.selfService.welcome({}) });
        } catch {
          // The attract screen still works without the event's name.
        }
      },
      startFind() {
        visit += 1;
        set({ ...cleared, step: 'find' });
      },
      async scan(code) {
        const step = get().step;
        if (step === 'printing' || step === 'confirm') return;
        if (!gate.accept(code, now())) return;
        visit += 1;
        const mine = visit;
        set({ ...cleared, step: get().step, busy: true });
        try {
          await show(await api.selfService.lookup({ code }), mine);
        } catch {
          if (mine === visit) set({ ...cleared, step: 'error', error: 'failed' });
        }
      },
      async find(input) {
        const mine = ++visit;
        set({ busy: true, notFound: false });
        try {
          const looked = await api.selfService.find(input);
          if (mine !== visit) return;
          if (looked.outcome === 'refused' || !looked.guest) return set({ busy: false, notFound: true });
          await show(looked, mine);
        } catch {
          if (mine === visit) set({ busy: false, notFound: true });
        }
      },
      confirm: () => print(false),
      reprint: () => print(true),
      printerEvent(event) {
        latest.set(event.jobId, event);
        if (latest.size > 50) latest.delete(latest.keys().next().value!);
        const job = get().job;
        if (!job || event.jobId !== job.id) return;
        if (event.state === 'done') return set({ step: 'done', progress: 'done' });
        if (event.state === 'failed') return set({ step: 'error', error: 'printer', progress: 'failed' });
        // A failed attempt that will be retried: the printer is out of paper or offline.
        if (event.reason) return set({ step: 'error', error: 'printer', progress: 'retrying' });
        set({ progress: event.state === 'printing' ? 'printing' : 'queued' });
      },
      listen() {
        return api.on('printer.status', (event) => get().printerEvent(event));
      },
      reset() {
        visit += 1;
        gate = new ScanGate();
        set({ ...cleared });
      },
    };
  });
}
