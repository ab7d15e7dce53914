import { describe, expect, it } from 'vitest';
import { isoFromNow, manualClock, nowIso, systemClock } from './clock';

describe('manualClock', () => {
  it('stands still until advanced, then fires due timers in order of their time', () => {
    const clock = manualClock('2030-01-01T00:00:00.000Z');
    const fired: string[] = [];
    clock.setTimer(300, () => fired.push(`b@${nowIso(clock)}`));
    clock.setTimer(100, () => fired.push(`a@${nowIso(clock)}`));
    const cancel = clock.setTimer(200, () => fired.push('cancelled'));
    cancel();
    expect(clock.now()).toBe(Date.parse('2030-01-01T00:00:00.000Z'));
    clock.advance(150);
    expect(fired).toEqual(['a@2030-01-01T00:00:00.100Z']);
    expect(nowIso(clock)).toBe('2030-01-01T00:00:00.150Z');
    clock.advance(1000);
    expect(fired).toEqual(['a@2030-01-01T00:00:00.100Z', 'b@2030-01-01T00:00:00.300Z']);
    expect(clock.pending()).toBe(0);
    expect(isoFromNow(clock, -1150)).toBe('2030-01-01T00:00:00.000Z');
  });

  it('runs a timer set by a timer within the same advance', () => {
    const clock = manualClock(0);
    const fired: number[] = [];
    clock.setTimer(10, () => {
      fired.push(clock.now());
      clock.setTimer(10, () => fired.push(clock.now()));
    });
    clock.advance(25);
    expect(fired).toEqual([10, 20]);
  });

  it('never goes backwards and refuses a time that is not one', () => {
    const clock = manualClock(1000);
    expect(() => clock.advance(-1)).toThrow(/backwards/);
    expect(() => clock.set(999)).toThrow(/backwards/);
    expect(() => manualClock('not a time')).toThrow(/not a time/);
  });
});

describe('systemClock', () => {
  it('reads the real time and fires a real timer', async () => {
    // An independent reading of the wall clock: the time origin of this process plus its uptime.
    const wall = performance.timeOrigin + performance.now();
    expect(Math.abs(systemClock.now() - wall)).toBeLessThan(60_000);
    await new Promise<void>((resolve) => systemClock.setTimer(1, resolve));
  });
});
