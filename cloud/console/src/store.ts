/** The console's state: who is signed in, the event being worked on, and which screen. */
import { create } from 'zustand';
import type { SessionInfo } from '../../../common/console-api';

export type Screen = 'dashboard' | 'attendees' | 'import' | 'devices' | 'emails' | 'settings';

interface ConsoleState {
  /** undefined: not known yet; null: signed out. */
  session: SessionInfo | null | undefined;
  eventId: string | null;
  screen: Screen;
  /** Bumped when the event list should be read again. */
  eventsVersion: number;
  setSession(session: SessionInfo | null): void;
  signedOut(): void;
  open(eventId: string | null, screen?: Screen): void;
  show(screen: Screen): void;
  eventsChanged(): void;
}

export const useConsole = create<ConsoleState>((set) => ({
  session: undefined,
  eventId: null,
  screen: 'dashboard',
  eventsVersion: 0,
  setSession: (session) => set({ session }),
  signedOut: () => set({ session: null }),
  open: (eventId, screen) => set({ eventId, screen: screen ?? 'dashboard' }),
  show: (screen) => set({ screen }),
  eventsChanged: () => set((s) => ({ eventsVersion: s.eventsVersion + 1 })),
}));
