/**
 * The sync drill at a size that fits the suite (`npm run drill:sync` runs it at full size): kiosks
 * check in through a proxy that drops, resets, delays, truncates, replays and partitions, then the
 * network heals and everything must agree.
 */
import { describe, expect, it } from 'vitest';
import { drillFailures, drillFaults, runDrill } from './test/drill';

const hourMs = 3_600_000;

describe('sync drill (small)', () => {
  it('5 kiosks, random faults and partitions, undos and walk-ins: the cloud holds each once, all agree', async () => {
    const report = await runDrill({ kiosks: 5, checkins: 1200, seed: 7, faults: drillFaults, partitions: 2 });
    expect(drillFailures(report, { insideMatchesLog: true })).toEqual([]);
    expect(report.undosMade).toBeGreaterThan(0);
    expect(report.walkInsMade).toBeGreaterThan(0);
    expect(report.expectedDuplicates).toBeGreaterThan(0);
  }, 180_000);

  it('the same with one kiosk an hour fast and another an hour slow', async () => {
    const report = await runDrill({ kiosks: 5, checkins: 800, seed: 11, faults: drillFaults, partitions: 2, clockOffsetsMs: [hourMs, -hourMs] });
    expect(drillFailures(report, { insideMatchesLog: true })).toEqual([]);
  }, 180_000);

  it('a kiosk revoked mid-run wipes its guests, and the others go on', async () => {
    const report = await runDrill({ kiosks: 5, checkins: 800, seed: 13, faults: drillFaults, partitions: 1, revokeKiosk: 4 });
    expect(drillFailures(report, { insideMatchesLog: false })).toEqual([]);
    expect(report.kiosks[4]).toMatchObject({ revoked: true, state: 'revoked', attendeesWithNames: 0 });
  }, 180_000);
});
