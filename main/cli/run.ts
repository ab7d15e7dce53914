/**
 * The `arrivals` command line. It parses, opens the kiosk on --data, runs one command and turns
 * every failure into one line on stderr and a non-zero exit; a stack trace only with --debug,
 * because the people at the door are not the people who read stack traces.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ArrivalsError } from '../../common/contract/errors';
import type { Kiosk } from '../core/kiosk';
import { parseArgs, stringFlag, UsageError } from './args';
import type { CliIO, Command } from './command';
import { commands } from './commands/index';

export interface CliStreams {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  return env.ARRIVALS_DATA ?? join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'arrivals');
}

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: arrivals <command> [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command: --data DIR (default $ARRIVALS_DATA or ~/.local/share/arrivals), --json, --debug, --help',
  ].join('\n');
}

export async function runCli(argv: string[], streams: CliStreams): Promise<number> {
  const debug = argv.includes('--debug');
  let kiosk: Kiosk | undefined;
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === 'help') {
      streams.stdout(helpText() + '\n');
      return name === undefined ? 2 : 0;
    }
    if (name === '--version') {
      const { arrivalsVersion } = await import('../../common/version');
      streams.stdout(arrivalsVersion + '\n');
      return 0;
    }
    const command: Command | undefined = commands.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command "${name}"; run "arrivals --help" for the list`);
    const args = parseArgs(rest, command.flags);
    if (args.flags.help) {
      streams.stdout(`${command.usage}\n  ${command.summary}\n`);
      return 0;
    }
    const dataDir = resolve(stringFlag(args, 'data') ?? defaultDataDir(streams.env));
    // The core (replica, router, contract) loads only now: `--help` and a usage error never pay for it.
    const { openKiosk } = await import('../core/kiosk');
    const io: CliIO = {
      json: args.flags.json === true,
      dataDir: () => dataDir,
      kiosk: (face = 'cli', extra = {}) => (kiosk ??= openKiosk({ dataDir, face, ...extra })),
      out: (text) => streams.stdout(text + '\n'),
      err: (text) => streams.stderr(text + '\n'),
      printJson: (value) => streams.stdout(JSON.stringify(value, null, 2) + '\n'),
    };
    const code = await command.run(args, io);
    return typeof code === 'number' ? code : 0;
  } catch (error) {
    if (debug && error instanceof Error && error.stack) streams.stderr(error.stack + '\n');
    else streams.stderr(`arrivals: ${oneLine(error)}\n`);
    return error instanceof UsageError ? 2 : 1;
  } finally {
    kiosk?.close();
  }
}

function oneLine(error: unknown): string {
  if (error instanceof ArrivalsError) return error.message.replace(/\s*\n\s*/g, ' ');
  const message = error instanceof Error ? error.message : String(error);
  return `unexpected error: ${message.split('\n')[0]} (run with --debug for details)`;
}
