/**
 * The OS print queue through CUPS's own commands (`lp`, `lpstat`), on Linux and macOS. Run without
 * a shell (arguments are never parsed by one); a job is done when CUPS lists it as completed.
 */
import { execFile, spawn } from 'node:child_process';
import { PrintError } from './print-error';

function run(command: string, args: string[], timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, env: { ...process.env, LC_ALL: 'C' } }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr: String(stderr) }));
      else resolve(String(stdout));
    });
  });
}

/** Destinations CUPS knows (`lpstat -e`); empty when CUPS is not installed or not running. */
export async function listCupsQueues(): Promise<{ queues: string[]; note: string | null }> {
  try {
    const out = await run('lpstat', ['-e'], 3000);
    return { queues: out.split('\n').map((l) => l.trim()).filter(Boolean), note: null };
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') return { queues: [], note: 'CUPS is not installed (no lpstat)' };
    return { queues: [], note: `CUPS is not answering: ${(e.stderr || e.message).trim().split('\n')[0]}` };
  }
}

const alerts: Array<[RegExp, string]> = [
  [/media-empty|media-needed/, 'out of paper'],
  [/media-jam/, 'paper jam'],
  [/cover-open|door-open/, 'printer cover open'],
  [/offline/, 'printer offline'],
];

/** A readable reason from `lpstat -l -p QUEUE` when the queue is stopped or reports an alert. */
async function queueProblem(queue: string): Promise<string | null> {
  let out: string;
  try {
    out = await run('lpstat', ['-l', '-p', queue], 3000);
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') return 'CUPS is not installed (no lpstat)';
    return `print queue "${queue}" is not available: ${(e.stderr || e.message).trim().split('\n')[0]}`;
  }
  for (const [pattern, reason] of alerts) if (pattern.test(out.match(/Alerts:.*$/m)?.[0] ?? '')) return reason;
  if (/\bdisabled\b/.test(out.split('\n')[0] ?? '')) return `print queue "${queue}" is paused`;
  return null;
}

function submit(queue: string, title: string, payload: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('lp', ['-d', queue, '-t', title], { env: { ...process.env, LC_ALL: 'C' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(new PrintError(error.code === 'ENOENT' ? 'CUPS is not installed (no lp)' : `lp failed: ${error.message}`, false)),
    );
    child.stdin.on('error', () => {}); // lp exiting early is reported by its exit code below
    child.on('close', (code) => {
      const id = /request id is (\S+)/.exec(out)?.[1];
      if (code === 0 && id) resolve(id);
      else reject(new PrintError(`print queue "${queue}" refused the job: ${(err || out).trim().split('\n')[0] || `lp exited with ${code}`}`, true));
    });
    child.stdin.end(payload);
  });
}

export async function sendCups(queue: string, title: string, payload: Buffer, options: { timeoutMs: number }): Promise<void> {
  const problem = await queueProblem(queue);
  if (problem) throw new PrintError(problem, true);
  const jobId = await submit(queue, title, payload);
  // Elapsed time of a job on this machine: the monotonic clock, which no date change can stretch.
  const deadline = performance.now() + options.timeoutMs;
  // An lpstat that fails (cupsd busy or restarting) says nothing about the job: keep asking. Taking
  // it for "dropped" would retry, and print a second badge once CUPS prints the first.
  const listed = (which: string) =>
    run('lpstat', ['-W', which, '-o', queue]).then(
      (out) => out.split('\n').some((l) => l.startsWith(jobId + ' ')),
      () => null,
    );
  for (let delay = 100; performance.now() < deadline; delay = Math.min(1000, delay * 2)) {
    await new Promise((r) => setTimeout(r, delay));
    const pending = await listed('not-completed');
    if (pending !== false) continue;
    const completed = await listed('completed');
    if (completed === null) continue;
    if (completed) return;
    throw new PrintError(`print queue "${queue}" dropped job ${jobId} (cancelled or aborted)`, true);
  }
  throw new PrintError((await queueProblem(queue)) ?? `print queue "${queue}" did not finish job ${jobId} in ${Math.round(options.timeoutMs / 1000)} s`, true);
}
