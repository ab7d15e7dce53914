/**
 * Sync tests' parts: a real cloud in-process on port 0 (cloud/test/helpers.ts), and kiosks on
 * temporary data directories whose engines talk to it over real HTTP. Each kiosk's engine is
 * driven by hand (`engine.run()`), or started to follow the stream.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, type Clock } from '../../common/clock';
import { call, createTestEvent, startTestCloud } from '../../cloud/test/helpers';
import type { RunningCloud } from '../../cloud/start';
import { openKiosk, type Kiosk } from '../../main/core/kiosk';
import type { SyncEngine } from '../engine';
import { syncService, type SyncServiceOptions } from '../service';

export const generous = { perAddressPerMinute: 1_000_000, registrationsPerMinute: 1000, enrollPerMinute: 1000, qrPerMinute: 1000 };

export interface TestKiosk {
  kiosk: Kiosk;
  engine: SyncEngine;
  dataDir: string;
}

export class SyncWorld {
  readonly dirs: string[] = [];
  readonly kiosks: TestKiosk[] = [];
  cloud!: RunningCloud;
  codes: string[] = [];

  tempDir(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.dirs.push(dir);
    return dir;
  }

  async startCloud(options: { eventId?: string; attendees?: number; clock?: Clock } = {}): Promise<RunningCloud> {
    this.cloud = await startTestCloud(join(this.tempDir('arrivals-sync-cloud-'), 'cloud.db'), generous, options.clock ? { clock: options.clock } : {});
    this.codes = await createTestEvent(this.cloud, options.eventId ?? 'ev-sync', options.attendees ?? 6);
    return this.cloud;
  }

  async setupCode(eventId = 'ev-sync'): Promise<string> {
    const reply = await call(this.cloud, 'POST', `/v1/events/${eventId}/devices/setup-codes`, { body: {} });
    if (reply.status !== 201) throw new Error(`setup code: ${reply.status} ${reply.text}`);
    return reply.body.setupCode as string;
  }

  /** A kiosk whose engine is made in manual mode (no loop: the test calls run()) unless asked. */
  kiosk(options: SyncServiceOptions & { clock?: Clock; dataDir?: string } = {}): TestKiosk {
    const dataDir = options.dataDir ?? this.tempDir('arrivals-sync-kiosk-');
    let engine: SyncEngine | undefined;
    const { clock, dataDir: _d, ...service } = options;
    const kiosk = openKiosk({
      dataDir,
      face: 'cli',
      clock: clock ?? systemClock,
      sync: syncService({ manual: true, stream: false, random: () => 0.5, ...service, onEngine: (e) => (engine = e) }),
    });
    kiosk.context.sync();
    const made = { kiosk, engine: engine!, dataDir };
    this.kiosks.push(made);
    return made;
  }

  /** A kiosk enrolled to the test event and pulled once. */
  async enrolledKiosk(options: SyncServiceOptions & { clock?: Clock; dataDir?: string } = {}): Promise<TestKiosk> {
    const k = this.kiosk(options);
    await k.kiosk.router.invoke('sync.enroll', { server: this.cloud.url, setupCode: await this.setupCode() });
    await k.engine.run();
    return k;
  }

  async close(): Promise<void> {
    for (const k of this.kiosks.splice(0)) {
      await k.engine.stop();
      k.kiosk.close();
    }
    await this.cloud?.close();
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

export async function stats(cloud: RunningCloud, eventId = 'ev-sync') {
  const reply = await call(cloud, 'GET', `/v1/events/${eventId}/stats`);
  if (reply.status !== 200) throw new Error(`stats: ${reply.status} ${reply.text}`);
  return reply.body as {
    admitted: number;
    insideNow: number;
    duplicatesFlagged: number;
    recentDuplicates: Array<{ id: string; kioskId: string; otherKioskId: string | null }>;
    kiosks: Array<{ kioskId: string; checkins: number }>;
  };
}
