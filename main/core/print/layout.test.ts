// Layout rules shared by the PDF and ZPL renderers: names fit (wrap, then shrink, then ellipsis,
// never past the box), empty fields leave no gap, hostile text is cleaned, RTL runs are ordered.
import { describe, expect, it } from 'vitest';
import { sampleBadge } from './badge-data';
import { measureText } from './fonts';
import { bottomOf, freeFields, layoutBadge, type Primitive } from './layout';
import { parseTemplate } from './template';
import { findTemplate, shippedTemplates } from './templates';
import { cleanText, fitText, visualRuns } from './text';

type TextPrim = Extract<Primitive, { kind: 'text' }>;
const texts = (prims: Primitive[]) => prims.filter((p): p is TextPrim => p.kind === 'text');

describe('fitText', () => {
  const options = { maxPt: 40, minPt: 10, maxLines: 2, bold: true };
  it('keeps a short name on one line at the largest size', () => {
    expect(fitText('Ada Lovelace', 120, options, measureText)).toMatchObject({ fontPt: 40, lines: ['Ada Lovelace'] });
  });
  it('wraps to two lines before shrinking', () => {
    const fitted = fitText('Jean-Baptiste Dupont-Aignan', 90, options, measureText);
    const oneLine = fitText('Jean-Baptiste Dupont-Aignan', 90, { ...options, maxLines: 1 }, measureText);
    expect(fitted.lines).toEqual(['Jean-Baptiste', 'Dupont-Aignan']);
    expect(fitted.fontPt).toBeGreaterThan(oneLine.fontPt);
  });
  it('a 300-character name never exceeds the width or the line count', () => {
    const name = 'Maria-Magdalena '.repeat(19).slice(0, 300);
    const fitted = fitText(name, 60, options, measureText);
    expect(fitted.lines.length).toBeLessThanOrEqual(2);
    expect(fitted.truncated).toBe(true);
    expect(fitted.lines.at(-1)).toMatch(/…$/);
    for (const line of fitted.lines) expect(measureText(line, fitted.fontPt, true)).toBeLessThanOrEqual(60);
  });
  it('breaks a double-barrelled name after its hyphen instead of shrinking the whole name', () => {
    const fitted = fitText('Zoë Ångström-Papadopoulou', 93.6, { maxPt: 34, minPt: 14, maxLines: 2, bold: true }, measureText);
    expect(fitted.lines).toEqual(['Zoë Ångström-', 'Papadopoulou']);
    expect(fitted.fontPt).toBeGreaterThanOrEqual(28);
  });
  it('a truncated hyphenated name is not given a space after its hyphen', () => {
    const fitted = fitText('Ab Cd-Efghijklmnop-Qrstuvwxyz-'.repeat(6), 40, { ...options, maxLines: 1 }, measureText);
    expect(fitted.lines[0]).not.toMatch(/- /);
  });
  it('one unbreakable 120-character word is cut inside the box', () => {
    const fitted = fitText('W'.repeat(120), 50, options, measureText);
    for (const line of fitted.lines) expect(measureText(line, fitted.fontPt, true)).toBeLessThanOrEqual(50);
  });
});

describe('cleanText', () => {
  it('drops emoji and control characters, keeps accents, Greek, Cyrillic, Hebrew', () => {
    expect(cleanText('Ana 🎉 Lima 👩‍💻🇵🇹')).toBe('Ana Lima');
    expect(cleanText('Acme\u0007\u001b[31m Corp\u202e')).toBe('Acme [31m Corp');
    expect(cleanText('Zoë Ελένη Дмитрий דוד')).toBe('Zoë Ελένη Дмитрий דוד');
  });
  it('says what it left out, and nothing for a clean name or mere line breaks', () => {
    const notes = new Set<string>();
    cleanText('Ana 🎉 Lima', 200, { what: 'name', into: notes });
    cleanText('Acme\u0007 Corp', 200, { what: 'company', into: notes });
    cleanText('x'.repeat(250), 200, { what: 'field Track', into: notes });
    expect([...notes]).toEqual(['emoji left out of the name', 'control characters left out of the company', 'field Track cut to its first 200 characters']);
    const none = new Set<string>();
    cleanText('Zoë\r\nΕλένη\tDmitriy', 200, { what: 'name', into: none });
    expect([...none]).toEqual([]);
  });
});

