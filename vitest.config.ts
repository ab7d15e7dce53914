import { defineConfig } from 'vitest/config';

// Unit and integration tests (real SQLite, real servers on port 0). e2e/ runs under Playwright.
export default defineConfig({
  test: {
    include: ['{common,main,sync,cloud,printer-templates,scripts}/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
