/**
 * A real cloud for the console and registration specs: `arrivals cloud` as a person runs it (its
 * own process, a SQLite file in a temporary folder, port 0), with a manager added through
 * `arrivals cloud user add` and the password on stdin. Specs reach it only over HTTP and the page,
 * and a kiosk reaches it through the `arrivals` command (`arrivals(...)` below).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { execFile, execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const root = resolve(import.meta.dirname, '..');
const cliPath = join(root, 'bin', 'arrivals.js');

export const manager = { email: 'manager@example.org', password: 'correct horse battery staple' };
export const adminToken = 'adm_e2e-console-' + process.pid;

export interface TestCloud {
  url: string;
  dir: string;
  /** An admin-token call, for setting up what a spec does not drive through the page. */
  api(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  stop(): Promise<void>;
}

export async function startTestCloud(): Promise<TestCloud> {
  const dir = mkdtempSync(join(tmpdir(), 'arrivals-e2e-cloud-'));
  const db = join(dir, 'cloud.db');
  const added = spawnSync(process.execPath, [cliPath, 'cloud', 'user', 'add', manager.email, '--db', db], { input: `${manager.password}\n`, encoding: 'utf8' });
  if (added.status !== 0) throw new Error(`cloud user add failed: ${added.stderr}`);
  const child: ChildProcess = spawn(process.execPath, [cliPath, 'cloud', '--db', db, '--port', '0', '--json'], {
    env: { ...process.env, ARRIVALS_ADMIN_TOKEN: adminToken, ARRIVALS_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const url = await new Promise<string>((resolveUrl, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolveUrl((JSON.parse(line) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`arrivals cloud exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    dir,
    async api(method, path, body, token = adminToken) {
      const response = await fetch(url + path, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
      return { status: response.status, body: parsed };
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs the built `arrivals` command as a kiosk's operator would (its own process, without blocking
 * the spec) and returns what it printed with --json, parsed; a non-zero exit fails with its stderr.
 */
export function arrivals(...args: string[]): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((resolveRun, reject) => {
    execFile(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`arrivals ${args[0]} failed (${error.code ?? error.signal}): ${stderr || stdout}`));
      try {
        resolveRun(JSON.parse(stdout));
      } catch {
        reject(new Error(`arrivals ${args[0]} printed no JSON: ${stdout}`));
      }
    });
  });
}

/** Reads the QR codes in a screenshot of `selector` with zbarimg (one line per code). */
export async function readQr(page: Page, selector: string, dir: string): Promise<string> {
  const file = join(dir, `qr-${Date.now()}-${Math.random().toString(36).slice(2)}.png`);
  writeFileSync(file, await page.locator(selector).screenshot());
  return execFileSync('zbarimg', ['--raw', '-q', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).replace(/\n$/, '');
}

/** axe finds no serious or critical violation on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(bad, `axe on ${what}`).toEqual([]);
}
