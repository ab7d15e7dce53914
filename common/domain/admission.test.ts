import { describe, expect, it } from 'vitest';
import { isoFromNow, manualClock } from '../clock';
import { duplicatedAdmission, duplicatedAdmissionOnArrival, duplicatesOnArrival, type Movement } from './admission';

const clock = manualClock('2030-03-01T08:00:00Z');
const minute = (m: number) => isoFromNow(clock, m * 60_000);
const move = (id: string, direction: 'entry' | 'exit', m: number, undone = false): Movement => ({ id, direction, at: minute(m), undone });

describe('duplicatedAdmission, the one double-admission rule of the kiosk and the cloud', () => {
  it('lets a single-entry ticket in once, also after an exit, naming the entry before (else after)', () => {
    expect(duplicatedAdmission([], minute(0), false)).toBeUndefined();
    const history = [move('a', 'entry', 0), move('x', 'exit', 10)];
    expect(duplicatedAdmission(history, minute(20), false)?.id).toBe('a');
    expect(duplicatedAdmission([...history, move('b', 'entry', 30)], minute(20), false)?.id).toBe('a');
    // Known only now, an entry later than this one: still the same ticket entering twice.
    expect(duplicatedAdmission([move('b', 'entry', 30), move('c', 'entry', 40)], minute(20), false)?.id).toBe('b');
  });

  it('lets a multi-entry ticket back after an exit, but not while inside', () => {
    const history = [move('a', 'entry', 0), move('x', 'exit', 10), move('b', 'entry', 20)];
    expect(duplicatedAdmission(history, minute(25), true)?.id).toBe('b');
    expect(duplicatedAdmission(history, minute(5), true)?.id).toBe('a'); // synced late: inside since 0
    expect(duplicatedAdmission(history.slice(0, 2), minute(15), true)).toBeUndefined();
    // Back at 15 and again at 20 with no exit between: the later one is a second admission.
    expect(duplicatedAdmission(history, minute(15), true)?.id).toBe('b');
  });

  it('never counts an undone movement', () => {
    expect(duplicatedAdmission([move('a', 'entry', 0, true)], minute(5), false)).toBeUndefined();
    expect(duplicatedAdmission([move('a', 'entry', 0, true)], minute(5), true)).toBeUndefined();
    // An undone exit leaves the guest inside.
    expect(duplicatedAdmission([move('a', 'entry', 0), move('x', 'exit', 2, true)], minute(5), true)?.id).toBe('a');
  });

  it('takes movements at the same time in the order given (as recorded)', () => {
    const sameTime = [move('a', 'entry', 0), move('x', 'exit', 0)];
    expect(duplicatedAdmission(sameTime, minute(0), true)).toBeUndefined();
    expect(duplicatedAdmission([...sameTime, move('b', 'entry', 0)], minute(0), true)?.id).toBe('b');
  });

  it('reads the same rule in arrival order (the cloud), whatever the door times say', () => {
    // Listed as they arrived; the door times run backwards (a kiosk clock 1 h fast, another 1 h slow).
    const entryFast = move('fast', 'entry', 60);
    const exitSlow = move('slow-exit', 'exit', -60);
    expect(duplicatedAdmissionOnArrival([], false)).toBeUndefined();
    expect(duplicatedAdmissionOnArrival([entryFast], false)?.id).toBe('fast');
    expect(duplicatedAdmissionOnArrival([entryFast], true)?.id).toBe('fast');
    // Multi-entry: the exit arrived after the entry, so the guest is out, though its door time is earlier.
    expect(duplicatedAdmissionOnArrival([entryFast, exitSlow], true)).toBeUndefined();
    expect(duplicatedAdmission([entryFast, exitSlow], minute(70), true)?.id).toBe('fast'); // the door reading differs
    // Single-entry: any earlier entry, the latest one named; undone ones never count.
    expect(duplicatedAdmissionOnArrival([entryFast, exitSlow, move('b', 'entry', 0)], false)?.id).toBe('b');
    expect(duplicatedAdmissionOnArrival([move('a', 'entry', 0, true)], false)).toBeUndefined();
    expect(duplicatedAdmissionOnArrival([move('a', 'entry', 0), move('x', 'exit', 5, true)], true)?.id).toBe('a');
  });
});

describe('duplicatesOnArrival: the rule over a history, as it stands after undos', () => {
  const m = (id: string, direction: 'entry' | 'exit', undone = false): Movement => ({ id, direction, at: minute(0), undone });
  const ids = (list: Array<Movement | undefined>) => list.map((x) => x?.id ?? null);

  it('an undone first admission clears the second one; undoing the second instead moves the third to the first', () => {
    expect(ids(duplicatesOnArrival([m('a', 'entry'), m('b', 'entry'), m('c', 'entry')], false))).toEqual([null, 'a', 'b']);
    expect(ids(duplicatesOnArrival([m('a', 'entry', true), m('b', 'entry')], false))).toEqual([null, null]);
    expect(ids(duplicatesOnArrival([m('a', 'entry'), m('b', 'entry', true), m('c', 'entry')], false))).toEqual([null, null, 'a']);
  });

  it('on a multi-entry ticket an undone exit makes the next entry a second admission', () => {
    expect(ids(duplicatesOnArrival([m('a', 'entry'), m('x', 'exit'), m('b', 'entry')], true))).toEqual([null, null, null]);
    expect(ids(duplicatesOnArrival([m('a', 'entry'), m('x', 'exit', true), m('b', 'entry')], true))).toEqual([null, null, 'a']);
  });
});
