// `npm start`: the kiosk on an embedded demo event (data in ./.arrivals-demo).
// With an Electron binary installed it opens the kiosk window; without one (as on machines where
// the binary cannot be downloaded) it says so in one line and serves the same kiosk to a browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { codesText, demoCodes } from './demo-codes.mjs';

const root = resolve(import.meta.dirname, '..');
const dataDir = process.env.ARRIVALS_DATA ?? join(root, '.arrivals-demo');
const cli = join(root, 'bin', 'arrivals.js');

if (!existsSync(join(root, 'dist', 'cli', 'main.js')) || !existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Seed the demo event once (a data directory that holds another event is used as it is), and pick a
// few codes nobody has used yet, to print beside the URL.
let codeLines = [];
try {
  const { codes } = demoCodes([process.execPath, cli], dataDir);
  const shown = relative(process.cwd(), dataDir);
  codeLines = codesText(codes, shown && !shown.startsWith('..') ? shown : dataDir);
} catch (error) {
  console.log(`Could not create the demo event (${error.message}); starting with an empty kiosk.`);
}

function electronBinary() {
  const candidates = [process.env.ELECTRON_PATH, join(root, 'node_modules', 'electron', 'dist', 'electron')];
  return candidates.find((path) => path && existsSync(path));
}

function portIsFree(port) {
  return new Promise((done) => {
    const probe = createServer().once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

let child;
const electron = electronBinary();
if (electron) {
  const args = [root, '--data', dataDir];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  child = spawn(electron, args, { stdio: 'inherit' });
  for (const line of codeLines) console.log(line);
} else {
  console.log('Electron is not installed here (run "npm run electron:fetch" where it can be downloaded); serving the kiosk to your browser instead.');
  const port = (await portIsFree(5780)) ? '5780' : '0';
  child = spawn(process.execPath, [cli, 'host', '--data', dataDir, '--port', port], { stdio: ['inherit', 'pipe', 'inherit'] });
  // The host's first line is its URL; the codes go right under it.
  let first = true;
  createInterface({ input: child.stdout }).on('line', (line) => {
    console.log(line);
    if (first) for (const codeLine of codeLines) console.log(codeLine);
    first = false;
  });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
