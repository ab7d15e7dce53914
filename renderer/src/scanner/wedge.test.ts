import { describe, expect, it } from 'vitest';
import { ScanGate } from './scan-gate';
import { isScanField, WedgeScanner, type WedgeKey } from './wedge';

// An AR2 code as the demo issues them: base45 holds spaces and $ % * + - . / :
const ar2 = 'AR2:6BFR%BH:7WY-6OZ3H1T $*8.I/V+KL';

function run(wedge: WedgeScanner, text: string, start: number, gapMs: number, extra: Partial<WedgeKey> = {}) {
  const swallowed: boolean[] = [];
  let at = start;
  for (const key of [...text].map((c) => (c === '\n' ? 'Enter' : c))) {
    swallowed.push(wedge.key({ key, at, ...extra }));
    at += gapMs;
  }
  return { swallowed, end: at };
}

describe('keyboard wedge', () => {
  it('reads a burst at scanner speed ending in Enter, spaces and symbols included, and swallows its keys', () => {
    const codes: string[] = [];
    const wedge = new WedgeScanner((code) => codes.push(code));
    const { swallowed } = run(wedge, `${ar2}\n`, 1000, 3);
    expect(codes).toEqual([ar2]);
    // From the second key on, nothing reaches a focused button: not the spaces, not the Enter.
    expect(swallowed.slice(1).every(Boolean)).toBe(true);
  });

  it('one late key (a busy machine or USB hub) does not split a scan', () => {
    const codes: string[] = [];
    const wedge = new WedgeScanner((code) => codes.push(code));
    let at = 0;
    const swallowed = [...'SCAN 12345'].map((key, i) => wedge.key({ key, at: (at += i === 1 ? 300 : i === 4 ? 90 : i === 7 ? 400 : 4) }));
    wedge.key({ key: 'Enter', at: at + 4 });
    expect(codes).toEqual(['SCAN 12345']);
    // Right after the hiccup behind the first key the timing is unclear; from the third key on (the
    // space included) the burst is known and swallowed.
    expect(swallowed.slice(2).every(Boolean)).toBe(true);
  });

  it('leaves typing alone: slow keys are no scan, and their space and Enter reach the page', () => {
    const codes: string[] = [];
    const wedge = new WedgeScanner((code) => codes.push(code));
    const { swallowed } = run(wedge, 'ab cd\n', 0, 150);
    expect(codes).toEqual([]);
    expect(swallowed.every((s) => !s)).toBe(true);
    // A lone Space or Enter (a person pressing a button) is never swallowed.
    expect(wedge.key({ key: ' ', at: 5000 })).toBe(false);
    expect(wedge.key({ key: 'Enter', at: 6000 })).toBe(false);
  });

  it('a person typing, then a scan: only the scan is read', () => {
    const codes: string[] = [];
    const wedge = new WedgeScanner((code) => codes.push(code));
    const typed = run(wedge, 'wxyz', 0, 200);
    run(wedge, 'SCAN-1234\n', typed.end + 100, 4);
    expect(codes).toEqual(['SCAN-1234']);
  });

  it('ignores keys in a text field the user is typing into, and a too-short burst', () => {
    const codes: string[] = [];
    const wedge = new WedgeScanner((code) => codes.push(code));
    const { swallowed } = run(wedge, 'SCAN-1234\n', 0, 3, { inTextField: true });
    expect(codes).toEqual([]);
    expect(swallowed.every((s) => !s)).toBe(true);
    run(wedge, 'ab\n', 1000, 3);
    expect(codes).toEqual([]);
  });

  it('Shift inside a burst does not break it; Ctrl does', () => {
    const codes: string[] = [];
    const wedge = new WedgeScanner((code) => codes.push(code));
    let at = 0;
    for (const key of ['S', 'Shift', 'C', 'A', 'N', '1', 'Enter']) wedge.key({ key, at: (at += 3) });
    expect(codes).toEqual(['SCAN1']);
    for (const key of ['S', 'C', 'A']) wedge.key({ key, at: (at += 3) });
    wedge.key({ key: 'v', at: (at += 3), ctrlKey: true });
    wedge.key({ key: 'Enter', at: at + 3 });
    expect(codes).toEqual(['SCAN1']);
  });

  it('a configured prefix marks a scan whatever the timing; a suffix ends one without Enter; both are stripped', () => {
    const codes: string[] = [];
    const wedge = new WedgeScanner((code) => codes.push(code), { prefix: '#', suffix: '!' });
    run(wedge, '#SLOW-CODE!', 0, 120);
    expect(codes).toEqual(['SLOW-CODE']);
    run(wedge, 'FAST-CODE\n', 10_000, 3);
    expect(codes).toEqual(['SLOW-CODE', 'FAST-CODE']);
    run(wedge, 'slow typing\n', 20_000, 120);
    expect(codes).toHaveLength(2);
  });
});

