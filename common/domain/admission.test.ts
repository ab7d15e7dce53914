import { describe, expect, it } from 'vitest';
import { isoFromNow, manualClock } from '../clock';
import { duplicatedAdmission, type Movement } from './admission';

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
});
