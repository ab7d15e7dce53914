// Round trips through independent readers, at the printers' resolutions (203 and 300 dpi): every
// template's PDF rasterised by pdftoppm and its QR read back by zbarimg; every template's ZPL drawn
// by zpl-renderer-js (Zebrash), its QR read back and ink found where the name should be; every
// template's ESC/POS QR command drawn as the printer would (its cell size, level and data) and read
// back by zbarimg and ZXing. Each symbol is measured on the image: modules of 0.9 mm or more (whole
// dots on a printer), and a blank quiet zone of 4 modules on the badge. Review PNGs go to
// test-artifacts/print/ (UPDATE_PREVIEWS=1 also refreshes printer-templates/previews/).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from 'zpl-renderer-js';
import { sampleBadge } from './badge-data';
import { renderEscpos } from './escpos';
import { measureText } from './fonts';
import { layoutBadge, type BadgeLayout } from './layout';
import { renderPdf } from './pdf';
import { dotsPerMm, longestCodeModules, minModuleMm, qrMatrix, quietZoneModules } from './qr';
import { shippedTemplates } from './templates';
import { escposQr, escposQrPng } from './testing/escpos-qr';
import { artifactPath, decodeQr, printKiosk, rasterisePdf, requireTools, signedCode, type PrintKiosk } from './testing/print-fixture';
import { darkBounds, inkRatio, readPng, symbolCheck } from './testing/png';
import { zxingDecode } from './testing/zxing';
import { renderZpl } from './zpl';

const skip = requireTools('pdftoppm', 'zbarimg');
const codes = [signedCode, 'plain-code-42_x^y', 'MixedCase-ab12~'];

/** Finds the symbol in the QR's box on a rendering with `pxPerMm`, and measures it. */
function measureSymbol(png: Buffer, layout: BadgeLayout, pxPerMm: number) {
  const qr = layout.primitives.find((p) => p.kind === 'qr');
  if (!qr || qr.kind !== 'qr') throw new Error('layout has no QR code');
  const image = readPng(png);
  const symbol = darkBounds(image, { x: qr.x * pxPerMm, y: qr.y * pxPerMm, w: qr.size * pxPerMm, h: qr.size * pxPerMm });
  if (!symbol) throw new Error('no ink in the QR box');
  const modules = qrMatrix(qr.data, qr.errorCorrection).size;
  const modulePx = (symbol.x1 - symbol.x0 + 1) / modules;
  return { modules, ...symbolCheck(image, symbol, modules, Math.floor(quietZoneModules * modulePx)) };
}

function nameBox(layout: BadgeLayout) {
  const name = layout.primitives.find((p) => p.kind === 'text' && p.role === 'name');
  if (!name || name.kind !== 'text') throw new Error('layout has no name');
  return { x: name.x, y: name.y, w: name.w, h: name.lineMm * name.lines.length };
}