describe('keyboard wedge in a scan field (the PIN field, the search box)', () => {
  it('a burst typed into the field is a scan: read whole, and its Enter is swallowed so the field never submits it', () => {
    const codes: string[] = [];
    const wedge = new WedgeScanner((code) => codes.push(code));
    const { swallowed } = run(wedge, `${ar2}\n`, 1000, 3, { inTextField: true, inScanField: true });
    expect(codes).toEqual([ar2]);
    // Its letters reach the field (nothing a person types fast is lost); the Enter does not.
    expect(swallowed.slice(0, -1).some(Boolean)).toBe(false);
    expect(swallowed.at(-1)).toBe(true);
  });

  it('a person typing the PIN is no scan: no code, and their Enter submits the PIN', () => {
    const codes: string[] = [];
    const wedge = new WedgeScanner((code) => codes.push(code));
    const { swallowed } = run(wedge, '1234\n', 1000, 180, { inTextField: true, inScanField: true });
    expect(codes).toEqual([]);
    expect(swallowed.some(Boolean)).toBe(false);
  });

  it('an ordinary text field still leaves a burst alone (the walk-in form)', () => {
    const codes: string[] = [];
    const wedge = new WedgeScanner((code) => codes.push(code));
    const { swallowed } = run(wedge, 'GUEST-0042\n', 1000, 3, { inTextField: true });
    expect(codes).toEqual([]);
    expect(swallowed.some(Boolean)).toBe(false);
  });

  it('isScanField sees the data-scan-field mark', () => {
    const field = (attrs: string[]) => ({ tagName: 'INPUT', type: 'password', hasAttribute: (name: string) => attrs.includes(name) }) as unknown as EventTarget;
    expect(isScanField(field(['data-scan-field']))).toBe(true);
    expect(isScanField(field([]))).toBe(false);
    expect(isScanField(null)).toBe(false);
  });
});

describe('scan gate', () => {
  it('ignores the same code within 2 s of when it was last seen, and takes it again after', () => {
    const gate = new ScanGate();
    expect(gate.accept('A', 0)).toBe(true);
    expect(gate.accept('A', 300)).toBe(false);
    expect(gate.accept('A', 2200)).toBe(false); // seen at 300: still within 2 s
    expect(gate.accept('B', 2300)).toBe(true);
    expect(gate.accept('A', 2400)).toBe(true);
    expect(gate.accept('A', 4500)).toBe(true);
  });

  it('a hold (the camera) ignores the same code while its verdict shows, even after a gap in sightings', () => {
    const gate = new ScanGate();
    expect(gate.accept('Q', 0, 5000)).toBe(true);
    expect(gate.accept('Q', 2500, 5000)).toBe(false); // unseen for 2.5 s, but held
    expect(gate.accept('Q', 4000, 5000)).toBe(false);
    expect(gate.accept('Q', 6500, 5000)).toBe(true); // held out, and unseen for 2.5 s
  });
});