describe('visualRuns (minimal bidi)', () => {
  it('keeps a pure right-to-left name as one run', () => {
    expect(visualRuns('דוד כהן')).toEqual([{ text: 'דוד כהן', rtl: true }]);
  });
  it('orders mixed runs by the first strong character', () => {
    expect(visualRuns('Dana כהן')).toEqual([
      { text: 'Dana', rtl: false },
      { text: 'כהן', rtl: true },
    ]);
    expect(visualRuns('כהן Dana')).toEqual([
      { text: 'Dana', rtl: false },
      { text: 'כהן', rtl: true },
    ]);
  });
});

describe('layoutBadge', () => {
  for (const template of shippedTemplates()) {
    it(`${template.name}: everything stays on the page, even for a 300-character name`, () => {
      const data = { ...sampleBadge, firstName: 'Wolfeschlegelsteinhausenbergerdorff '.repeat(9), lastName: 'X'.repeat(60), company: 'C '.repeat(80) };
      const layout = layoutBadge(template, data, measureText);
      for (const p of layout.primitives) {
        expect(p.x).toBeGreaterThanOrEqual(0);
        expect(p.y).toBeGreaterThanOrEqual(0);
        expect(bottomOf(p)).toBeLessThanOrEqual(layout.heightMm + 0.01);
      }
      for (const t of texts(layout.primitives)) {
        expect(t.x + t.w).toBeLessThanOrEqual(layout.widthMm);
        for (const line of t.lines) expect(measureText(line, t.fontPt, t.bold)).toBeLessThanOrEqual(t.w + 0.01);
      }
    });
  }

  // Readable from 2 m: a cap height of about 7 mm, i.e. 28 pt or more in DejaVu Sans Bold. Before the
  // hyphen break and the full-width name, the 4×3 badge set this name at 11.5 pt beside the QR. The
  // 4×3 gives 45 mm of its 76 mm height to a QR code a webcam reads (37 modules of 1 mm and their
  // quiet zone), so a name on two lines gets 25 pt there (cap height 6.4 mm); one line, up to 34 pt.
  for (const [name, minPt] of [['badge-4x3', 25], ['badge-4x6', 28]] as const) {
    it(`${name}: a double-barrelled name is set large enough to read from 2 m`, () => {
      const layout = layoutBadge(findTemplate(shippedTemplates(), name), sampleBadge, measureText);
      expect(texts(layout.primitives).find((t) => t.role === 'name')!.fontPt).toBeGreaterThanOrEqual(minPt);
    });
  }

  for (const template of shippedTemplates()) {
    it(`${template.name}: no text outside the band is larger than the name, even when a long name shrinks`, () => {
      const long = { ...sampleBadge, firstName: 'Wolfeschlegelsteinhausenbergerdorff '.repeat(3), lastName: 'Maria-Theresia '.repeat(8) };
      for (const data of [sampleBadge, long]) {
        const all = texts(layoutBadge(template, data, measureText).primitives);
        const namePt = all.find((t) => t.role === 'name')!.fontPt;
        for (const t of all.filter((t) => t.role === 'text')) expect(t.fontPt).toBeLessThanOrEqual(namePt);
      }
    });
  }

  it('a template asking too much of a small label: what does not fit is left out, a QR that would be cut fails clearly', () => {
    const tiny = parseTemplate(
      {
        ...{ format: 'arrivals-badge-template', version: 1, name: 'tiny', title: 'Tiny', stock: '62×29 mm' },
        page: { widthMm: 62, heightMm: 29, marginMm: 2 },
        blocks: [
          { type: 'name', maxFontPt: 20, minFontPt: 10 },
          { type: 'text', source: 'company', fontPt: 12, minFontPt: 10, maxLines: 2 },
          { type: 'fields', fontPt: 10 },
          { type: 'qr', sizeMm: 20 },
        ],
      },
      'tiny.json',
    );
    const crowded = { ...sampleBadge, badgeFields: { A: '1', B: '2', C: '3', D: '4' } };
    expect(() => layoutBadge(tiny, crowded, measureText)).toThrow(/template tiny: this badge does not fit .* \(the QR code would be cut\)/);
    // Without a QR, on a label too short for it all even at the smallest size: the overflow is left
    // out (and the badge says so), nothing prints past the bottom margin.
    const withoutQr = { ...tiny, page: { ...tiny.page, heightMm: 20 }, blocks: tiny.blocks.filter((b) => b.type !== 'qr') };
    const layout = layoutBadge(withoutQr, { ...crowded, badgeFields: Object.fromEntries('ABCDEFGHIJ'.split('').map((k) => [k, k])) }, measureText);
    expect(layout.primitives.length).toBeGreaterThan(0);
    for (const p of layout.primitives) expect(bottomOf(p), p.kind).toBeLessThanOrEqual(20 - 2 + 0.01);
    expect(layout.notes).toEqual(['text left out for lack of room on the label']);
  });

  it("notes what the badge shows differently: a cut name, a cut company; none for the sample", () => {
    const template = findTemplate(shippedTemplates(), 'badge-4x3');
    expect(layoutBadge(template, sampleBadge, measureText).notes).toEqual([]);
    const long = { ...sampleBadge, firstName: 'Wolfeschlegelsteinhausenbergerdorff '.repeat(8), company: 'Company '.repeat(40) };
    expect(layoutBadge(template, long, measureText).notes).toEqual(expect.arrayContaining(['name shortened to fit', 'company shortened to fit']));
  });

  it('notes cleaning only for the free fields that are printed', () => {
    const notes = new Set<string>();
    const data = { ...sampleBadge, badgeFields: { Track: 'Security 🔒', Table: '12', Diet: 'Vegan 🌱' } };
    expect(freeFields(data, [], 2, notes)).toEqual(['Track: Security', 'Table: 12']);
    expect([...notes]).toEqual(['emoji left out of the field Track']);
  });

  it('a missing company leaves no gap: the next block moves up by the company height', () => {
    const template = findTemplate(shippedTemplates(), 'receipt-80mm');
    const withCompany = layoutBadge(template, sampleBadge, measureText);
    const without = layoutBadge(template, { ...sampleBadge, company: '' }, measureText);
    const qrY = (prims: Primitive[]) => prims.find((p) => p.kind === 'qr')!.y;
    const company = texts(withCompany.primitives).find((t) => t.lines[0]?.startsWith('Σύνδεσμος'))!;
    expect(texts(without.primitives).some((t) => t.lines.some((l) => l.startsWith('Σύνδεσμος')))).toBe(false);
    expect(qrY(withCompany.primitives) - qrY(without.primitives)).toBeCloseTo(company.lineMm * company.lines.length + template.gapMm, 5);
    expect(without.heightMm).toBeLessThan(withCompany.heightMm);
  });

  it('an empty logo and free fields take no space', () => {
    const template = findTemplate(shippedTemplates(), 'receipt-80mm');
    const bare = layoutBadge(template, { ...sampleBadge, badgeFields: {}, logoPath: null }, measureText);
    expect(bare.primitives.some((p) => p.kind === 'image')).toBe(false);
    expect(texts(bare.primitives).some((t) => t.lines.some((l) => l.includes('Track')))).toBe(false);
  });
});

describe('templates', () => {
  it('are validated: a wrong version or a missing field is refused with a reason', () => {
    const good = shippedTemplates()[0]!;
    expect(() => parseTemplate({ ...good, version: 2 }, 'x.json')).toThrow(/template x.json is invalid: version/);
    expect(() => parseTemplate({ ...good, page: { widthMm: -1, heightMm: 10 } }, 'y.json')).toThrow(/page.widthMm/);
  });
  it('an unknown template name is a clear not_found', () => {
    expect(() => findTemplate(shippedTemplates(), 'nope')).toThrow(/unknown template "nope" \(known: badge-4x3, badge-4x6, label-62x100, receipt-80mm\)/);
  });
});
