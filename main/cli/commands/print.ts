/** Badge commands: render a badge to a file, print it, list templates, printers and jobs. */
import { extname } from 'node:path';
import type { PrintJob } from '../../../common/contract/print';
import { stringFlag, UsageError } from '../args';
import type { CliIO, Command } from '../command';
import { writeOutputFile } from '../files';
import { count, printable } from '../text';

// .html is the page the desktop app prints to OS printers (a preview of exactly that).
const formats: Record<string, 'pdf' | 'zpl' | 'escpos' | 'html'> = { '.pdf': 'pdf', '.zpl': 'zpl', '.bin': 'escpos', '.html': 'html' };

function oneCode(positionals: string[], usage: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected one ticket code; usage: ${usage}`);
  return positionals[0]!;
}

function dpiFlag(raw: string | undefined): 203 | 300 {
  if (raw === undefined || raw === '203') return 203;
  if (raw === '300') return 300;
  throw new UsageError('--dpi must be 203 or 300');
}

function modelFlag(raw: string | undefined): 'epson' | 'star' {
  if (raw === undefined || raw === 'epson' || raw === 'star') return raw ?? 'epson';
  throw new UsageError('--model must be epson or star');
}

/** " — name shortened to fit; emoji left out of the name", or nothing when the badge is as registered. */
function notesText(notes: string[]): string {
  return notes.length ? ` — ${notes.join('; ')}` : '';
}

function reportJob(io: CliIO, job: PrintJob | null, skipped: string | null): number {
  if (io.json) io.printJson({ job, skipped });
  else if (!job) io.out(`not printed: ${skipped}`);
  else if (job.state === 'done') io.out(`printed on ${job.printer} (${job.template}), job ${job.id}${notesText(job.notes)}`);
  else if (job.state === 'failed') io.err(`print failed on ${job.printer}: ${job.error ?? 'unknown error'} (job ${job.id}; retry with: arrivals print-retry ${job.id})`);
  else io.out(`queued on ${job.printer}, job ${job.id} (${job.state})`);
  return job?.state === 'failed' ? 1 : 0;
}

export const badgeCommand: Command = {
  name: 'badge',
  usage: 'arrivals badge CODE --data DIR [--template NAME] --out FILE.pdf|.zpl|.bin|.html [--dpi 203|300] [--model epson|star]',
  summary: "Render an attendee's badge to a file; the format follows the extension (.bin is ESC/POS)",
  flags: { template: 'string', out: 'string', dpi: 'string', model: 'string' },
  async run(args, io) {
    const code = oneCode(args.positionals, this.usage);
    const out = stringFlag(args, 'out');
    if (!out) throw new UsageError('--out FILE is required (.pdf, .zpl, .bin or .html)');
    const format = formats[extname(out).toLowerCase()];
    if (!format) throw new UsageError(`--out must end in .pdf, .zpl, .bin or .html, not "${extname(out) || out}"`);
    const template = stringFlag(args, 'template');
    const result = await io.kiosk().router.invoke('print.render', {
      code,
      format,
      dpi: dpiFlag(stringFlag(args, 'dpi')),
      model: modelFlag(stringFlag(args, 'model')),
      ...(template ? { template } : {}),
    });
    // Through a temporary file, with one clear line when FILE cannot be written (as export does).
    const file = writeOutputFile(out, Buffer.from(result.base64, 'base64'));
    if (io.json) io.printJson({ file, format: result.format, template: result.template, bytes: result.bytes, notes: result.notes });
    else io.out(`wrote ${file} (${result.format}, ${result.template}, ${count(result.bytes, 'byte')})${notesText(result.notes)}`);
  },
};

export const printCommand: Command = {
  name: 'print',
  usage: 'arrivals print CODE --data DIR [--printer NAME] [--template NAME] [--reprint | --auto] [--json]',
  summary: "Print an attendee's badge and wait for the outcome (--auto: only if never printed)",
  flags: { printer: 'string', template: 'string', reprint: 'boolean', auto: 'boolean' },
  async run(args, io) {
    const code = oneCode(args.positionals, this.usage);
    if (args.flags.reprint && args.flags.auto) throw new UsageError('--reprint and --auto exclude each other');
    const printer = stringFlag(args, 'printer');
    const template = stringFlag(args, 'template');
    const request = { code, wait: true, ...(printer ? { printer } : {}), ...(template ? { template } : {}) };
    const router = io.kiosk().router;
    const result = args.flags.reprint
      ? await router.invoke('print.reprint', request)
      : await router.invoke('print.badge', { ...request, mode: args.flags.auto ? 'auto' : 'manual' });
    return reportJob(io, result.job, result.skipped);
  },
};

export const printRetryCommand: Command = {
  name: 'print-retry',
  usage: 'arrivals print-retry JOB_ID --data DIR [--json]',
  summary: 'Try a failed print job again and wait for the outcome',
  flags: {},
  async run(args, io) {
    const jobId = oneCode(args.positionals, this.usage);
    const { job } = await io.kiosk().router.invoke('print.retry', { jobId, wait: true });
    return reportJob(io, job, null);
  },
};

export const printJobsCommand: Command = {
  name: 'print-jobs',
  usage: 'arrivals print-jobs --data DIR [--code CODE] [--json]',
  summary: 'Recent print jobs and their state, newest first',
  flags: { code: 'string' },
  async run(args, io) {
    const code = stringFlag(args, 'code');
    const { jobs } = await io.kiosk().router.invoke('print.jobs', { limit: 50, ...(code ? { code } : {}) });
    if (io.json) return io.printJson(jobs);
    if (!jobs.length) return io.out('no print jobs');
    for (const j of jobs) {
      const who = printable(j.name) || `ticket ${j.code.length > 20 ? `${j.code.slice(0, 16)}…` : j.code}`;
      io.out(`${j.createdAt}  ${j.state.padEnd(8)}  ${who}  ${j.printer}  ${j.template}  job ${j.id}${j.source === 'self_service' ? '  self-service' : ''}${j.error ? `  (${j.error})` : ''}${notesText(j.notes)}`);
    }
  },
};

export const templatesCommand: Command = {
  name: 'templates',
  usage: 'arrivals templates [--data DIR] [--json]',
  summary: 'List badge templates (shipped, and DATA/templates/*.json)',
  flags: {},
  async run(_args, io) {
    const templates = await io.kiosk().router.invoke('print.templates', {});
    if (io.json) return io.printJson(templates);
    for (const t of templates) io.out(`${t.name.padEnd(16)} ${t.title}  [${t.stock}]`);
  },
};

export const printersCommand: Command = {
  name: 'printers',
  usage: 'arrivals printers [--data DIR] [--json]',
  summary: 'List printers: CUPS queues, network printers from DATA/print.json, the PDF folder',
  flags: {},
  async run(_args, io) {
    const result = await io.kiosk().router.invoke('print.printers', {});
    if (io.json) return io.printJson(result);
    for (const p of result.printers) io.out(`${p.isDefault ? '*' : ' '} ${p.name.padEnd(20)} ${p.kind.padEnd(6)} ${p.language.padEnd(6)} ${p.target}`);
    for (const note of result.notes) io.out(`note: ${note}`);
  },
};

export const printCommands: Command[] = [badgeCommand, printCommand, printRetryCommand, printJobsCommand, templatesCommand, printersCommand];
