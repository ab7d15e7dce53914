import { defineConfig } from 'vitest/config';

// Unit and integration tests (real SQLite, real servers on port 0); the renderer's pure parts (the
// wedge, the stores with a stand-in API) run under Node too. e2e/ runs under Playwright.
export default defineConfig({
  test: {
    include: ['{common,main,sync,cloud,printer-templates,scripts,renderer}/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
