/** `arrivals search` and `arrivals import`: finding attendees and loading attendee lists. */
import { basename } from 'node:path';
import type { AttendeeSearchResult, ImportPreview, ImportSummary } from '../../../common/contract/attendees';
import { intFlag, listFlag, stringFlag, UsageError } from '../args';
import type { Command } from '../command';
import { readInputFile } from '../files';
import { count, printable } from '../text';

export const searchCommand: Command = {
  name: 'search',
  usage: 'arrivals search TEXT --data DIR [--limit N] [--event ID] [--json]',
  summary: 'Find attendees by name, email, company or code prefix (2+ characters)',
  flags: { limit: 'string', event: 'string' },
  async run(args, io) {
    if (args.positionals.length === 0) throw new UsageError(`usage: ${searchCommand.usage}`);
    // Several words without quotes are one search: `arrivals search anna müller`.
    const text = args.positionals.join(' ');
    const { searchMinLength } = await import('../../../common/contract/attendees');
    const length = [...text.trim()].length;
    if (length < searchMinLength) throw new UsageError(`search needs at least ${searchMinLength} characters of a name, email, company or code; "${text}" has ${length}`);
    const found = await io.kiosk().router.invoke('attendees.search', {
      text,
      limit: intFlag(args, 'limit', { min: 1, max: 200 }),
      eventId: stringFlag(args, 'event'),
    });
    // --json stays the array of attendees that scripts (and the README) know; the total is for people.
    if (io.json) return io.printJson(found.attendees);
    for (const line of searchLines(text, found)) io.out(line);
  },
};

/** Name first (what staff look for), then the code shortened to what fits, the ticket type and the rest. */
export function searchLines(text: string, found: AttendeeSearchResult): string[] {
  const { attendees, total, totalCapped } = found;
  if (attendees.length === 0) return [`No attendee matches "${text}".`];
  const names = attendees.map((a) => printable([a.firstName, a.lastName].filter(Boolean).join(' ')) || '(no name)');
  const codes = attendees.map((a) => shortCode(a.code));
  const nameWidth = Math.min(32, Math.max(...names.map((n) => [...n].length)));
  const codeWidth = Math.max(...codes.map((c) => [...c].length));
  const lines = attendees.map((a, i) => {
    const extra = printable([a.company, a.email].filter(Boolean).join(', '));
    const flags = [a.status !== 'valid' ? a.status.toUpperCase() : '', a.vip ? 'VIP' : ''].filter(Boolean).join(' ');
    return [padEnd(names[i]!, nameWidth), padEnd(codes[i]!, codeWidth), `[${a.ticketType}]`, flags, extra ? `(${extra})` : ''].filter(Boolean).join('  ');
  });
  if (totalCapped || total > attendees.length) {
    const of = totalCapped ? `more than ${total.toLocaleString('en-US')}` : total.toLocaleString('en-US');
    lines.push(`${attendees.length} of ${of} shown; type more of the name, or use --limit N (up to 200).`);
  }
  return lines;
}

/**
 * A signed code is 106–121 characters (a legacy one about 176) whose start is much the same for a
 * whole event (version, key, event), so it is shown by its end (the signature), which differs; a
 * long plain code by its start and end.
 */
function shortCode(code: string): string {
  if (code.length <= 20) return code;
  return /^AR[12]:/.test(code) ? `${code.slice(0, 4)}…${code.slice(-8)}` : `${code.slice(0, 12)}…${code.slice(-6)}`;
}

function padEnd(text: string, width: number): string {
  const length = [...text].length;
  return length >= width ? text : text + ' '.repeat(width - length);
}

