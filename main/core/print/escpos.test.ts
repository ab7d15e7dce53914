// ESC/POS text order: a thermal printer puts characters down left to right as they arrive, so a
// right-to-left name must be sent in visual order or it prints backwards.
import { describe, expect, it } from 'vitest';
import { sampleBadge } from './badge-data';
import { renderEscpos } from './escpos';
import { findTemplate, shippedTemplates } from './templates';
import { visualOrder } from './text';

describe('right-to-left text on ESC/POS', () => {
  it('visualOrder reverses RTL runs, keeps numbers and LTR runs readable', () => {
    expect(visualOrder('כהן')).toBe('ןהכ');
    expect(visualOrder('חברה 2000')).toBe('2000 הרבח');
    expect(visualOrder('Dana כהן')).toBe('Dana ןהכ');
    expect(visualOrder('Ada Lovelace')).toBe('Ada Lovelace');
  });

  for (const model of ['epson', 'star'] as const) {
    it(`${model}: a Hebrew name and company go out in visual order (code page 862)`, async () => {
      const data = { ...sampleBadge, firstName: 'דוד', lastName: 'כהן', company: 'חברה 2000' };
      const bytes = await renderEscpos(findTemplate(shippedTemplates(), 'receipt-80mm'), data, model);
      // PC862: כ 0x8B, ה 0x84, ן 0x8F, ח 0x87, ב 0x81, ר 0x98.
      expect(bytes.includes(Buffer.from([0x8f, 0x84, 0x8b]))).toBe(true);
      expect(bytes.includes(Buffer.from([0x8b, 0x84, 0x8f]))).toBe(false);
      expect(bytes.includes(Buffer.from([...Buffer.from('2000 '), 0x84, 0x98, 0x81, 0x87]))).toBe(true);
    });
  }
});

describe('ESC/POS notes', () => {
  it('a cut name and emoji are noted; the sample badge has no notes', async () => {
    const template = findTemplate(shippedTemplates(), 'receipt-80mm');
    const clean = new Set<string>();
    await renderEscpos(template, sampleBadge, 'epson', clean);
    expect([...clean]).toEqual([]);
    const notes = new Set<string>();
    await renderEscpos(template, { ...sampleBadge, firstName: 'Ana 🎉', lastName: 'Maria '.repeat(60) }, 'epson', notes);
    expect([...notes]).toEqual(expect.arrayContaining(['emoji left out of the name', 'name shortened to fit']));
  });
});
