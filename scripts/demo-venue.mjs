// `npm run demo:venue`: a small venue on this machine. It starts a local cloud on the demo event,
// enrolls two kiosks to it, serves each in a browser (`arrivals host`), and prints their URLs and a
// few ticket codes. Check a guest in at one door and watch the other door answer "already in", and
// the cloud's stats count them. Everything lives in ./.arrivals-venue (made fresh each run, or
// $ARRIVALS_VENUE). Ctrl+C stops it all.
//
// DEMO_VENUE_JSON=1 prints one JSON line instead ({cloud, adminToken, eventId, kiosks: [{url, dataDir}], codes}),
// for scripts and the test.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { demoCodes } from './demo-codes.mjs';

const root = resolve(import.meta.dirname, '..');
const venue = resolve(process.env.ARRIVALS_VENUE ?? join(root, '.arrivals-venue'));
const cli = join(root, 'bin', 'arrivals.js');
const json = process.env.DEMO_VENUE_JSON === '1';
const say = (line) => {
  if (!json) console.log(line);
};

if (!existsSync(join(root, 'dist', 'cli', 'main.js')) || !existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

rmSync(venue, { recursive: true, force: true });
mkdirSync(venue, { recursive: true, mode: 0o700 });
const seedDir = join(venue, 'seed');
const children = [];

function stopAll(code) {
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(0));

/** Starts a long-running `arrivals` command and resolves with its first line of output. */
function startAndReadFirstLine(args, env = {}) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    children.push(child);
    const lines = createInterface({ input: child.stdout });
    let first = true;
    lines.on('line', (line) => {
      if (first) done(line);
      first = false;
    });
    child.on('exit', (code) => {
      if (first) fail(new Error(`arrivals ${args[0]} exited (${code}) before it started`));
      else if (code) stopAll(code);
    });
  });
}

function run(args) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`arrivals ${args.join(' ')}: ${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
}

try {
  // The demo event's tickets are made in a seed replica, which the cloud takes as its demo event.
  const { codes } = demoCodes([process.execPath, cli], seedDir, 200);
  const cloud = JSON.parse(await startAndReadFirstLine(['cloud', '--demo', '--json', '--port', '0', '--data', seedDir], { ARRIVALS_LOG_LEVEL: 'warn' }));
  const kiosks = [];
  for (const door of [1, 2]) {
    let setupCode = cloud.setupCode;
    if (door > 1) {
      const response = await fetch(`${cloud.url}/v1/events/${cloud.eventId}/devices/setup-codes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${cloud.adminToken}`, 'content-type': 'application/json' },
        body: '{}',
      });
      if (!response.ok) throw new Error(`setup code: ${response.status} ${await response.text()}`);
      setupCode = (await response.json()).setupCode;
    }
    const dataDir = join(venue, `door-${door}`);
    run(['enroll', '--server', cloud.url, '--code', setupCode, '--data', dataDir]);
    const url = (await startAndReadFirstLine(['host', '--data', dataDir, '--port', '0'])).match(/https?:\/\/\S+/)?.[0];
    if (!url) throw new Error(`door ${door}: the kiosk host printed no URL`);
    kiosks.push({ door, url, dataDir });
  }
  if (json) {
    console.log(JSON.stringify({ cloud: cloud.url, adminToken: cloud.adminToken, eventId: cloud.eventId, kiosks, codes }));
  } else {
    say(`A venue is running (data in ${venue}); press Ctrl+C to stop it.`);
    say(`  cloud:   ${cloud.url}   (admin token ${cloud.adminToken})`);
    for (const kiosk of kiosks) say(`  door ${kiosk.door}:  ${kiosk.url}`);
    say('Ticket codes to try: check one in at door 1, then scan it at door 2, which answers "already in":');
    for (const code of codes.slice(0, 3)) say(`  ${code}`);
    say(`Or from a shell: npx arrivals checkin 'CODE' --data ${kiosks[0].dataDir}`);
    say(`The cloud's count: curl -s -H 'authorization: Bearer ${cloud.adminToken}' ${cloud.url}/v1/events/${cloud.eventId}/stats`);
  }
} catch (error) {
  console.error(`demo:venue: ${error.message}`);
  stopAll(1);
}
