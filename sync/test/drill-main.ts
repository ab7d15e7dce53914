/**
 * `npm run drill:sync`: the sync drill at full size (5 kiosks, 10,000 check-ins) three ways — under
 * random faults and partitions, with two kiosks' clocks an hour off, and with a kiosk revoked mid-run.
 * Prints progress and one JSON report per run; exits 1 if any promise of the drill failed.
 * DRILL_CHECKINS sets another size.
 */
import { drillFailures, drillFaults, runDrill, type DrillOptions } from './drill';

const hourMs = 3_600_000;
const checkins = Number(process.env.DRILL_CHECKINS ?? 10_000);
const runs: Array<{ name: string; options: DrillOptions; insideMatchesLog: boolean }> = [
  { name: 'faults', options: { kiosks: 5, checkins, seed: 1, faults: drillFaults, partitions: 4 }, insideMatchesLog: true },
  { name: 'clock skew', options: { kiosks: 5, checkins, seed: 2, faults: drillFaults, partitions: 4, clockOffsetsMs: [hourMs, -hourMs] }, insideMatchesLog: true },
  { name: 'revocation', options: { kiosks: 5, checkins, seed: 3, faults: drillFaults, partitions: 2, revokeKiosk: 4 }, insideMatchesLog: false },
];

let failed = false;
for (const run of runs) {
  console.log(`# ${run.name}: ${run.options.kiosks} kiosks, ${run.options.checkins} check-ins`);
  const report = await runDrill({ ...run.options, convergeTimeoutMs: 180_000, log: (line) => console.log(`  ${line}`) });
  console.log(JSON.stringify({ run: run.name, ...report }));
  const failures = drillFailures(report, { insideMatchesLog: run.insideMatchesLog });
  for (const failure of failures) console.log(`  FAILED: ${failure}`);
  if (failures.length) failed = true;
  else console.log('  ok');
}
process.exit(failed ? 1 : 0);
