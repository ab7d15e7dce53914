// The page the desktop app prints to OS printers, printed by real Chromium (the engine Electron's
// webContents.print uses): for every shipped template the page comes out at the stock's size, the
// name is there as text, and the QR code rasterised by pdftoppm decodes back with zbarimg.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleBadge } from './badge-data';
import { measureText } from './fonts';
import { renderHtml } from './html';
import { layoutBadge } from './layout';
import { shippedTemplates } from './templates';
import { artifactPath, decodeQr, rasterisePdf, requireTools, signedCode } from './testing/print-fixture';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skip =
  requireTools('pdftoppm', 'zbarimg', 'pdfinfo', 'pdftotext') ??
  (existsSync(chromiumPath) ? null : process.env.CI === 'true' ? (() => { throw new Error(`CI=true but no Chromium at ${chromiumPath}`); })() : `skipped: no Chromium at ${chromiumPath}`);

const mmToPt = 72 / 25.4;

describe.skipIf(skip !== null)(`HTML badges printed by Chromium${skip ? ` (${skip})` : ''}`, () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'arrivals-html-'));
  beforeAll(async () => {
    // Chromium stands in for the OS printer here and hangs under libfaketime (CI's year-ahead run of
    // this suite), so it runs on the real clock: it is not our code whose dates are being tested.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'LD_PRELOAD' && !name.startsWith('FAKETIME')));
    browser = await chromium.launch({ executablePath: chromiumPath, env, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const template of shippedTemplates()) {
    it(`${template.name}: stock-sized page, the name as text, the QR decodes back`, async () => {
      const data = { ...sampleBadge, code: signedCode };
      const layout = layoutBadge(template, data, measureText);
      const htmlFile = join(dir, `${template.name}.html`);
      writeFileSync(htmlFile, renderHtml(layout, 'test'));
      const page = await browser.newPage();
      await page.goto(pathToFileURL(htmlFile).href);
      // As strings: this file is type-checked without the DOM's types (Node project).
      await page.evaluate('document.fonts.ready.then(() => true)');
      // The fonts are the layout's own DejaVu files, not a fallback that would measure differently.
      expect(await page.evaluate("document.fonts.check('16px ArrivalsBadge') && [...document.fonts].every((f) => f.status === 'loaded')")).toBe(true);
      const pdfFile = artifactPath(`html-${template.name}.pdf`);
      writeFileSync(pdfFile, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
      await page.close();

      const info = execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' });
      expect(info).toMatch(/Pages:\s+1\n/);
      const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
      // Chromium rounds the page to whole CSS pixels (0.75 pt); more than 1 pt off is a wrong size.
      expect(Math.abs(Number(w) - layout.widthMm * mmToPt)).toBeLessThanOrEqual(1);
      expect(Math.abs(Number(h) - layout.heightMm * mmToPt)).toBeLessThanOrEqual(1);
      const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
      expect(text).toContain('Zoë');
      expect(decodeQr(rasterisePdf(pdfFile, 300))).toEqual([signedCode]);
    });
  }
});
