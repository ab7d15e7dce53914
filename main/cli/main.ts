// Entry point of the `arrivals` binary (bundled to dist/cli/main.js; bin/arrivals.js loads it).
import { runCli } from './run';

// `arrivals search ar | head -1`: once the reader is gone, further output is dropped and the command
// ends as it would have, instead of dying on EPIPE with a stack trace. A long-running host or cloud
// whose first line was read by `head -1` keeps serving.
const open = { stdout: true, stderr: true };
for (const name of ['stdout', 'stderr'] as const) {
  process[name].on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    open[name] = false;
  });
}

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => open.stdout && process.stdout.write(text),
  stderr: (text) => open.stderr && process.stderr.write(text),
  env: process.env,
});
process.exitCode = code;
