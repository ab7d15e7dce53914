/** `arrivals search` and `arrivals import`: finding attendees and loading attendee lists. */
import type { Attendee } from '../../../common/domain/attendee';
import { basename } from 'node:path';
import { maxImportFileBytes, type ImportSummary } from '../../../common/contract/attendees';
import { intFlag, listFlag, stringFlag, UsageError } from '../args';
import type { Command } from '../command';
import { readInputFile } from '../files';

export const searchCommand: Command = {
  name: 'search',
  usage: 'arrivals search TEXT --data DIR [--limit N] [--event ID] [--json]',
  summary: 'Find attendees by name, email, company or code prefix (2+ characters)',
  flags: { limit: 'string', event: 'string' },
  async run(args, io) {
    if (args.positionals.length === 0) throw new UsageError(`usage: ${searchCommand.usage}`);
    // Several words without quotes are one search: `arrivals search anna müller`.
    const text = args.positionals.join(' ');
    const found = await io.kiosk().router.invoke('attendees.search', {
      text,
      limit: intFlag(args, 'limit', { min: 1, max: 200 }),
      eventId: stringFlag(args, 'event'),
    });
    if (io.json) return io.printJson(found);
    if (found.length === 0) return io.out(`No attendee matches "${text}".`);
    for (const a of found) io.out(attendeeLine(a));
  },
};

function attendeeLine(a: Attendee): string {
  const name = [a.firstName, a.lastName].filter(Boolean).join(' ');
  const extra = [a.company, a.email].filter(Boolean).join(', ');
  const flags = [a.status !== 'valid' ? a.status.toUpperCase() : '', a.vip ? 'VIP' : ''].filter(Boolean).join(' ');
  return `${a.code}  ${name}${extra ? ` (${extra})` : ''}  [${a.ticketType}]${flags ? `  ${flags}` : ''}`;
}

export const importCommand: Command = {
  name: 'import',
  usage: 'arrivals import FILE --data DIR [--map "Column=field" …] [--skip-invalid] [--event ID] [--json]',
  summary: 'Import a CSV attendee list (Eventbrite, pretix, Hi.Events or name,email,code)',
  flags: { map: 'list', 'skip-invalid': 'boolean', event: 'string' },
  async run(args, io) {
    if (args.positionals.length !== 1) throw new UsageError(`usage: ${importCommand.usage}`);
    const file = args.positionals[0]!;
    // The CLI reads the file; the kiosk only ever receives its bytes.
    const bytes = readInputFile(file, maxImportFileBytes);
    const kiosk = io.kiosk();
    // Progress on stderr, only for lists long enough to make someone wait.
    const unsubscribe = kiosk.bus.subscribe((event, payload) => {
      const p = payload as { phase: string; rowsDone: number; rowsTotal: number | null };
      if (event === 'import.progress' && !io.json && p.phase === 'writing') io.err(`… ${p.rowsDone} of ${p.rowsTotal} rows written`);
    });
    let summary: ImportSummary;
    try {
      summary = await kiosk.router.invoke('attendees.import', {
        fileName: basename(file),
        contentBase64: bytes.toString('base64'),
        map: listFlag(args, 'map'),
        skipInvalid: args.flags['skip-invalid'] === true,
        eventId: stringFlag(args, 'event'),
      });
    } finally {
      unsubscribe();
    }
    if (io.json) io.printJson(summary);
    else printSummary(summary, io.out, io.err);
    return summary.rejected ? 1 : 0;
  },
};

function printSummary(s: ImportSummary, out: (text: string) => void, err: (text: string) => void): void {
  const shown = s.errors.slice(0, 50);
  if (s.rejected) {
    err(`Import refused: ${s.errors.length} bad row${s.errors.length === 1 ? '' : 's'}; nothing was imported. Fix them, or use --skip-invalid to import the rest.`);
    for (const e of shown) err(`  line ${e.line}: ${e.reason}`);
    if (s.errors.length > shown.length) err(`  … and ${s.errors.length - shown.length} more (--json lists all)`);
    return;
  }
  const where = s.event.created
    ? `new event "${s.event.name}" (${s.event.id}), now this kiosk's current event`
    : `event "${s.event.name}" (${s.event.id})`;
  out(`Imported ${s.totalRows} rows (${s.format} list, ${s.encoding}) into ${where}:`);
  out(`  ${s.inserted} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.skipped} skipped`);
  if (s.ticketTypesCreated.length > 0) out(`  new ticket types: ${s.ticketTypesCreated.join(', ')}`);
  for (const e of shown) err(`  skipped line ${e.line}: ${e.reason}`);
  if (s.errors.length > shown.length) err(`  … and ${s.errors.length - shown.length} more (--json lists all)`);
}
