import { describe, expect, it } from 'vitest';
import type { ArrivalsApi } from '../../../../common/api-client';
import type { CheckinResult } from '../../../../common/contract/checkins';
import { createRoleStore } from '../../session/role-store';
import { createDeskStore } from './desk-store';

// A stand-in kiosk: the stores get their API injected, so no window and no server are needed.
function standIn(log: string[]) {
  const result = (code: string): CheckinResult => ({
    verdict: code === 'GOOD' ? 'admitted' : 'unknown',
    pass: code === 'GOOD',
    attendee: null,
    checkinId: code === 'GOOD' ? `c-${log.length}` : null,
    direction: 'entry',
    kioskId: 'k1',
    at: '2026-01-01T10:00:00.000Z',
    reason: null,
    previous: null,
  });
  let countsGate: () => void = () => {};
  const api = {
    checkins: {
      checkIn: async (input: { code: string; source: string; direction: string }) => {
        log.push(`checkIn ${input.code} ${input.source} ${input.direction}`);
        return result(input.code);
      },
      doorCounts: () =>
        new Promise((resolve) => {
          log.push('doorCounts');
          countsGate = () => resolve({ eventId: 'e', expected: 10, admitted: 1, insideNow: 1 });
        }),
    },
    kiosk: {
      unlock: async ({ pin }: { pin: string }) => {
        if (pin !== '1234') throw new Error('wrong PIN');
        return { role: 'supervisor', idleLockSeconds: 60 };
      },
    },
  } as unknown as ArrivalsApi;
  return { api, releaseCounts: () => countsGate() };
}

describe('desk store', () => {
  it('shows the verdict as soon as the check-in answers, before the door numbers; a repeat within 2 s is ignored', async () => {
    const log: string[] = [];
    const { api, releaseCounts } = standIn(log);
    let now = 0;
    const tones: string[] = [];
    const desk = createDeskStore({ api, now: () => now, sound: (tone) => tones.push(tone) });
    await desk.getState().scan('GOOD', 'wedge');
    // The numbers are still loading (their answer is held back), and the verdict is already there.
    expect(desk.getState().verdict?.result.verdict).toBe('admitted');
    expect(desk.getState().counts).toBeNull();
    expect(tones).toEqual(['admit']);
    releaseCounts();
    await Promise.resolve();
    expect(desk.getState().lastCheckin?.checkinId).toBeTruthy();

    now = 500;
    expect(await desk.getState().scan('GOOD', 'wedge')).toBeNull();
    now = 3000;
    await desk.getState().scan('NOPE', 'camera');
    expect(desk.getState().verdict?.result.verdict).toBe('unknown');
    expect(tones).toEqual(['admit', 'refuse']);
    expect(log.filter((l) => l.startsWith('checkIn'))).toEqual(['checkIn GOOD scan entry', 'checkIn NOPE scan entry']);
  });

  it('a verdict is cleared by its own timer only, never one a newer scan replaced', async () => {
    const { api } = standIn([]);
    const desk = createDeskStore({ api, now: () => 0 });
    await desk.getState().scan('GOOD', 'search');
    const first = desk.getState().verdict!.seq;
    await desk.getState().scan('NOPE', 'search');
    desk.getState().clearVerdict(first);
    expect(desk.getState().verdict?.code).toBe('NOPE');
    desk.getState().clearVerdict(desk.getState().verdict!.seq);
    expect(desk.getState().verdict).toBeNull();
  });
});

describe('desk store undo', () => {
  it('undoes the last check-in only; afterwards it says the last one was undone, until the next check-in', async () => {
    const log: string[] = [];
    const { api } = standIn(log);
    (api.checkins as unknown as { undo: unknown }).undo = async ({ checkinId }: { checkinId: string }) => {
      log.push(`undo ${checkinId}`);
      return { attendee: { firstName: 'Ada', lastName: 'Lovelace' } };
    };
    const desk = createDeskStore({ api, now: () => 0 });
    await desk.getState().scan('GOOD', 'search');
    expect(await desk.getState().undoLast('wrong ticket')).toEqual({ name: 'Ada Lovelace' });
    expect(desk.getState()).toMatchObject({ lastCheckin: null, lastUndone: { name: 'Ada Lovelace' } });
    await desk.getState().scan('GOOD', 'search');
    expect(desk.getState()).toMatchObject({ lastUndone: null });
    expect(desk.getState().lastCheckin).not.toBeNull();
  });
});

describe('role store', () => {
  it('a wrong PIN keeps the steward; the right one unlocks until the idle timer locks again, and a touch restarts it', async () => {
    const { api } = standIn([]);
    const timers: Array<{ ms: number; fn: () => void; cancelled: boolean }> = [];
    const role = createRoleStore({
      api,
      setTimer: (ms, fn) => {
        const timer = { ms, fn, cancelled: false };
        timers.push(timer);
        return () => (timer.cancelled = true);
      },
    });
    expect(await role.getState().unlock('0000')).toBe(false);
    expect(role.getState()).toMatchObject({ role: 'steward', error: 'wrong PIN' });
    expect(await role.getState().unlock('1234')).toBe(true);
    expect(role.getState().role).toBe('supervisor');
    expect(timers.at(-1)!.ms).toBe(60_000);
    role.getState().touch();
    expect(timers.filter((t) => !t.cancelled)).toHaveLength(1);
    timers.find((t) => !t.cancelled)!.fn();
    expect(role.getState().role).toBe('steward');
  });
});
