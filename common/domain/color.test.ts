import { describe, expect, it } from 'vitest';
import { accentOrDefault, contrastRatio, defaultAccent, inkOn, relativeLuminance } from './color';

describe('text on an event colour', () => {
  it('measures luminance and contrast as WCAG 2 does', () => {
    expect(relativeLuminance('#000000')).toBe(0);
    expect(relativeLuminance('#ffffff')).toBe(1);
    expect(contrastRatio('#000000', '#ffffff')).toBe(21);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('picks white on dark colours and black on light ones', () => {
    expect(inkOn(defaultAccent)).toBe('#ffffff');
    expect(inkOn('#1f6feb')).toBe('#ffffff');
    expect(inkOn('#ffd700')).toBe('#000000');
    expect(inkOn('#FFFFFF')).toBe('#000000');
    // Mid-tones, where near-black (#111) text would fall short of AA: black is still 4.58:1 or more.
    expect(inkOn('#767676')).toBe('#000000');
    expect(contrastRatio('#767676', inkOn('#767676'))).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps every colour at WCAG AA for normal text (4.5:1)', () => {
    let worst = 21;
    for (let r = 0; r < 256; r += 5) {
      for (let g = 0; g < 256; g += 5) {
        for (let b = 0; b < 256; b += 5) {
          const color = `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
          worst = Math.min(worst, contrastRatio(color, inkOn(color)));
        }
      }
    }
    expect(worst).toBeGreaterThanOrEqual(4.5);
  });

  it('falls back to the default accent for no colour or a malformed one', () => {
    expect(accentOrDefault(null)).toBe(defaultAccent);
    expect(accentOrDefault(undefined)).toBe(defaultAccent);
    expect(accentOrDefault('red')).toBe(defaultAccent);
    expect(accentOrDefault('#7a1f5c')).toBe('#7a1f5c');
  });
});
