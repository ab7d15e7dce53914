// QR sizes for a door webcam: modules of 0.9 mm or more on every printer, chosen per resolution
// (ZPL magnification, ESC/POS cell size), every shipped template sized for the longest code it must
// print, and a code too long for its template's QR box fails the badge with the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowIso } from '../../../common/clock';
import { sampleBadge } from './badge-data';
import { renderEscpos } from './escpos';
import { measureText } from './fonts';
import { layoutBadge, type BadgeLayout } from './layout';
import { dotsPerMm, largestFittingModules, longestCodeModules, minModuleMm, qrMatrix, qrSize } from './qr';
import { parseTemplate, type BadgeTemplate } from './template';
import { findTemplate, shippedTemplates } from './templates';
import { escposQr } from './testing/escpos-qr';
import { legacySignedCode, printKiosk, type PrintKiosk } from './testing/print-fixture';
import { PrintError } from './transports/print-error';
import { renderZpl } from './zpl';

/** The ZPL's QR: ^BQ magnification, or the dots a module of a ^GF bitmap (its width / modules). */
function zplQrDots(zpl: string, modules: number): { command: 'BQ' | 'GF'; dots: number } {
  const bq = /\^BQN,2,(\d+)/.exec(zpl);
  if (bq) return { command: 'BQ', dots: Number(bq[1]) };
  const gf = /\^GFA,(\d+),\d+,(\d+),/.exec(zpl);
  if (!gf) throw new Error('no QR in the ZPL');
  // Rows are as many as dots across: total bytes / bytes per row.
  return { command: 'GF', dots: Number(gf[1]) / Number(gf[2]) / modules };
}

function qrOf(layout: BadgeLayout) {
  const qr = layout.primitives.find((p) => p.kind === 'qr');
  if (!qr || qr.kind !== 'qr') throw new Error('no QR');
  return qr;
}

/** A QR code alone on a page, in a box of `sizeMm`, with `clear` mm of margin around it. */
function qrOnly(sizeMm: number, clear = 5): BadgeTemplate {
  return parseTemplate(
    {
      ...{ format: 'arrivals-badge-template', version: 1, name: 'qr-only', title: 'QR only', stock: 'test' },
      page: { widthMm: sizeMm + 2 * clear, heightMm: sizeMm + 2 * clear, marginMm: clear },
      blocks: [{ type: 'qr', sizeMm }],
    },
    'qr-only.json',
  );
}

const longest = { ...sampleBadge, code: sampleBadge.code };
const crowded = {
  ...longest,
  firstName: 'Wolfeschlegelsteinhausenbergerdorff '.repeat(3),
  lastName: 'Maria-Theresia '.repeat(8),
  company: 'Company '.repeat(40),
  badgeFields: Object.fromEntries('ABCDEFGH'.split('').map((k) => [k, 'value '.repeat(10)])),
};

describe('every shipped template prints the longest code (37 modules) at 0.9 mm or more', () => {
  it('the sample code is that long', () => {
    expect(qrMatrix(longest.code, 'M')).toMatchObject({ version: 5, size: longestCodeModules });
  });

  for (const template of shippedTemplates()) {
    it(`${template.name}: PDF, ZPL at 203 and 300 dpi, ESC/POS at 203 and 300 dpi, even with a crowded badge`, async () => {
      for (const data of [longest, crowded]) {
        const layout = layoutBadge(template, data, measureText);
        const qr = qrOf(layout);
        expect(qrSize(longestCodeModules, qr.size, qr.clearMm, null).moduleMm).toBeGreaterThanOrEqual(minModuleMm);
        for (const dpi of [203, 300] as const) {
          const { dots } = zplQrDots(renderZpl(layout, dpi), longestCodeModules);
          expect(dots / dotsPerMm(dpi), `ZPL ${dpi}`).toBeGreaterThanOrEqual(minModuleMm);
          const escpos = escposQr(await renderEscpos(template, data, 'epson', new Set(), dpi), 'epson');
          expect(escpos.dots / dotsPerMm(dpi), `ESC/POS ${dpi}`).toBeGreaterThanOrEqual(minModuleMm);
        }
        // The box takes 37 modules on the coarsest grid (203 dpi, 8 dots = 1.0 mm).
        expect(largestFittingModules(qr.size, qr.clearMm, 8)).toBeGreaterThanOrEqual(longestCodeModules);
      }
    });
  }
});