export const importCommand: Command = {
  name: 'import',
  usage: 'arrivals import FILE --data DIR [--map "Column=field" …] [--skip-invalid] [--event ID] [--dry-run] [--json]',
  summary: 'Import a CSV or XLSX attendee list (pretix, Eventbrite, Hi.Events, Tito, Luma, Meetup or name,email,code); --dry-run shows what it would do',
  flags: { map: 'list', 'skip-invalid': 'boolean', event: 'string', 'dry-run': 'boolean' },
  async run(args, io) {
    if (args.positionals.length !== 1) throw new UsageError(`usage: ${importCommand.usage}`);
    const file = args.positionals[0]!;
    // The CLI reads the file; the kiosk only ever receives its bytes.
    const { maxImportFileBytes } = await import('../../../common/contract/attendees');
    const bytes = readInputFile(file, maxImportFileBytes);
    if (args.flags['dry-run'] === true) {
      // The same reading as attendees.importPreview, without opening (or creating) the kiosk's data.
      const { previewAttendeeList } = await import('../../../common/node/import/preview');
      const { ArrivalsError } = await import('../../../common/contract/errors');
      let preview: ImportPreview;
      try {
        preview = await previewAttendeeList(bytes, { map: listFlag(args, 'map') });
      } catch (error) {
        if (error instanceof ArrivalsError) throw new ArrivalsError(error.code, `${basename(file)}: ${error.message}`, error.details);
        throw error;
      }
      if (io.json) io.printJson(preview);
      else printPreview(preview, io.out, io.err);
      return preview.problem || preview.errorCount > 0 ? 1 : 0;
    }
    const kiosk = io.kiosk();
    // Progress on stderr, only for lists long enough to make someone wait.
    const unsubscribe = kiosk.bus.subscribe((event, payload) => {
      const p = payload as { phase: string; rowsDone: number; rowsTotal: number | null };
      if (event === 'import.progress' && !io.json && p.phase === 'writing') io.err(p.rowsTotal === null ? `… ${count(p.rowsDone, 'row')} written` : `… ${p.rowsDone} of ${count(p.rowsTotal, 'row')} written`);
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
    err(`Import refused: ${count(s.errors.length, 'bad row')}; nothing was imported. Fix them, or use --skip-invalid to import the rest.`);
    for (const e of shown) err(`  line ${e.line}: ${e.reason}`);
    if (s.errors.length > shown.length) err(`  … and ${s.errors.length - shown.length} more (--json lists all)`);
    return;
  }
  const where = s.event.created
    ? `new event "${s.event.name}" (${s.event.id}), now this kiosk's current event`
    : `event "${s.event.name}" (${s.event.id})`;
  out(`Imported ${count(s.totalRows, 'row')} (${s.format} ${s.layout}, ${s.encoding}) into ${where}:`);
  out(`  ${s.inserted} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.skipped} skipped`);
  for (const w of s.warnings) err(`  warning: ${w}`);
  if (s.ticketTypesCreated.length > 0) out(`  new ticket types: ${s.ticketTypesCreated.join(', ')}`);
  for (const e of shown) err(`  skipped line ${e.line}: ${e.reason}`);
  if (s.errors.length > shown.length) err(`  … and ${s.errors.length - shown.length} more (--json lists all)`);
}

/** The dry run for people: what was recognised, each column, the statuses, a few rows, and what is wrong. */
function printPreview(p: ImportPreview, out: (text: string) => void, err: (text: string) => void): void {
  const source = [p.encoding, p.delimiter ? `"${p.delimiter === '\t' ? 'tab' : p.delimiter}"-separated` : '', p.sheet ? `sheet "${p.sheet}"` : ''].filter(Boolean).join(', ');
  out(`Dry run, nothing written: ${p.description} (confidence ${Math.round(p.confidence * 100)}%; ${source})`);
  out('Columns:');
  for (const c of p.columns) out(`  ${printable(c.column) || '(blank)'} → ${c.field ?? '—'}  (${c.why})`);
  if (p.statuses.length > 0) {
    out('Statuses:');
    for (const s of p.statuses) out(`  ${printable(s.column)} "${printable(s.value)}" → ${s.status ?? 'UNKNOWN (row refused)'}  ×${s.rows}`);
  }
  const c = p.statusCounts;
  out(`Rows: ${p.totalRows} in the file, ${p.goodRows} would be imported (valid ${c.valid}, pending ${c.pending}, cancelled ${c.cancelled}, refunded ${c.refunded}), ${p.errorCount} refused`);
  for (const r of p.rows.slice(0, 5)) {
    const flags = [r.status !== 'valid' ? r.status.toUpperCase() : '', r.vip ? 'VIP' : '', r.note ? `note: ${r.note}` : ''].filter(Boolean).join(', ');
    out(`  line ${r.line}: ${printable(`${r.firstName} ${r.lastName}`.trim())}  ${shortCode(r.code)}  [${printable(r.ticketType)}]${flags ? `  ${printable(flags)}` : ''}`);
  }
  if (p.rows.length > 5) out(`  … (--json shows the first ${p.rows.length} rows)`);
  for (const w of p.warnings) err(`warning: ${w}`);
  for (const e of p.errors.slice(0, 20)) err(`  line ${e.line}: ${e.reason}`);
  if (p.errorCount > 20) err(`  … and ${p.errorCount - 20} more (--json lists up to ${p.errors.length})`);
  if (p.problem) err(`The import would refuse this file: ${p.problem}`);
}
