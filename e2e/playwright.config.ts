import { defineConfig } from '@playwright/test';

// e2e drives the real renderer in Debian's Chromium against the browser host; when an Electron
// binary is present the same specs run in real Electron instead (see fixtures.ts).
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';

export { chromiumArgs, chromiumPath };

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: './test-results',
  timeout: 30_000,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    headless: true,
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
