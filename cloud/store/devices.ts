/**
 * Kiosk enrollment: a manager makes a one-time setup code for an event; a kiosk trades it for a
 * bearer token scoped to that event. Codes and tokens are stored only as hashes.
 */
import type { Kysely } from 'kysely';
import { isoFromNow, nowIso } from '../../common/clock';
import type { CloudDb } from '../db/connect';
import type { CloudDatabase, DevicesTable } from '../db/schema';
import { requireEvent } from './events';
import { CloudStoreError } from './errors';
import { hashSecret, newId, newSetupCode, newToken, normalizeSetupCode } from './secrets';

export async function createSetupCode(cdb: CloudDb, eventId: string, ttlMinutes: number): Promise<{ setupCode: string; expiresAt: string }> {
  const { db } = cdb;
  await requireEvent(db, eventId);
  const setupCode = newSetupCode();
  const expiresAt = isoFromNow(cdb.clock, ttlMinutes * 60_000);
  await db
    .insertInto('setup_codes')
    .values({ code_hash: hashSecret(normalizeSetupCode(setupCode)), event_id: eventId, expires_at: expiresAt, used_at: null, device_id: null, created_at: nowIso(cdb.clock) })
    .execute();
  return { setupCode, expiresAt };
}

/**
 * Trades a setup code for a device token bound to one kiosk id (the kiosk's own, else the device id):
 * the token files check-ins only under it. A kiosk id has one active device per event, so another
 * device cannot enroll under a kiosk's name; re-enrolling a kiosk needs its old device retired: left
 * (the kiosk unenrolled and told the cloud, `leaveDevice`) or revoked by a manager.
 */
export async function enrollDevice(
  cdb: CloudDb,
  setupCode: string,
  name: string,
  kioskId?: string,
): Promise<{ deviceId: string; token: string; eventId: string; kioskId: string }> {
  const codeHash = hashSecret(normalizeSetupCode(setupCode));
  const now = nowIso(cdb.clock);
  try {
    return await enrollOnce(cdb, codeHash, now, name, kioskId);
  } catch (error) {
    // Two devices racing for one kiosk id: the partial unique index let one in.
    if (isUniqueViolation(error)) throw kioskTaken(kioskId ?? '');
    throw error;
  }
}

