import { describe, expect, it } from 'vitest';
import { isVisible, safeText, textProblem, visibleText } from './text';

describe('the one text rule', () => {
  it('finds what no store can hold as sent: NUL and unpaired surrogates', () => {
    expect(textProblem('Zoë Ñúñez 👍')).toBeUndefined();
    expect(textProblem('a\u0000b')).toBe('contains a NUL character');
    expect(textProblem('\ud800')).toBe('contains an unpaired UTF-16 surrogate');
    expect(textProblem('x\udc00')).toBe('contains an unpaired UTF-16 surrogate');
  });

  it('tells a name that shows from one made only of invisible characters', () => {
    for (const blank of ['\u200b\u200b', '\u3164', '\u115f\u1160', '\u2800', '\ufe0f', '\u0301', '\u00ad', '\u2060', ' \u180e ']) {
      expect(isVisible(blank), JSON.stringify(blank)).toBe(false);
    }
    for (const name of ['Zoë', 'a\u200b', '李', '👍', "O'Brien"]) expect(isVisible(name), name).toBe(true);
  });

  it('makes zod schemas that refuse them with a reason', () => {
    expect(visibleText(10).safeParse('\u200b').error?.issues[0]?.message).toBe('is only invisible characters');
    expect(visibleText(10).safeParse('  Ada ').data).toBe('Ada');
    expect(visibleText(10, 0).safeParse('').success).toBe(true);
    expect(safeText(10).safeParse('a\u0000').error?.issues[0]?.message).toBe('contains a NUL character');
  });
});
