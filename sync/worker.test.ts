// The engine starts by itself in the core's worker thread once the kiosk is enrolled (the host's
// core), and keeps its token sealed by the face when the face seals (Electron's safeStorage path).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import type { CoreClient } from '../main/core/worker/client';
import { openCoreWorker } from '../main/core/worker/thread';
import { tokenFileName } from '../main/core/sync/token-store';
import { SyncWorld } from './test/harness';

let world: SyncWorld;
let core: CoreClient | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
  await world.close();
});

it('a core in a worker thread enrolls, seals its token through the face, pulls and pushes by itself, and says so in sync.status', async () => {
  world = new SyncWorld();
  await world.startCloud({ attendees: 7 });
  const sealed: string[] = [];
  core = await openCoreWorker({
    start: { dataDir: world.tempDir('arrivals-sync-worker-'), face: 'host' },
    tokenSealer: {
      seal: async (token) => {
        sealed.push(token);
        return Buffer.from(`face:${token}`).toString('base64');
      },
      unseal: async (text) => Buffer.from(text, 'base64').toString().replace(/^face:/, ''),
    },
  });
  const call = async (method: string, input: unknown = {}) => {
    const envelope = await core!.envelope(method, input);
    if (!envelope.ok) throw new Error(envelope.error.message);
    return envelope.result as any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the test reads the contract's JSON
  };
  const statuses: Array<{ state: string }> = [];
  const onlines: boolean[] = [];
  core.subscribe((event, payload) => {
    if (event === 'sync.status') statuses.push(payload as { state: string });
    if (event === 'app.online') onlines.push((payload as { online: boolean }).online);
  });
  expect(await call('sync.status')).toMatchObject({ enrolled: false, state: 'not_enrolled' });

  await call('sync.enroll', { server: world.cloud.url, setupCode: await world.setupCode() });
  expect(sealed).toHaveLength(1);
  const file = readFileSync(join(core.identity.dataDir, tokenFileName), 'utf8');
  expect(file.startsWith('sealed:')).toBe(true);
  expect(file).not.toContain(sealed[0]);

  // Nobody calls a run: the engine in the worker pulls the event by itself.
  await vi.waitFor(async () => expect((await call('app.info')).replica.attendees).toBe(7), { timeout: 10_000, interval: 50 });
  const { checkinId } = await call('checkins.checkIn', { code: world.codes[0]! });
  expect(checkinId).toEqual(expect.any(String));
  await vi.waitFor(async () => expect(await call('sync.status')).toMatchObject({ queue: 0, online: true, state: 'idle' }), { timeout: 10_000, interval: 50 });
  const info = await call('app.info');
  expect(info.online).toBe(true);
  expect(info.sync).toMatchObject({ enrolled: true, eventId: 'ev-sync' });
  expect(statuses.map((s) => s.state)).toContain('syncing');
  expect(onlines).toContain(true);
});
