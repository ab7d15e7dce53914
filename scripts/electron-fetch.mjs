// `npm run electron:fetch`, for machines that can reach Electron's download servers:
// 1. downloads the Electron binary (npm install never does: package.json allowScripts denies it);
// 2. builds better-sqlite3 for Electron's ABI into .electron-native/better_sqlite3.node, leaving
//    node_modules' Node build alone so the CLI, host and tests keep working side by side.
import { rebuild } from '@electron/rebuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const env = { ...process.env };
delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
const fetched = spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], { stdio: 'inherit', env });
if (fetched.status !== 0) {
  console.error('electron:fetch: could not download the Electron binary (no access to its download server?)');
  process.exit(1);
}

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const work = mkdtempSync(join(tmpdir(), 'arrivals-electron-sqlite-'));
try {
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'electron-sqlite', version: '0.0.0', dependencies: { 'better-sqlite3': '*' } }));
  cpSync(join(root, 'node_modules', 'better-sqlite3'), join(work, 'node_modules', 'better-sqlite3'), { recursive: true });
  await rebuild({ buildPath: work, electronVersion, onlyModules: ['better-sqlite3'], force: true, buildFromSource: true });
  mkdirSync(join(root, '.electron-native'), { recursive: true });
  copyFileSync(join(work, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), join(root, '.electron-native', 'better_sqlite3.node'));
  console.log(`electron:fetch: Electron ${electronVersion} installed, better-sqlite3 built for it in .electron-native/`);
} catch (error) {
  console.error(`electron:fetch: building better-sqlite3 for Electron failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
