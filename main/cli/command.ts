/** What a CLI command is: its flags, its help line, and a run function over the kiosk's router. */
import type { Face, Kiosk, OpenKioskOptions } from '../core/kiosk';
import type { FlagSpec, ParsedArgs } from './args';

export interface CliIO {
  json: boolean;
  /** Opens (once) the kiosk on --data; commands that need no data directory never call it.
   *  `face` is what app.info reports: the host command serves the browser face. `extra.sync`: the
   *  sync engine for the commands that talk to the cloud (sync/service.ts), on the first open only. */
  kiosk(face?: Face, extra?: Pick<OpenKioskOptions, 'sync'>): Kiosk;
  dataDir(): string;
  out(text: string): void;
  err(text: string): void;
  /** Prints a value as stable, indented JSON (for --json). */
  printJson(value: unknown): void;
}

export interface Command {
  /** The first word(s) after `arrivals`; `export checkins` is the command `export`. */
  name: string;
  usage: string;
  summary: string;
  flags: FlagSpec;
  /** Long-running commands (host, cloud) resolve only when they should exit. A command module stays
   *  cheap to load (every one is loaded for --help): anything heavy is imported inside run. */
  run(args: ParsedArgs, io: CliIO): Promise<number | void>;
}
