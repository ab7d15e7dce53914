// The demo event behind `npm start`, and a few of its ticket codes to try. Runs the `arrivals`
// command given as `cli` (an argv prefix), so scripts/start.mjs uses the built CLI and the test
// (scripts/demo-codes.test.ts) the sources.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const demoEventId = 'demo';

function run(cli, args) {
  const [command, ...prefix] = cli;
  const result = spawnSync(command, [...prefix, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error((result.stderr || result.stdout || `exit ${result.status}`).trim().replace(/^arrivals: /, ''));
  return JSON.parse(result.stdout);
}

/**
 * Seeds the demo event in a fresh data directory; in one that already runs the demo, opens its
 * doors again from now and picks codes nobody has used yet. A data directory that holds another
 * event is left as it is, and has no demo codes: `{ codes: [] }`.
 */
export function demoCodes(cli, dataDir, attendees = 500) {
  if (existsSync(join(dataDir, 'replica.sqlite'))) {
    const settings = run(cli, ['config', '--data', dataDir, '--json']);
    if (settings.currentEventId !== demoEventId) return { codes: [], eventId: settings.currentEventId };
  }
  const demo = run(cli, ['demo', '--data', dataDir, '--attendees', String(attendees), '--json']);
  return { codes: demo.sampleCodes, eventId: demo.eventId };
}

/** The lines `npm start` prints under the URL. */
export function codesText(codes, dataDir, count = 3) {
  if (codes.length === 0) return [];
  return [
    // Signed codes hold spaces and $ % * (base45): a shell needs them in single quotes.
    `Demo ticket codes to try: scan or paste one at the kiosk, or run npx arrivals checkin 'CODE' --data ${dataDir}`,
    ...codes.slice(0, count).map((code) => `  ${code}`),
    'Supervisor PIN on the desk (search, undo, walk-in, reprint, settings): 1234, unless you set another.',
  ];
}