describe.skipIf(skip !== null)(`badge round trips${skip ? ` (${skip})` : ''}`, () => {
  for (const template of shippedTemplates()) {
    describe(template.name, () => {
      for (const dpi of [203, 300] as const) {
        it(`PDF at ${dpi} dpi: each code's QR decodes back, modules of 0.9 mm or more, quiet zone blank`, async () => {
          for (const code of codes) {
            const layout = layoutBadge(template, { ...sampleBadge, code }, measureText);
            const pdf = await renderPdf(layout, 'test');
            const file = artifactPath(`${template.name}-${code.slice(0, 6).replace(/\W/g, '_')}-${dpi}.pdf`);
            writeFileSync(file, pdf);
            const png = rasterisePdf(file, dpi);
            expect(decodeQr(png), code).toEqual([code]);
            const symbol = measureSymbol(readFileSync(png), layout, dpi / 25.4);
            // The PDF draws exact millimetres; the rasteriser may take or add a pixel at an edge.
            const pxPerMm = dpi / 25.4;
            expect(symbol.modulePx / pxPerMm, code).toBeGreaterThanOrEqual(minModuleMm - 1.5 / (symbol.modules * pxPerMm));
            expect(symbol.quietOnPage, code).toBe(true);
            expect(symbol.quietInk, code).toBe(0);
          }
        });
      }

      it('the sample code is as long as the longest code a template must print', () => {
        expect(qrMatrix(sampleBadge.code, 'M').size).toBe(longestCodeModules);
        expect(qrMatrix(signedCode, 'M').size).toBe(longestCodeModules);
      });

      for (const dpi of [203, 300] as const) {
        it(`ZPL at ${dpi} dpi: Zebrash draws a readable QR of whole dots ≥ 0.9 mm, a blank quiet zone, and the name`, async () => {
          const { api } = await ready;
          const layout = layoutBadge(template, sampleBadge, measureText);
          const zpl = renderZpl(layout, dpi);
          const dpmm = dotsPerMm(dpi);
          const png = Buffer.from(await api.zplToBase64Async(zpl, layout.widthMm, layout.heightMm, dpmm), 'base64');
          const file = artifactPath(`${template.name}-zpl${dpi}.png`);
          writeFileSync(file, png);
          expect(decodeQr(file)).toEqual([sampleBadge.code]);
          const symbol = measureSymbol(png, layout, dpmm);
          expect(Number.isInteger(symbol.modulePx)).toBe(true);
          expect(symbol.modulePx).toBeGreaterThanOrEqual(dpi === 300 ? 11 : 8);
          expect(symbol.quietOnPage).toBe(true);
          expect(symbol.quietInk).toBe(0);
          const box = nameBox(layout);
          const image = readPng(png);
          const px = (mm: number) => mm * dpmm;
          // Glyph strokes cover a few percent of a text line's box; an empty box has none.
          expect(inkRatio(image, { x: px(box.x), y: px(box.y), w: px(box.w), h: px(box.h) })).toBeGreaterThan(0.03);
          const blank = renderZpl(layoutBadge(template, { ...sampleBadge, firstName: '', lastName: '' }, measureText), dpi);
          expect(blank).not.toContain('Zoë');
        });
      }

      for (const model of ['epson', 'star'] as const) {
        for (const dpi of [203, 300] as const) {
          it(`ESC/POS ${model} at ${dpi} dpi: the QR command's code, drawn at its cell size, reads back`, async () => {
            const bytes = renderEscpos(template, sampleBadge, model, new Set(), dpi);
            if (model === 'star' && dpi === 300) {
              // A Star QR cell is at most 8 dots: 0.67 mm at 300 dpi. The badge fails, saying so.
              await expect(bytes).rejects.toThrow(/too small to scan .*at 300 dpi \(a Star QR module is at most 8 dots\)/);
              return;
            }
            const qr = escposQr(await bytes, model);
            expect(qr).toMatchObject({ data: sampleBadge.code, errorCorrection: 'M' });
            expect(qr.dots / dotsPerMm(dpi)).toBeGreaterThanOrEqual(minModuleMm);
            expect(qr.dots).toBeGreaterThanOrEqual(dpi === 300 ? 11 : 8);
            const png = await escposQrPng(qr);
            const file = artifactPath(`${template.name}-escpos-${model}${dpi}.png`);
            writeFileSync(file, png);
            expect(decodeQr(file)).toEqual([sampleBadge.code]);
            expect(await zxingDecode(png)).toEqual([sampleBadge.code]);
          });
        }
      }

      it('ZPL keeps ^ ~ _ in a plain code intact (^FH escapes) and lowercase in byte mode', async () => {
        const { api } = await ready;
        for (const code of codes.slice(1)) {
          const layout = layoutBadge(template, { ...sampleBadge, code }, measureText);
          const png = Buffer.from(await api.zplToBase64Async(renderZpl(layout, 203), layout.widthMm, layout.heightMm, 8), 'base64');
          const file = artifactPath(`${template.name}-zpl-escaped.png`);
          writeFileSync(file, png);
          expect(decodeQr(file)).toEqual([code]);
        }
      });

      it('review image for the sample attendee (PDF at 150 dpi)', async () => {
        const pdf = await renderPdf(layoutBadge(template, sampleBadge, measureText), template.title);
        const file = artifactPath(`${template.name}.pdf`);
        writeFileSync(file, pdf);
        const png = rasterisePdf(file, 150);
        expect(readPng(readFileSync(png)).width).toBeGreaterThan(100);
        if (process.env.UPDATE_PREVIEWS === '1') {
          const previews = join(process.cwd(), 'printer-templates', 'previews');
          mkdirSync(previews, { recursive: true });
          copyFileSync(png, join(previews, `${template.name}.png`));
        }
      });
    });
  }

  describe('through the kiosk (print.render)', () => {
    let k: PrintKiosk;
    beforeAll(() => {
      k = printKiosk();
    });
    afterAll(() => k.close());

    it('renders a signed-code attendee from the replica and the QR reads back', async () => {
      const result = await k.kiosk.router.invoke('print.render', { code: signedCode, format: 'pdf', template: 'label-62x100' });
      const file = artifactPath('kiosk-signed.pdf');
      writeFileSync(file, Buffer.from(result.base64, 'base64'));
      expect(decodeQr(rasterisePdf(file, 300))).toEqual([signedCode]);
    });
  });
});
