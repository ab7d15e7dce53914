/** `arrivals export checkins`: the check-in record as CSV, written by the CLI to --out FILE. */
import { stringFlag, UsageError } from '../args';
import type { Command } from '../command';
import { writeOutputFile } from '../files';
import { count } from '../text';

export const exportCommand: Command = {
  name: 'export',
  usage: 'arrivals export checkins --data DIR --out FILE [--event ID] [--json]',
  summary: 'Export check-ins (who, when, kiosk, direction, verdict, undone) as CSV',
  flags: { out: 'string', event: 'string' },
  async run(args, io) {
    if (args.positionals.length !== 1 || args.positionals[0] !== 'checkins') throw new UsageError(`usage: ${exportCommand.usage}`);
    const out = stringFlag(args, 'out');
    if (!out) throw new UsageError(`--out FILE is required; usage: ${exportCommand.usage}`);
    const { csv, rows, undone } = await io.kiosk().router.invoke('checkins.export', { eventId: stringFlag(args, 'event') });
    // The kiosk returns the CSV; the CLI writes it (replacing FILE), through a temporary file.
    const path = writeOutputFile(out, csv);
    if (io.json) return io.printJson({ path, rows, undone });
    io.out(`Wrote ${count(rows, 'check-in')} (${undone} undone) to ${path}.`);
  },
};
