// Round trips through independent readers: every template's PDF rasterised by pdftoppm and its QR
// read back by zbarimg; every template's ZPL drawn by zpl-renderer-js (Zebrash) at 203 and 300 dpi,
// its QR read back and ink found where the name should be. Review PNGs go to test-artifacts/print/
// (UPDATE_PREVIEWS=1 also refreshes printer-templates/previews/).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ready } from 'zpl-renderer-js';
import { sampleBadge, type BadgeData } from './badge-data';
import { measureText } from './fonts';
import { layoutBadge, type BadgeLayout } from './layout';
import { renderPdf } from './pdf';
import { shippedTemplates } from './templates';
import { artifactPath, decodeQr, printKiosk, rasterisePdf, requireTools, signedCode, type PrintKiosk } from './testing/print-fixture';
import { inkRatio, readPng } from './testing/png';
import { renderZpl } from './zpl';

const skip = requireTools('pdftoppm', 'zbarimg');
const codes = [signedCode, 'plain-code-42_x^y', 'MixedCase-ab12~'];

function nameBox(layout: BadgeLayout) {
  const name = layout.primitives.find((p) => p.kind === 'text' && p.role === 'name');
  if (!name || name.kind !== 'text') throw new Error('layout has no name');
  return { x: name.x, y: name.y, w: name.w, h: name.lineMm * name.lines.length };
}

describe.skipIf(skip !== null)(`badge round trips${skip ? ` (${skip})` : ''}`, () => {
  for (const template of shippedTemplates()) {
    describe(template.name, () => {
      for (const code of codes) {
        it(`PDF QR decodes back to ${code.slice(0, 12)}… at 300 dpi`, async () => {
          const data: BadgeData = { ...sampleBadge, code };
          const pdf = await renderPdf(layoutBadge(template, data, measureText), 'test');
          const file = artifactPath(`${template.name}-${code.slice(0, 6).replace(/\W/g, '_')}.pdf`);
          writeFileSync(file, pdf);
          expect(decodeQr(rasterisePdf(file, 300))).toEqual([code]);
        });
      }

      for (const dpi of [203, 300] as const) {
        it(`ZPL at ${dpi} dpi: Zebrash draws a readable QR and the name`, async () => {
          const { api } = await ready;
          const layout = layoutBadge(template, sampleBadge, measureText);
          const zpl = renderZpl(layout, dpi);
          const dpmm = dpi === 300 ? 12 : 8;
          const png = Buffer.from(await api.zplToBase64Async(zpl, layout.widthMm, layout.heightMm, dpmm), 'base64');
          const file = artifactPath(`${template.name}-zpl${dpi}.png`);
          writeFileSync(file, png);
          expect(decodeQr(file)).toEqual([sampleBadge.code]);
          const box = nameBox(layout);
          const image = readPng(png);
          const px = (mm: number) => mm * dpmm;
          // Glyph strokes cover a few percent of a text line's box; an empty box has none.
          expect(inkRatio(image, { x: px(box.x), y: px(box.y), w: px(box.w), h: px(box.h) })).toBeGreaterThan(0.03);
          const blank = renderZpl(layoutBadge(template, { ...sampleBadge, firstName: '', lastName: '' }, measureText), dpi);
          expect(blank).not.toContain('Zoë');
        });
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