describe('module size per printer resolution', () => {
  it('ZPL: magnification 8 at 203 dpi (1.0 mm); at 300 dpi 11 dots (0.92 mm), sent as a bitmap since ^BQ stops at 10', () => {
    // 35 mm box, 5 mm margin: 37 modules fit at 0.946 mm at most.
    const layout = layoutBadge(qrOnly(35), longest, measureText);
    expect(zplQrDots(renderZpl(layout, 300), 37)).toEqual({ command: 'GF', dots: 11 });
    // At 203 dpi 7 dots (0.875 mm) are all that fit: the badge fails, saying why and at what resolution.
    expect(() => renderZpl(layout, 203)).toThrow(/template qr-only: this badge's QR code would be too small to scan at the door \(0\.88 mm modules at 203 dpi, under 0\.9 mm\)/);
    const roomy = layoutBadge(qrOnly(38), longest, measureText);
    expect(zplQrDots(renderZpl(roomy, 203), 37)).toEqual({ command: 'BQ', dots: 8 });
    expect(zplQrDots(renderZpl(roomy, 300), 37)).toEqual({ command: 'GF', dots: 12 });
  });

  it('ZPL: a short code in a large box stops at ^BQ magnification 10 at 203 dpi', () => {
    const layout = layoutBadge(qrOnly(48), { ...longest, code: 'ABCDEFGHJKMNPQRS' }, measureText);
    expect(zplQrDots(renderZpl(layout, 203), 21)).toEqual({ command: 'BQ', dots: 10 });
  });

  it('ESC/POS: cell size 8 at 203 dpi, 11 at 300 dpi, from the same QR box', async () => {
    const template = findTemplate(shippedTemplates(), 'receipt-80mm');
    const box = (sizeMm: number): BadgeTemplate => ({ ...template, blocks: [{ type: 'qr', sizeMm, align: 'center', errorCorrection: 'M' }] });
    // 34 mm for 37 modules: 0.919 mm at most; 7 dots at 203 dpi is 0.875 mm, 11 at 300 dpi 0.917 mm.
    expect(escposQr(await renderEscpos(box(34), longest, 'epson', new Set(), 300), 'epson').dots).toBe(11);
    await expect(renderEscpos(box(34), longest, 'epson', new Set(), 203)).rejects.toThrow(/too small to scan at the door \(0\.88 mm modules at 203 dpi/);
    expect(escposQr(await renderEscpos(box(38), longest, 'epson', new Set(), 203), 'epson').dots).toBe(8);
    expect(escposQr(await renderEscpos(box(38), longest, 'star', new Set(), 203), 'star').dots).toBe(8);
    // Star's command takes at most 8 dots a module: too few at 300 dpi, and the reason says so.
    await expect(renderEscpos(box(38), longest, 'star', new Set(), 300)).rejects.toThrow(/0\.67 mm modules at 300 dpi \(a Star QR module is at most 8 dots\)/);
  });
});

describe('a code too long for the QR box fails the badge with the reason', () => {
  it('a 45-module AR1: code on the 4×3 badge: refused by the layout, not retryable', () => {
    let error: unknown;
    try {
      layoutBadge(findTemplate(shippedTemplates(), 'badge-4x3'), { ...longest, code: legacySignedCode }, measureText);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PrintError);
    expect((error as PrintError).retryable).toBe(false);
    expect((error as PrintError).message).toMatch(
      /^template badge-4x3: this badge's QR code would be too small to scan at the door \(0\.8\d mm modules, under 0\.9 mm\): the code needs 45 modules \(QR version 7\) and the 40 mm QR box takes up to 41; print it with a template that has a larger QR box, or give the ticket a shorter code$/,
    );
  });

  it('ZPL at 203 dpi refuses what the PDF still prints (whole dots round down)', () => {
    // 41 modules (version 6) in the 4×3 box: 0.98 mm as a PDF, 7 dots (0.875 mm) at 203 dpi.
    const code = 'A'.repeat(150);
    expect(qrMatrix(code, 'M').size).toBe(41);
    const layout = layoutBadge(findTemplate(shippedTemplates(), 'badge-4x3'), { ...longest, code }, measureText);
    expect(() => renderZpl(layout, 203)).toThrow(/template badge-4x3: .*\(0\.88 mm modules at 203 dpi, under 0\.9 mm\): the code needs 41 modules \(QR version 6\) and the 40 mm QR box takes up to 37 at 203 dpi/);
    expect(zplQrDots(renderZpl(layout, 300), 41).dots).toBe(11);
  });

  it('legacy AR1: codes still print where they fit: the 4×6 badge and the receipt', async () => {
    for (const name of ['badge-4x6', 'receipt-80mm']) {
      const template = findTemplate(shippedTemplates(), name);
      const layout = layoutBadge(template, { ...longest, code: legacySignedCode }, measureText);
      for (const dpi of [203, 300] as const) expect(zplQrDots(renderZpl(layout, dpi), 45).dots / dotsPerMm(dpi)).toBeGreaterThanOrEqual(minModuleMm);
      expect(escposQr(await renderEscpos(template, { ...longest, code: legacySignedCode }, 'epson'), 'epson').dots).toBe(8);
    }
  });

  describe('through the print queue', () => {
    let k: PrintKiosk;
    beforeAll(() => {
      k = printKiosk();
      const at = nowIso(k.kiosk.context.clock);
      k.kiosk.context
        .replica()
        .prepare(
          `INSERT INTO attendees (event_id, code, first_name, last_name, company, ticket_type, badge_fields, created_at, updated_at)
           VALUES ('evt-1', ?, 'Old', 'Ticket', '', 'General', '{}', ?, ?)`,
        )
        .run(legacySignedCode, at, at);
    });
    afterAll(() => k.close());

    it('the job fails at once with the reason; the same ticket prints on the 4×6 badge', async () => {
      const { job } = await k.kiosk.router.invoke('print.badge', { code: legacySignedCode, wait: true });
      expect(job).toMatchObject({ state: 'failed', attempts: 1 });
      expect(job?.error).toMatch(/template badge-4x3: this badge's QR code would be too small to scan at the door/);
      const wide = await k.kiosk.router.invoke('print.reprint', { code: legacySignedCode, template: 'badge-4x6', wait: true });
      expect(wide.job?.state).toBe('done');
    });
  });
});
