/**
 * Kiosk settings: one JSON value per key in `settings`. The keys the core reads are named here, so
 * the UI, the sync engine and the CLI agree on them.
 */
import { prepared } from './statements';
import type { Database } from './open';

export const settingKeys = {
  /** string: the event this kiosk admits to; scans for any other event are `wrong_event`. */
  currentEventId: 'current_event_id',
  /** string[] | null: ticket types this kiosk admits (e.g. a VIP lane); null or absent = all. */
  allowedTicketTypes: 'allowed_ticket_types',
  /** number of seconds after a check-in during which it may be undone; absent = 300. */
  undoWindowSeconds: 'undo_window_seconds',
  /** The desk: 'entry' | 'exit', verdict reset and idle lock seconds, scanner prefix/suffix. */
  direction: 'desk_direction',
  verdictResetSeconds: 'desk_verdict_reset_seconds',
  idleLockSeconds: 'desk_idle_lock_seconds',
  scannerPrefix: 'desk_scanner_prefix',
  scannerSuffix: 'desk_scanner_suffix',
  /** The kiosk's screen: 'desk' | 'self-service' | 'print-only' (absent = desk), and its name for people. */
  mode: 'kiosk_mode',
  kioskName: 'kiosk_name',
  /** The supervisor PIN's scrypt hash (main/core/desk/pin.ts); never the PIN. */
  supervisorPin: 'supervisor_pin',
} as const;

export function getSetting(db: Database, key: string): unknown {
  const row = prepared<[string], { value: string }>(db, 'SELECT value FROM settings WHERE key = ?').get(key);
  return row === undefined ? undefined : JSON.parse(row.value);
}

export function setSetting(db: Database, key: string, value: unknown): void {
  prepared(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}

/** The event this kiosk admits to: the setting, else the only event in the replica, else null. */
export function currentEventId(db: Database): string | null {
  const value = getSetting(db, settingKeys.currentEventId);
  if (typeof value === 'string' && value) return value;
  const only = prepared<[], { id: string }>(db, 'SELECT id FROM events LIMIT 2').all();
  return only.length === 1 ? only[0]!.id : null;
}

export function allowedTicketTypes(db: Database): readonly string[] | null {
  const value = getSetting(db, settingKeys.allowedTicketTypes);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null;
}

export function undoWindowSeconds(db: Database): number {
  const value = getSetting(db, settingKeys.undoWindowSeconds);
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 300;
}
