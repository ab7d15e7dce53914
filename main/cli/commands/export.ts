/** `arrivals export checkins`: the check-in record as CSV. */
import { resolve } from 'node:path';
import { stringFlag, UsageError } from '../args';
import type { Command } from '../command';
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
    const result = await io.kiosk().router.invoke('checkins.export', { out: resolve(out), eventId: stringFlag(args, 'event') });
    if (io.json) return io.printJson(result);
    io.out(`Wrote ${count(result.rows, 'check-in')} (${result.undone} undone) to ${result.path}.`);
  },
};
