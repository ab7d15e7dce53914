// Entry point of the `arrivals` binary (bundled to dist/cli/main.js; bin/arrivals.js loads it).
import { runCli } from './run';

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
});
process.exitCode = code;