function kioskTaken(kioskId: string): CloudStoreError {
  return new CloudStoreError(409, 'conflict', `kiosk id ${kioskId} already has an active device at this event (it unenrolled without reaching the cloud?): a manager revokes that device in the console's devices list, then this kiosk enrolls again`);
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

async function enrollOnce(cdb: CloudDb, codeHash: string, now: string, name: string, kioskId: string | undefined) {
  return cdb.db.transaction().execute(async (trx) => {
    const deviceId = newId('D', 6);
    // The conditional UPDATE is the claim: of two kiosks racing with one code, exactly one matches.
    const claimed = await trx
      .updateTable('setup_codes')
      .set({ used_at: now, device_id: deviceId })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('event_id')
      .executeTakeFirst();
    if (!claimed) throw new CloudStoreError(401, 'unauthorized', 'unknown, used or expired setup code');
    const boundTo = kioskId ?? deviceId;
    const active = await trx
      .selectFrom('devices')
      .select('id')
      .where('event_id', '=', claimed.event_id)
      .where('kiosk_id', '=', boundTo)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    // Thrown inside the transaction: the setup code stays unused.
    if (active) throw kioskTaken(boundTo);
    const token = newToken('dev_');
    await trx
      .insertInto('devices')
      .values({
        id: deviceId,
        event_id: claimed.event_id,
        name,
        token_hash: hashSecret(token),
        kiosk_id: boundTo,
        created_at: now,
        last_seen_at: null,
        revoked_at: null,
        left_at: null,
        reported_queue: null,
        reported_dead_letters: null,
        reported_app_version: null,
        reported_at: null,
      })
      .execute();
    return { deviceId, token, eventId: claimed.event_id, kioskId: boundTo };
  });
}

/**
 * Token checks for concurrent requests, batched: lookups that arrive while one query is in flight
 * share the next one (`token_hash IN (…)`). Nothing is cached: every request is checked by a query
 * that started after it arrived, so a revoked token fails on its very next call.
 */
export class DeviceLookup {
  private inFlight = false;
  private pending = new Map<string, Array<(row: DevicesTable | undefined) => void>>();
  private failures: Array<(error: unknown) => void> = [];

  constructor(private readonly db: Kysely<CloudDatabase>) {}

  find(token: string): Promise<DevicesTable | undefined> {
    const hash = hashSecret(token);
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(hash) ?? [];
      waiting.push(resolve);
      this.pending.set(hash, waiting);
      this.failures.push(reject);
      if (!this.inFlight) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.inFlight = true;
    while (this.pending.size) {
      const batch = this.pending;
      const failures = this.failures;
      this.pending = new Map();
      this.failures = [];
      try {
        const rows = await this.db.selectFrom('devices').selectAll().where('token_hash', 'in', [...batch.keys()]).execute();
        const byHash = new Map(rows.map((r) => [r.token_hash, r]));
        for (const [hash, resolvers] of batch) for (const resolve of resolvers) resolve(byHash.get(hash));
      } catch (error) {
        for (const reject of failures) reject(error);
      }
    }
    this.inFlight = false;
  }
}

/**
 * Last-seen is written at most once a minute per device, not on every call: on every authenticated
 * call (feed pull, stream connect, ingest, report) and every poll of an open stream. `device` is the
 * row as read for this request; the row object is updated too, so a long-lived stream holding it
 * writes again only a minute later.
 */
export async function touchDevice(cdb: CloudDb, device: DevicesTable): Promise<void> {
  const now = cdb.clock.now();
  if (device.last_seen_at && now - Date.parse(device.last_seen_at) < 60_000) return;
  const at = isoFromNow(cdb.clock, 0);
  device.last_seen_at = at;
  await cdb.db.updateTable('devices').set({ last_seen_at: at }).where('id', '=', device.id).execute();
}

/** Stores what a kiosk reported about its outbox; returns when (the cloud's clock). */
export async function recordDeviceReport(cdb: CloudDb, deviceId: string, report: { queue: number; deadLetters: number; appVersion: string }): Promise<string> {
  const at = nowIso(cdb.clock);
  await cdb.db
    .updateTable('devices')
    .set({ reported_queue: report.queue, reported_dead_letters: report.deadLetters, reported_app_version: report.appVersion, reported_at: at, last_seen_at: at })
    .where('id', '=', deviceId)
    .execute();
  return at;
}

export async function listDevices(db: Kysely<CloudDatabase>, eventId: string) {
  await requireEvent(db, eventId);
  const rows = await db.selectFrom('devices').selectAll().where('event_id', '=', eventId).orderBy('created_at').execute();
  return rows.map((r) => ({ deviceId: r.id, eventId: r.event_id, name: r.name, kioskId: r.kiosk_id, createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    revokedAt: r.revoked_at,
    leftAt: r.left_at,
    reportedQueue: r.reported_queue === null ? null : Number(r.reported_queue),
    reportedDeadLetters: r.reported_dead_letters === null ? null : Number(r.reported_dead_letters),
    reportedAppVersion: r.reported_app_version,
    reportedAt: r.reported_at,
  }));
}

export async function revokeDevice(cdb: CloudDb, eventId: string, deviceId: string): Promise<void> {
  const result = await cdb.db.updateTable('devices').set({ revoked_at: nowIso(cdb.clock) }).where('id', '=', deviceId).where('event_id', '=', eventId).executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new CloudStoreError(404, 'not_found', `no device ${deviceId} at this event`);
}

/**
 * A kiosk unenrolls: its device is retired as a revocation is (its token refused from now on, its
 * open stream ended, its kiosk id free to enroll again with a new setup code), and marked as having
 * left on its own, so the devices list tells it from a manager's revocation. Returns when it left;
 * a device already retired keeps its first time.
 */
export async function leaveDevice(cdb: CloudDb, deviceId: string): Promise<string> {
  const at = nowIso(cdb.clock);
  await cdb.db.updateTable('devices').set({ revoked_at: at, left_at: at, last_seen_at: at }).where('id', '=', deviceId).where('revoked_at', 'is', null).execute();
  const row = await cdb.db.selectFrom('devices').select(['left_at', 'revoked_at']).where('id', '=', deviceId).executeTakeFirstOrThrow();
  return row.left_at ?? row.revoked_at ?? at;
}

/** Whether a device may still read (a revoked device's open stream ends at its next look). */
export async function isDeviceActive(db: Kysely<CloudDatabase>, deviceId: string): Promise<boolean> {
  const row = await db.selectFrom('devices').select('revoked_at').where('id', '=', deviceId).executeTakeFirst();
  return row !== undefined && row.revoked_at === null;
}

/** The admin token: from the environment, or else generated on first run and stored hashed. */
export async function resolveAdminToken(
  db: Kysely<CloudDatabase>,
  options: { envToken?: string | undefined; regenerate?: boolean },
): Promise<{ hash: string; token: string | null; generated: boolean }> {
  if (options.envToken) return { hash: hashSecret(options.envToken), token: options.envToken, generated: false };
  const stored = await db.selectFrom('meta').select('value').where('key', '=', 'admin_token_hash').executeTakeFirst();
  if (stored && !options.regenerate) return { hash: stored.value, token: null, generated: false };
  const token = newToken('adm_');
  const hash = hashSecret(token);
  await db
    .insertInto('meta')
    .values({ key: 'admin_token_hash', value: hash })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: hash }))
    .execute();
  return { hash, token, generated: true };
}
