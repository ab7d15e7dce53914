// The desk's camera: Chromium's fake camera plays a .y4m made with ffmpeg from a rendered badge
// (made at test time, into the git-ignored e2e/artifacts/camera/); the app's camera path
// (@zxing/browser, the zxing-wasm decoder worker) reads its QR and the verdict appears.
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeCameraArgs, imageToY4m } from '../scripts/fake-camera.mjs';
import { artifacts, expect, openDesk, shot, test } from './desk-fixtures';
import { chromiumArgs, chromiumPath } from './playwright.config';

test.describe.configure({ timeout: 120_000 });

async function withBrowser(args: string[], run: (browser: Browser) => Promise<void>): Promise<void> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, ...args] });
  try {
    await run(browser);
  } finally {
    await browser.close();
  }
}

test('camera: the fake camera shows a rendered badge, its QR is decoded and the guest is admitted', async ({ deskHost }) => {
  const guest = deskHost.pick('valid');
  const dir = join(artifacts, 'camera');
  mkdirSync(dir, { recursive: true });
  deskHost.cli('badge', guest.code, '--out', join(dir, 'badge.pdf'));
  execFileSync('pdftoppm', ['-r', '150', '-png', '-singlefile', join(dir, 'badge.pdf'), join(dir, 'badge')]);
  const y4m = imageToY4m(join(dir, 'badge.png'), join(dir, 'badge.y4m'), { width: 640, height: 480, blankSeconds: 0.5, codeSeconds: 2 });

  await withBrowser(fakeCameraArgs(y4m), async (browser) => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const problems: string[] = [];
    await openDesk(page, deskHost.url, problems);
    await page.getByTestId('toggle-camera').click();
    await page.getByTestId('camera-start').click();
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'admitted', { timeout: 20_000 });
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-source', 'camera');
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-code', guest.code);
    await expect(page.getByTestId('verdict-name')).toHaveText(`${guest.firstName} ${guest.lastName}`);
    await shot(page, '20-camera');
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    // The badge stays in view (the video loops): it is one scan, not one per frame, because the 2 s
    // window runs from the last sighting. Only one check-in is recorded, and no "already in" shows.
    await page.waitForTimeout(3000);
    await expect(page.getByTestId('verdict')).not.toHaveAttribute('data-verdict', 'already_in');
    await page.getByTestId('camera-stop').click();
    deskHost.cli('export', 'checkins', '--out', join(dir, 'checkins.csv'));
    expect(readFileSync(join(dir, 'checkins.csv'), 'utf8').split('\r\n').filter((line) => line.includes(guest.code))).toHaveLength(1);
    expect(problems).toEqual([]);
  });
});

test('camera: a refused permission and a missing camera each get a clear message', async ({ deskHost }) => {
  // A fake camera exists, but the permission prompt is refused.
  await withBrowser(['--use-fake-device-for-media-stream'], async (browser) => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await openDesk(page, deskHost.url, []);
    await page.getByTestId('toggle-camera').click();
    await page.getByTestId('camera-start').click();
    await expect(page.getByTestId('camera-problem')).toHaveAttribute('data-problem', 'denied');
    await expect(page.getByTestId('camera-problem')).toContainText('Camera access was refused');
    await shot(page, '21-camera-denied');
  });
  // Permission granted, but this machine has no camera at all.
  await withBrowser([], async (browser) => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['camera'] })).newPage();
    await openDesk(page, deskHost.url, []);
    await page.getByTestId('toggle-camera').click();
    await page.getByTestId('camera-start').click();
    await expect(page.getByTestId('camera-problem')).toHaveAttribute('data-problem', 'none');
    await expect(page.getByTestId('camera-problem')).toContainText('No camera found');
    await shot(page, '22-camera-none');
  });
});
