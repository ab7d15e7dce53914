// `npm run cloud`: the cloud server on the kiosk demo's event, with its database beside the kiosk
// demo's replica (./.arrivals-demo, or $ARRIVALS_DATA, as for `npm start`), so a demo kiosk and the
// demo cloud share one event, its tickets and its signing key. Extra arguments go to `arrivals cloud`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const dataDir = process.env.ARRIVALS_DATA ?? join(root, '.arrivals-demo');
const cli = join(root, 'bin', 'arrivals.js');

if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const child = spawn(process.execPath, [cli, 'cloud', '--demo', '--data', dataDir, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
