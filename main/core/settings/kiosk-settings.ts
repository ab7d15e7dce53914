/**
 * The door settings the check-in engine reads on every scan (current event, allowed ticket types,
 * undo window), read and changed as one validated whole. Changes are checked against the replica
 * because a mistake here fails silently at the door: a misspelt ticket type would turn every guest
 * away as `ticket_type_not_allowed`.
 */
import { ArrivalsError } from '../../../common/contract/errors';
import { deskDefaults, type KioskConfigureInput, type KioskSettings } from '../../../common/contract/kiosk-settings';
import type { KioskMode } from '../../../common/contract/self-service';
import { eventIds } from '../db/attendee-queries';
import { getEvent, setEventColor, setEventName, ticketTypeNames } from '../db/event-queries';
import type { Database } from '../db/open';
import { readSyncState } from '../db/sync-queries';
import { defaultWalkInTicketType } from '../checkin/walk-in';
import { allowedTicketTypes, currentEventId, getSetting, setSetting, settingKeys, undoWindowSeconds } from '../db/settings-queries';

export function readKioskSettings(db: Database): KioskSettings {
  const eventId = currentEventId(db);
  return {
    currentEventId: eventId,
    allowedTicketTypes: allowedTicketTypes(db)?.slice() ?? null,
    undoWindowSeconds: undoWindowSeconds(db),
    ticketTypes: eventId ? [...ticketTypeNames(db, eventId)].sort() : [],
    walkInTicketType: eventId ? defaultWalkInTicketType(db, eventId) : null,
    direction: getSetting(db, settingKeys.direction) === 'exit' ? 'exit' : 'entry',
    verdictResetSeconds: intSetting(db, settingKeys.verdictResetSeconds, deskDefaults.verdictResetSeconds, 1, 120),
    idleLockSeconds: intSetting(db, settingKeys.idleLockSeconds, deskDefaults.idleLockSeconds, 30, 3600),
    scannerPrefix: stringSetting(db, settingKeys.scannerPrefix),
    scannerSuffix: stringSetting(db, settingKeys.scannerSuffix),
    mode: modeSetting(db),
    kioskName: ((v) => (typeof v === 'string' ? v : ''))(getSetting(db, settingKeys.kioskName)),
    eventColor: (eventId && getEvent(db, eventId)?.color) || null,
    eventName: (eventId && getEvent(db, eventId)?.name) || null,
  };
}

function intSetting(db: Database, key: string, fallback: number, min: number, max: number): number {
  const value = getSetting(db, key);
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

function modeSetting(db: Database): KioskMode {
  const value = getSetting(db, settingKeys.mode);
  return value === 'self-service' || value === 'print-only' ? value : 'desk';
}

function stringSetting(db: Database, key: string): string {
  const value = getSetting(db, key);
  return typeof value === 'string' && /^[\x21-\x7e]{0,8}$/.test(value) ? value : '';
}

/** The event this kiosk admits to, or a one-line error saying how to get or choose one. */
export function requireCurrentEventId(db: Database): string {
  const eventId = currentEventId(db);
  if (eventId) return eventId;
  const events = eventIds(db);
  if (events.length === 0) throw new ArrivalsError('unavailable', 'this kiosk has no event yet: import a list, sync with the cloud, or run "arrivals demo"');
  const shown = events.slice(0, 5).join(', ') + (events.length > 5 ? ', …' : '');
  throw new ArrivalsError('unavailable', `this kiosk holds ${events.length} events and none is current; choose one with "arrivals config --event ID" (events: ${shown})`);
}

/** Applies the given fields (absent = unchanged) in one transaction; all or nothing. `at`: now, for a renamed event's updated_at. */
export function configureKiosk(db: Database, changes: KioskConfigureInput, at: string): KioskSettings {
  const apply = db.transaction(() => {
    if (changes.currentEventId !== undefined) {
      if (!getEvent(db, changes.currentEventId)) throw new ArrivalsError('not_found', `no event ${changes.currentEventId} in this replica`);
      setSetting(db, settingKeys.currentEventId, changes.currentEventId);
    }
    if (changes.allowedTicketTypes !== undefined) {
      setSetting(db, settingKeys.allowedTicketTypes, changes.allowedTicketTypes && [...new Set(changes.allowedTicketTypes)]);
    }
    if (changes.undoWindowSeconds !== undefined) setSetting(db, settingKeys.undoWindowSeconds, changes.undoWindowSeconds);
    if (changes.direction !== undefined) setSetting(db, settingKeys.direction, changes.direction);
    if (changes.verdictResetSeconds !== undefined) setSetting(db, settingKeys.verdictResetSeconds, changes.verdictResetSeconds);
    if (changes.idleLockSeconds !== undefined) setSetting(db, settingKeys.idleLockSeconds, changes.idleLockSeconds);
    if (changes.scannerPrefix !== undefined) setSetting(db, settingKeys.scannerPrefix, changes.scannerPrefix);
    if (changes.scannerSuffix !== undefined) setSetting(db, settingKeys.scannerSuffix, changes.scannerSuffix);
    if (changes.mode !== undefined) setSetting(db, settingKeys.mode, changes.mode);
    if (changes.kioskName !== undefined) setSetting(db, settingKeys.kioskName, changes.kioskName);
    if (changes.eventColor !== undefined) setEventColor(db, requireCurrentEventId(db), changes.eventColor);
    if (changes.eventName !== undefined) {
      const eventId = requireCurrentEventId(db);
      const sync = readSyncState(db);
      if (sync.server && sync.event_id === eventId) {
        throw new ArrivalsError('bad_input', `event ${eventId} comes from the cloud (${sync.server}): rename it there; the kiosk takes its name with the next sync`);
      }
      setEventName(db, eventId, changes.eventName, at);
    }

    // Checked on the combined result, so switching events cannot leave types the new event lacks.
    // An event with no ticket types yet (set up before its first sync) accepts any names.
    const settings = readKioskSettings(db);
    const unknown = (settings.allowedTicketTypes ?? []).filter((type) => !settings.ticketTypes.includes(type));
    if (unknown.length > 0 && settings.ticketTypes.length > 0) {
      throw new ArrivalsError(
        'bad_input',
        `event ${settings.currentEventId} has no ticket type ${unknown.map((t) => `"${t}"`).join(', ')} (its types: ${settings.ticketTypes.join(', ')}); ` +
          'allow existing types, or every type',
      );
    }
    return settings;
  });
  return apply.immediate();
}
