/**
 * `npm run bench:ui:selfservice` (and part of `bench:ui`): the guests' self-service kiosk in real
 * Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) through the built browser host, against a
 * demo event of 100,000 attendees (BENCH_UI_ATTENDEES to change it), printing to the `pdf-folder`
 * printer. One JSON line:
 *   selfservice_scan_to_badge_p95_ms  from a wedge scan's final Enter (its keydown's timeStamp) to the
 *                                     badge's PDF complete in DATA/badges/ (the folder printer writes
 *                                     a .partial file and renames it); the "Is this you?" tap is made
 *                                     the moment the confirmation shows. Target ≤ 1,000.
 * The first guest is a warm-up (the PDF renderer and its fonts load with the first badge). Bounded:
 * every wait has a timeout.
 */
import Database from 'better-sqlite3';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { metric, percentile } from './metrics';
import { arrivals, chromiumArgs, chromiumPath, root, startHost } from './ui-host';

const attendees = Number(process.env.BENCH_UI_ATTENDEES ?? 100_000);
const samples = 25;


const slug = (first: string, last: string) =>
  `${first} ${last}`.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

async function main(): Promise<void> {
  if (!existsSync(join(root, 'dist', 'cli'))) {
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'arrivals-bench-ss-'));
  let host: ChildProcess | undefined;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    console.error(`bench:ui:selfservice: demo event of ${attendees} attendees…`);
    arrivals(dataDir, 'demo', '--attendees', String(attendees), '--json');
    arrivals(dataDir, 'config', '--mode', 'self-service');
    const db = new Database(join(dataDir, 'replica.sqlite'), { readonly: true });
    const guests = db
      .prepare("SELECT code, first_name AS firstName, last_name AS lastName FROM attendees WHERE status = 'valid' AND vip = 0 AND note = '' AND ticket_type = 'General' ORDER BY id LIMIT ?")
      .all(samples + 1) as Array<{ code: string; firstName: string; lastName: string }>;
    db.close();
    const started = await startHost(dataDir);
    host = started.child;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(started.url);
    await page.waitForSelector('html[data-arrivals-events="connected"]', { state: 'attached', timeout: 30_000 });
    await page.waitForSelector('[data-testid=guest-attract]', { timeout: 30_000 });
    await page.evaluate(() => {
      const w = window as unknown as { lastEnterAt: number };
      window.addEventListener('keydown', (e) => e.key === 'Enter' && (w.lastEnterAt = performance.timeOrigin + e.timeStamp), true);
    });
    const badges = join(dataDir, 'badges');
    const times: number[] = [];
    for (const [i, guest] of guests.entries()) {
      const prefix = slug(guest.firstName, guest.lastName);
      const before = new Set(existsSync(badges) ? readdirSync(badges) : []);
      await page.keyboard.type(guest.code, { delay: 3 });
      await page.keyboard.press('Enter');
      await page.getByTestId('guest-yes').click({ timeout: 10_000 });
      let doneAt: number | null = null;
      const deadline = performance.now() + 15_000;
      while (doneAt === null && performance.now() < deadline) {
        const fresh = existsSync(badges) ? readdirSync(badges).filter((f) => !before.has(f) && f.startsWith(prefix) && f.endsWith('.pdf')) : [];
        if (fresh.length > 0) doneAt = performance.timeOrigin + performance.now();
        else await new Promise((r) => setTimeout(r, 2));
      }
      const enter = await page.evaluate(() => (window as unknown as { lastEnterAt: number }).lastEnterAt);
      if (doneAt !== null && i > 0) times.push(doneAt - enter);
      await page.getByTestId('guest-next').click({ timeout: 10_000 });
      await page.waitForSelector('[data-testid=guest-attract]', { timeout: 10_000 });
    }
    if (times.length < samples / 2) throw new Error(`only ${times.length} of ${samples} badges were printed`);
    metric('selfservice_scan_to_badge_p95_ms', percentile(times, 95), 'ms');
  } finally {
    await browser.close();
    host?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
