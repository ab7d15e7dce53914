/**
 * The kiosk fixture: every test gets its own temporary data directory and a kiosk page. Where an
 * Electron binary exists (ELECTRON_PATH, or node_modules/electron/dist) the page is a real Electron
 * window; otherwise it is Debian's Chromium on the browser host (`arrivals host`). Specs use only
 * `kiosk.page`, `kiosk.dataDir` and `kiosk.cli`, so the same specs run on both faces.
 */
import { expect, test as base, _electron, type ElectronApplication, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const root = resolve(import.meta.dirname, '..');
const cliPath = join(root, 'bin', 'arrivals.js');

export function electronBinary(): string | undefined {
  const candidates = [process.env.ELECTRON_PATH, join(root, 'node_modules', 'electron', 'dist', 'electron')];
  return candidates.find((path): path is string => !!path && existsSync(path));
}

export interface KioskFixture {
  face: 'electron' | 'host';
  page: Page;
  dataDir: string;
  /** Runs `arrivals <args> --data <this test's data dir>` and returns its stdout. */
  cli(...args: string[]): string;
}

/** Starts `arrivals host` and reads the URL it prints (with this run's key), as a person would. */
async function startHost(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [cliPath, 'host', '--data', dataDir, '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout! });
  let json = '';
  for await (const line of lines) {
    json += line;
    try {
      return { url: (JSON.parse(json) as { url: string }).url, child };
    } catch {
      // --json output is indented; keep reading until it parses.
    }
  }
  throw new Error(`arrivals host exited before printing its URL: ${stderr}`);
}

export const test = base.extend<{ kiosk: KioskFixture }>({
  kiosk: async ({ page: browserPage }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'arrivals-e2e-'));
    const cli = (...args: string[]) => {
      const run = spawnSync(process.execPath, [cliPath, ...args, '--data', dataDir], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`arrivals ${args.join(' ')} failed: ${run.stderr}`);
      return run.stdout;
    };
    const electronPath = electronBinary();
    let electronApp: ElectronApplication | undefined;
    let host: ChildProcess | undefined;
    try {
      if (electronPath) {
        const args = [join(root, 'dist', 'electron', 'main.cjs'), '--data', dataDir];
        if (process.getuid?.() === 0) args.push('--no-sandbox'); // Chromium refuses its sandbox as root.
        electronApp = await _electron.launch({ executablePath: electronPath, args });
        const page = await electronApp.firstWindow();
        // The page builds window.arrivals from the preload's transport when its script runs.
        await page.waitForFunction(() => window.arrivals !== undefined);
        await use({ face: 'electron', page, dataDir, cli });
      } else {
        const started = await startHost(dataDir);
        host = started.child;
        // Any console error or uncaught exception (a CSP violation, a failed WebSocket) fails the test.
        const problems: string[] = [];
        browserPage.on('console', (message) => {
          // A refused API call (4xx with its error envelope) is the app working, not a page problem.
          const refusedCall = message.location().url.includes('/api/call/') && /status of 4\d\d/.test(message.text());
          if (message.type() === 'error' && !refusedCall) problems.push(message.text());
        });
        browserPage.on('pageerror', (error) => problems.push(error.message));
        // As a person does: open the URL the host printed. It carries this run's key, which the host
        // swaps for a cookie; without it every call and the event socket would get 401.
        await browserPage.goto(started.url);
        await browserPage.waitForSelector('html[data-arrivals-events="connected"]', { state: 'attached' });
        await browserPage.waitForFunction(() => window.arrivals !== undefined);
        await use({ face: 'host', page: browserPage, dataDir, cli });
        expect(problems, 'console errors in the kiosk page').toEqual([]);
      }
    } finally {
      await electronApp?.close();
      host?.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
