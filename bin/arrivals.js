#!/usr/bin/env node
// The `arrivals` command. The CLI is bundled by `npm run build` (run by `npm install` through the
// prepare script); if that has not happened, say so in one line instead of a module-not-found trace.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('arrivals: not built yet; run "npm run build" in the arrivals folder\n');
  process.exit(1);
}
await import(entry);
