/**
 * The self-service and setup specs: kiosks made from an imported list (or fresh), each served by a
 * browser host; a real `arrivals cloud` on port 0 for enrollment; fake-camera videos made at test time
 * into the git-ignored e2e/artifacts/; screenshots of every screen into e2e/artifacts/self-service/
 * and e2e/artifacts/setup/. Any console error in a page fails the test.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { artifacts, runCli, startHost } from './desk-fixtures';

const root = resolve(import.meta.dirname, '..');
const cliPath = join(root, 'bin', 'arrivals.js');
export const supervisorPin = '2468';

/** The guests of the self-service kiosk: two a "Find me" cannot tell apart, one cancelled. */
export const guestList = [
  'name,email,company,code,status',
  'Ana Lima,ana.lima@example.org,Lima Labs,SS-ANA-1,paid',
  'Ben Okafor,ben@example.org,Okafor & Sons,SS-BEN-2,paid',
  'Cleo Park,cleo@example.org,Park Ltd,SS-CLEO-3,paid',
  'Kim Twin,kim.a@example.org,Twin Co,SS-TWIN-4,paid',
  'Kai Twin,kim.b@example.org,Twin Co,SS-TWIN-5,paid',
  'Gus Gone,gus@example.org,,SS-GUS-6,cancelled',
  'Dora Reprint,dora@example.org,Reprint AG,SS-DORA-7,paid',
  'Eli Offline,eli@example.org,Offline Inc,SS-ELI-8,paid',
  'Fay Pickup,fay@example.org,Pickup GmbH,SS-FAY-9,paid',
  'Quinn Camera,quinn@example.org,Lens Co,SS-QUINN-10,paid',
  'Rosa Staff,rosa@example.org,,SS-ROSA-11,paid',
].join('\n');

export interface Kiosk {
  url: string;
  dataDir: string;
  cli(...args: string[]): string;
  /** Check-ins of a code, with their source. */
  checkins(code: string): Array<{ source: string }>;
  close(): void;
}

export function setPin(dataDir: string, pin = supervisorPin): void {
  const run = spawnSync(process.execPath, [cliPath, 'config', '--pin', '--data', dataDir], { input: `${pin}\n`, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`arrivals config --pin failed: ${run.stderr}`);
}

/** A kiosk on `list` (imported with the CLI), in `mode`, with the supervisor PIN set; or a fresh one. */
export async function kioskHost(options: { list?: string; mode?: string } = {}): Promise<Kiosk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'arrivals-ss-'));
  if (options.list) {
    writeFileSync(join(dataDir, 'guests.csv'), options.list);
    runCli(dataDir, 'import', join(dataDir, 'guests.csv'));
    setPin(dataDir);
  }
  if (options.mode) runCli(dataDir, 'config', '--mode', options.mode);
  const { url, child } = await startHost(dataDir);
  return {
    url,
    dataDir,
    cli: (...args) => runCli(dataDir, ...args),
    checkins(code) {
      const db = new Database(join(dataDir, 'replica.sqlite'), { readonly: true, fileMustExist: true });
      try {
        return db.prepare('SELECT c.source FROM checkins c JOIN attendees a ON a.id = c.attendee_id WHERE a.code = ?').all(code) as Array<{ source: string }>;
      } finally {
        db.close();
      }
    },
    close() {
      child.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A real cloud on port 0 with its demo event; answers its URL, admin token and a setup code. */
export async function startCloud(): Promise<{ url: string; adminToken: string; eventId: string; setupCode: string; child: ChildProcess; newSetupCode(): Promise<{ setupCode: string; qrPayload: string }> }> {
  const dir = mkdtempSync(join(tmpdir(), 'arrivals-cloud-'));
  const child = spawn(process.execPath, [cliPath, 'cloud', '--demo', '--json', '--port', '0', '--db', join(dir, 'cloud.db'), '--data', join(dir, 'kiosk')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  child.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  for await (const line of createInterface({ input: child.stdout! })) {
    try {
      const first = JSON.parse(line) as { url: string; adminToken: string; eventId: string; setupCode: string };
      return {
        ...first,
        child,
        async newSetupCode() {
          const response = await fetch(`${first.url}/v1/events/${first.eventId}/devices/setup-codes`, {
            method: 'POST',
            headers: { authorization: `Bearer ${first.adminToken}`, 'content-type': 'application/json' },
            body: '{}',
          });
          if (!response.ok) throw new Error(`setup code: ${response.status} ${await response.text()}`);
          return (await response.json()) as { setupCode: string; qrPayload: string };
        },
      };
    } catch {
      // not the JSON line yet
    }
  }
  throw new Error(`arrivals cloud exited before printing its URL: ${stderr}`);
}

/** Opens a kiosk page as a person does, collecting console errors (refused calls are expected). */
export async function openKiosk(page: Page, url: string, problems: string[]): Promise<void> {
  page.on('console', (message) => {
    const refusedCall = message.location().url.includes('/api/call/') && /status of 4\d\d/.test(message.text());
    if (message.type() === 'error' && !refusedCall) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  await page.waitForSelector('html[data-arrivals-events="connected"]', { state: 'attached' });
}

export async function noSeriousAxe(page: Page, state: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${state}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

export async function shot(page: Page, folder: 'self-service' | 'setup', name: string): Promise<void> {
  mkdirSync(join(artifacts, folder), { recursive: true });
  await page.screenshot({ path: join(artifacts, folder, `${name}.png`), fullPage: true });
}

/** Every target a guest touches is at least 64 px both ways. */
export async function touchTargetsAtLeast64(page: Page): Promise<void> {
  const small = await page.$$eval('[data-testid="self-service"] button, [data-testid="self-service"] input, [data-testid="self-service"] select', (elements) =>
    elements
      .filter((e) => (e as HTMLElement).offsetParent !== null && !e.closest('dialog'))
      .map((e) => ({ id: e.getAttribute('data-testid') ?? e.textContent, box: e.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 64 || box.height < 64)
      .map(({ id, box }) => `${id} ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
  expect(small).toEqual([]);
}
