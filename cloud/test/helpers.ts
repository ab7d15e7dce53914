/** Starting a cloud for a test and calling it with inject (or real HTTP) and a token. */
import { randomUUID } from 'node:crypto';
import type { IngestCheckin } from '../../common/cloud-api';
import type { Clock } from '../../common/clock';
import type { RateLimits } from '../server';
import { startCloud, type RunningCloud } from '../start';

export const adminToken = 'adm_test-token-for-the-cloud-suite';

export async function startTestCloud(db: string, rateLimits?: Partial<RateLimits>, options: { clock?: Clock; checkinWindowDays?: number } = {}): Promise<RunningCloud> {
  return startCloud({ db, port: 0, host: '127.0.0.1', adminToken, logLevel: 'silent', ...(rateLimits ? { rateLimits } : {}), ...options });
}

const hourMs = 3_600_000;

/**
 * Door times read off a clock: `at(m)` is m minutes after the whole hour three hours before the
 * clock's now, so every time is recent and in the past and 5-minute buckets are predictable;
 * `at(m, h)` writes the same instant as local time at a +h:00 offset.
 */
export function doorTimes(clock: Clock): (minutes: number, offsetHours?: number) => string {
  const base = Math.floor(clock.now() / hourMs) * hourMs - 3 * hourMs;
  return (minutes, offsetHours) => {
    const instant = base + minutes * 60_000;
    if (offsetHours === undefined) return new Date(instant).toISOString();
    const local = new Date(instant + offsetHours * hourMs).toISOString().slice(0, 19);
    return `${local}${offsetHours < 0 ? '-' : '+'}${String(Math.abs(offsetHours)).padStart(2, '0')}:00`;
  };
}

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests look into arbitrary JSON
  headers: Record<string, unknown>;
  text: string;
}

export async function call(cloud: RunningCloud, method: string, url: string, options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
  const token = options.token === undefined ? adminToken : options.token;
  const headers: Record<string, string> = { ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await cloud.app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(options.body === undefined ? {} : typeof options.body === 'string' ? { payload: options.body } : { payload: options.body as object }),
  });
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    body = undefined;
  }
  return { status: response.statusCode, body, headers: response.headers, text: response.body };
}

export function checkin(code: string, kioskId: string, at: string, extra: Partial<IngestCheckin> = {}): IngestCheckin {
  return { id: randomUUID(), kioskId, code, direction: 'entry', at, verdict: 'admitted', ...extra };
}

export async function createTestEvent(cloud: RunningCloud, id: string, attendees = 5): Promise<string[]> {
  const created = await call(cloud, 'POST', '/v1/events', {
    body: {
      id,
      name: `Event ${id}`,
      ticketTypes: [
        { name: 'General', multiEntry: false, capacity: 3, public: true },
        { name: 'Staff', multiEntry: true, public: true },
      ],
    },
  });
  if (created.status !== 201) throw new Error(`create event: ${created.status} ${created.text}`);
  const upsert = await call(cloud, 'POST', `/v1/events/${id}/attendees`, {
    body: {
      attendees: Array.from({ length: attendees }, (_, i) => ({
        firstName: `First${i}`,
        lastName: `Last${i}`,
        email: `p${i}@${id}.example`,
        ticketType: i % 2 ? 'Staff' : 'General',
      })),
    },
  });
  if (upsert.status !== 200) throw new Error(`upsert: ${upsert.status} ${upsert.text}`);
  return upsert.body.codes as string[];
}

/** Enrolls a device for the kiosk id `kioskId` (default: its name), as a kiosk's sync would. */
export async function enroll(cloud: RunningCloud, eventId: string, name = 'kiosk', kioskId = name): Promise<{ deviceId: string; token: string; eventId: string; kioskId: string }> {
  const setup = await call(cloud, 'POST', `/v1/events/${eventId}/devices/setup-codes`, { body: {} });
  if (setup.status !== 201) throw new Error(`setup code: ${setup.status} ${setup.text}`);
  const enrolled = await call(cloud, 'POST', '/v1/devices/enroll', { token: null, body: { setupCode: setup.body.setupCode, name, kioskId } });
  if (enrolled.status !== 200) throw new Error(`enroll: ${enrolled.status} ${enrolled.text}`);
  return enrolled.body;
}
