/**
 * The desk specs share one browser host per Playwright worker, on a demo event of 1,000 attendees
 * (made once, not per test): each test opens its own page on it and takes codes nobody used yet
 * (`pick`). Any console error or uncaught exception in the page fails the test, as in fixtures.ts.
 * Screenshots go to e2e/artifacts/desk/ (git-ignored).
 */
import { expect, test as base, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const root = resolve(import.meta.dirname, '..');
const cliPath = join(root, 'bin', 'arrivals.js');
export const artifacts = join(root, 'e2e', 'artifacts');
export const demoPin = '1234';

export type CodeKind = 'valid' | 'spaced' | 'vip' | 'note' | 'cancelled' | 'crew' | 'onlyCancelled' | 'refunded' | 'pending';

const where: Record<CodeKind, string> = {
  valid: "status = 'valid' AND vip = 0 AND note = '' AND ticket_type = 'General'",
  /** base45 makes a space in most AR2 codes, not all. */
  spaced: "status = 'valid' AND vip = 0 AND note = '' AND ticket_type = 'General' AND code LIKE '% %'",
  vip: "status = 'valid' AND vip = 1 AND note = ''",
  note: "status = 'valid' AND note <> ''",
  cancelled: "status IN ('cancelled', 'refunded')",
  crew: "status = 'valid' AND ticket_type = 'Crew'",
  onlyCancelled: "status = 'cancelled'",
  refunded: "status = 'refunded'",
  pending: "status = 'pending'",
};

export interface DeskHost {
  url: string;
  dataDir: string;
  cli(...args: string[]): string;
  /** A code of that kind that no other test of this worker has used. */
  pick(kind: CodeKind): { code: string; firstName: string; lastName: string; company: string };
}

export function runCli(dataDir: string, ...args: string[]): string {
  const run = spawnSync(process.execPath, [cliPath, ...args, '--data', dataDir], { encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 3) throw new Error(`arrivals ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

export async function startHost(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [cliPath, 'host', '--data', dataDir, '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  let json = '';
  for await (const line of createInterface({ input: child.stdout! })) {
    json += line;
    try {
      return { url: (JSON.parse(json) as { url: string }).url, child };
    } catch {
      // --json output is indented; keep reading until it parses.
    }
  }
  throw new Error(`arrivals host exited before printing its URL: ${stderr}`);
}

/** A demo kiosk of `attendees` with its host; the caller closes it. */
export async function demoHost(attendees: number): Promise<DeskHost & { close(): void }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'arrivals-desk-'));
  runCli(dataDir, 'demo', '--attendees', String(attendees), '--json');
  const { url, child } = await startHost(dataDir);
  const used = new Set<string>();
  const db = new Database(join(dataDir, 'replica.sqlite'), { readonly: true, fileMustExist: true });
  return {
    url,
    dataDir,
    cli: (...args) => runCli(dataDir, ...args),
    pick(kind) {
      const rows = db
        .prepare(`SELECT code, first_name AS firstName, last_name AS lastName, company FROM attendees WHERE event_id = 'demo' AND ${where[kind]} ORDER BY id`)
        .all() as Array<{ code: string; firstName: string; lastName: string; company: string }>;
      const row = rows.find((r) => !used.has(r.code));
      if (!row) throw new Error(`no unused ${kind} code left`);
      used.add(row.code);
      return row;
    },
    close() {
      db.close();
      child.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens the desk as a person does (the printed URL with the key) and fails on any page error. */
export async function openDesk(page: Page, url: string, problems: string[]): Promise<void> {
  page.on('console', (message) => {
    const refusedCall = message.location().url.includes('/api/call/') && /status of 4\d\d/.test(message.text());
    if (message.type() === 'error' && !refusedCall) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  await page.waitForSelector('html[data-arrivals-events="connected"]', { state: 'attached' });
  await expect(page.getByTestId('desk')).toBeVisible();
  await expect(page.getByTestId('count-expected')).not.toHaveText('–');
}

/** Types a code as a USB wedge scanner does: 3 ms a key, then Enter. */
export async function wedgeScan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 3 });
  await page.keyboard.press('Enter');
}

/**
 * Types a code as a real USB scanner does, with the keys' hardware times 4 ms apart (CDP's event
 * timestamps), whatever the page takes to handle each key: a busy page (a modal dialog's field on a
 * loaded machine) can take 50 ms a key, which page.keyboard would report as a person's timing.
 */
export async function hardwareScan(page: Page, code: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  let at = Date.now() / 1000;
  const send = (type: 'keyDown' | 'keyUp', key: string, text?: string) => {
    const vk = key === 'Enter' ? 13 : key.toUpperCase().charCodeAt(0);
    return cdp.send('Input.dispatchKeyEvent', { type, key, ...(text !== undefined ? { text, unmodifiedText: text } : {}), windowsVirtualKeyCode: vk, timestamp: at });
  };
  // All keys are sent at once (CDP keeps their order), not one round trip each: on a loaded machine
  // the round trips alone took 50 ms a key, and a browser that does not keep the given timestamps
  // would see a person's timing in the middle of the code.
  const sent: Array<Promise<unknown>> = [];
  for (const c of code) {
    sent.push(send('keyDown', c, c), send('keyUp', c));
    at += 0.004;
  }
  sent.push(send('keyDown', 'Enter', '\r'), send('keyUp', 'Enter'));
  await Promise.all(sent);
  await cdp.detach();
}

export async function unlock(page: Page, pin = demoPin): Promise<void> {
  await page.getByTestId('unlock').click();
  await page.getByTestId('pin-input').fill(pin);
  await page.getByTestId('pin-submit').click();
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(join(artifacts, 'desk'), { recursive: true });
  await page.screenshot({ path: join(artifacts, 'desk', `${name}.png`) });
}

export const test = base.extend<{ desk: { page: Page; host: DeskHost } }, { deskHost: DeskHost }>({
  deskHost: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const host = await demoHost(1000);
      await use(host);
      host.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  desk: async ({ page, deskHost }, use) => {
    const problems: string[] = [];
    await page.setViewportSize({ width: 1280, height: 800 });
    await openDesk(page, deskHost.url, problems);
    await use({ page, host: deskHost });
    expect(problems, 'console errors in the desk page').toEqual([]);
  },
});

export { expect };
