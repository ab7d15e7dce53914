// Behind a reverse proxy: with the proxy trusted, each guest's forwarded address gets its own
// registration allowance; without it, a forged X-Forwarded-For buys nothing. (Engine-independent,
// so SQLite only.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTrustProxy } from './server';
import { startCloud, type RunningCloud } from './start';
import { adminToken, createTestEvent } from './test/helpers';

const dir = mkdtempSync(join(tmpdir(), 'arrivals-cloud-proxy-'));
const clouds: RunningCloud[] = [];
afterAll(async () => {
  await Promise.all(clouds.map((c) => c.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function cloudWith(name: string, trustProxy?: string) {
  const parsed = parseTrustProxy(trustProxy);
  const cloud = await startCloud({
    db: join(dir, `${name}.db`),
    port: 0,
    host: '127.0.0.1',
    adminToken,
    logLevel: 'silent',
    rateLimits: { registrationsPerMinute: 2 },
    ...(parsed === undefined ? {} : { trustProxy: parsed }),
  });
  clouds.push(cloud);
  await createTestEvent(cloud, 'ev', 1);
  return cloud;
}

function register(cloud: RunningCloud, i: number, forwardedFor: string) {
  return fetch(`${cloud.url}/v1/events/ev/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ firstName: 'R', lastName: String(i), email: `r${i}@x.org`, ticketType: 'Staff' }),
  }).then((r) => r.status);
}

describe('trust proxy', () => {
  it('trusting the proxy at 127.0.0.1 limits each forwarded guest address on its own', async () => {
    const cloud = await cloudWith('trusted', '127.0.0.1');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await register(cloud, i, '203.0.113.1'));
    statuses.push(await register(cloud, 3, '203.0.113.2'));
    expect(statuses).toEqual([201, 201, 429, 201]);
  });

  it('untrusted, a forged X-Forwarded-For is ignored: all requests share the real address', async () => {
    const cloud = await cloudWith('untrusted');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await register(cloud, i, `198.51.100.${i}`));
    expect(statuses).toEqual([201, 201, 429]);
  });

  it('reads the setting as written in ARRIVALS_TRUST_PROXY or --trust-proxy', () => {
    expect(parseTrustProxy(undefined)).toBeUndefined();
    expect(parseTrustProxy('false')).toBeUndefined();
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.1, 10.0.0.0/8')).toBe('10.0.0.1, 10.0.0.0/8');
    expect(() => parseTrustProxy('everyone')).toThrow(/trust proxy must be true, a hop count, or proxy addresses/);
  });
});
