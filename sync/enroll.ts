/**
 * Enrollment: a setup code (typed, or read from the setup QR's JSON) becomes a device token for
 * one cloud event. The token goes to the token store (a 0600 file, or Electron's safeStorage);
 * the replica keeps the server, event, device and kiosk id, with the feed cursor reset, and the
 * event becomes the kiosk's current one. The engine then pulls the event's registrations.
 */
import { nowIso, type Clock } from '../common/clock';
import { ArrivalsError } from '../common/contract/errors';
import { syncEnrollQr, type SyncEnrollInput } from '../common/contract/sync';
import type { Database } from '../main/core/db/open';
import { settingKeys, setSetting } from '../main/core/db/settings-queries';
import { deadLetterOtherEvents, retryOutboxNow, saveEnrollment } from '../main/core/db/sync-queries';
import type { TokenStore } from '../main/core/sync/token-store';
import { enrollDevice, isTransportError } from './transport';

export interface EnrollOptions {
  db: Database;
  clock: Clock;
  tokens: TokenStore;
  /** This kiosk's id: the cloud files its check-ins under it. */
  kioskId: string;
  input: SyncEnrollInput;
  defaultName?: string | undefined;
  signal?: AbortSignal;
}

/** The server and setup code from either form of `sync.enroll`'s input; a bad QR is bad_input. */
export function enrollTarget(input: SyncEnrollInput): { server: string; setupCode: string } {
  if ('qr' in input) {
    let json: unknown;
    try {
      json = JSON.parse(input.qr);
    } catch {
      throw new ArrivalsError('bad_input', 'sync.enroll: qr: not the setup QR (its text is not JSON)');
    }
    const parsed = syncEnrollQr.safeParse(json);
    if (!parsed.success) throw new ArrivalsError('bad_input', 'sync.enroll: qr: not the setup QR (it needs {"server": URL, "setupCode": …})');
    return { server: parsed.data.server, setupCode: parsed.data.setupCode };
  }
  return { server: input.server, setupCode: input.setupCode };
}

export async function enrollKiosk(options: EnrollOptions): Promise<{ server: string; eventId: string; deviceId: string; kioskId: string }> {
  const { server: given, setupCode } = enrollTarget(options.input);
  const server = given.replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(server)) throw new ArrivalsError('bad_input', `sync.enroll: server: ${server} is not an http(s) URL`);
  const name = options.input.name ?? options.defaultName ?? `kiosk ${options.kioskId}`;
  let enrolled;
  try {
    enrolled = await enrollDevice(server, { setupCode, name, kioskId: options.kioskId }, options.clock, options.signal ?? new AbortController().signal);
  } catch (error) {
    if (isTransportError(error)) {
      if (error.status === 409) throw new ArrivalsError('conflict', `the cloud at ${server} refused the enrollment: ${error.message}`);
      if (error.kind === 'permanent' || error.kind === 'unauthorized') {
        throw new ArrivalsError('bad_input', `the cloud at ${server} refused the setup code: ${error.message}`);
      }
      throw new ArrivalsError('unavailable', `cannot enroll with ${server}: ${error.message}`);
    }
    throw error;
  }
  // The token first: a replica that says "enrolled" always has its token beside it.
  await options.tokens.save(enrolled.token);
  const at = nowIso(options.clock);
  options.db
    .transaction(() => {
      saveEnrollment(options.db, { server, eventId: enrolled.eventId, deviceId: enrolled.deviceId, kioskId: enrolled.kioskId, at });
      setSetting(options.db, settingKeys.currentEventId, enrolled.eventId);
      // What an earlier enrollment left unsent goes with the first run, not after its old back-off.
      retryOutboxNow(options.db);
      deadLetterOtherEvents(options.db, enrolled.eventId, at);
    })
    .immediate();
  return { server, eventId: enrolled.eventId, deviceId: enrolled.deviceId, kioskId: enrolled.kioskId };
}
