// The print queue end to end over real sockets: a TCP listener on 127.0.0.1 receives ESC/POS and
// ZPL; printers that refuse, hang up or run out of paper fail their job clearly and the next job
// still prints; a crash mid-print is recovered; auto-print prints once per attendee.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../common/contract/index';
import { fakePrinter, refusedPort, type FakePrinter } from './testing/fake-printer';
import { guests, printKiosk, signedCode, type PrintKiosk } from './testing/print-fixture';

let k: PrintKiosk;
const printers: FakePrinter[] = [];
async function printer(behaviour?: Parameters<typeof fakePrinter>[0]) {
  const p = await fakePrinter(behaviour);
  printers.push(p);
  return p;
}
function tcp(name: string, port: number, extra: Record<string, unknown> = {}) {
  return { name, kind: 'tcp', host: '127.0.0.1', port, timeoutMs: 2000, ...extra };
}

beforeEach(() => {
  k = printKiosk('cli');
});
afterEach(async () => {
  k.close();
  await Promise.all(printers.splice(0).map((p) => p.close()));
});

describe('ESC/POS and ZPL over raw TCP', () => {
  it('Epson: init, the name, the QR command carrying the ticket code, the cut', async () => {
    const epson = await printer();
    k.writeConfig({ printers: [tcp('epson', epson.port, { language: 'escpos', model: 'epson', template: 'receipt-80mm' })] });
    const { job } = await k.kiosk.router.invoke('print.badge', { code: signedCode, printer: 'epson', wait: true });
    expect(job?.state).toBe('done');
    const bytes = epson.jobs[0]!;
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1b, 0x40]));
    expect(bytes.includes(Buffer.from('Ångström', 'latin1'))).toBe(true); // WPC1252
    const store = Buffer.concat([Buffer.from([0x1d, 0x28, 0x6b, (signedCode.length + 3) % 256, (signedCode.length + 3) >> 8, 0x31, 0x50, 0x30]), Buffer.from(signedCode)]);
    expect(bytes.includes(store)).toBe(true);
    expect(bytes.includes(Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]))).toBe(true); // print the symbol
    expect(bytes.includes(Buffer.from([0x1d, 0x56, 0x00]))).toBe(true); // full cut
  });

  it('Star: init, the name, the QR command carrying the ticket code, the cut', async () => {
    const star = await printer();
    k.writeConfig({ printers: [tcp('star', star.port, { language: 'escpos', model: 'star' })] });
    const code = guests[1]!.code; // plain code with ^ and _
    const { job } = await k.kiosk.router.invoke('print.badge', { code, printer: 'star', wait: true });
    expect(job?.state).toBe('done');
    const bytes = star.jobs[0]!;
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1b, 0x40]));
    expect(bytes.includes(Buffer.concat([Buffer.from([0x1b, 0x1d, 0x79, 0x44, 0x31, 0x00, code.length, 0x00]), Buffer.from(code)]))).toBe(true);
    expect(bytes.includes(Buffer.from([0x1b, 0x1d, 0x79, 0x50]))).toBe(true);
    expect(bytes.includes(Buffer.from([0x1b, 0x64, 0x02]))).toBe(true);
    // The Cyrillic name went out in a Cyrillic code page (switched with ESC GS t), not as "?".
    expect(bytes.includes(0x3f)).toBe(false);
    expect(bytes.includes(Buffer.from('Дмитрий', 'utf8'))).toBe(false);
  });

  it('ZPL: ^XA … ^BQ with the code … ^XZ at 203 dpi, the QR as a bitmap at 300 dpi, name in UTF-8', async () => {
    const zebra = await printer();
    k.writeConfig({ printers: [tcp('zebra', zebra.port, { language: 'zpl', template: 'badge-4x6' }), tcp('zebra300', zebra.port, { language: 'zpl', dpi: 300, template: 'badge-4x6' })] });
    expect((await k.kiosk.router.invoke('print.badge', { code: signedCode, printer: 'zebra', wait: true })).job?.state).toBe('done');
    const zpl = zebra.jobs[0]!.toString('utf8');
    expect(zpl).toMatch(/^\^XA[\s\S]*\^BQN,2,(8|9|10)\^FH\^FDMA,[\s\S]*\^XZ\s*$/);
    expect(zpl).toContain(signedCode);
    expect(zpl).toContain('Zoë');
    expect(zpl).toContain('^PW813'); // 101.6 mm at 8 dots/mm
    // ^BQ stops at 10 dots a module, 0.83 mm at 300 dpi: the symbol goes as a ^GF bitmap instead.
    expect((await k.kiosk.router.invoke('print.reprint', { code: signedCode, printer: 'zebra300', wait: true })).job?.state).toBe('done');
    const zpl300 = zebra.jobs[1]!.toString('utf8');
    expect(zpl300).toMatch(/^\^XA[\s\S]*\^GFA,\d+,\d+,\d+,[0-9A-F:]+\^FS[\s\S]*\^XZ\s*$/);
    expect(zpl300).not.toContain('^BQ');
    expect(zpl300).toContain('^PW1219'); // 101.6 mm at 12 dots/mm
  });

  it('ZPL with a Unicode font stored on the printer binds it with ^CW and uses it', async () => {
    const zebra = await printer();
    k.writeConfig({ printers: [tcp('zebra', zebra.port, { language: 'zpl', zplFont: 'E:TT0003M_.TTF' })] });
    await k.kiosk.router.invoke('print.badge', { code: guests[1]!.code, printer: 'zebra', wait: true });
    const zpl = zebra.jobs[0]!.toString('utf8');
    expect(zpl).toContain('^CW1,E:TT0003M_.TTF');
    expect(zpl).toMatch(/\^A1N,\d+,\d+\^FB\d+,1,0,[LCR],0\^FH\^FDДмитрий/);
    expect(zpl).not.toContain('^A0N');
  });
});

describe('failures are clear and the queue keeps working', () => {
  it('a refused connection is "printer offline"; the next job prints', async () => {
    const good = await printer();
    k.writeConfig({ maxAttempts: 1, printers: [tcp('gone', await refusedPort(), { language: 'zpl' }), tcp('zebra', good.port, { language: 'zpl' })] });
    const failed = await k.kiosk.router.invoke('print.badge', { code: signedCode, printer: 'gone', wait: true });
    expect(failed.job?.state).toBe('failed');
    expect(failed.job?.error).toMatch(/^printer offline \(connection refused/);
    const next = await k.kiosk.router.invoke('print.badge', { code: guests[1]!.code, printer: 'zebra', wait: true });
    expect(next.job?.state).toBe('done');
  });

  it('a printer that hangs up mid-job fails the job after its retries; the next job prints', async () => {
    const flaky = await printer('hang-up');
    const good = await printer();
    k.writeConfig({ maxAttempts: 2, printers: [tcp('flaky', flaky.port, { language: 'escpos' }), tcp('good', good.port, { language: 'escpos' })] });
    const events: Array<EventPayload<'printer.status'>> = [];
    k.kiosk.bus.subscribe((name, payload) => name === 'printer.status' && events.push(payload as EventPayload<'printer.status'>));
    const failed = await k.kiosk.router.invoke('print.badge', { code: signedCode, printer: 'flaky', wait: true });
    expect(failed.job).toMatchObject({ state: 'failed', attempts: 2 });
    expect(failed.job?.error).toMatch(/closed the connection mid-job|printer error/);
    expect(events.map((e) => e.state)).toEqual(['queued', 'printing', 'queued', 'printing', 'failed']);
    expect(events[2]?.reason).toMatch(/retrying in \d+ s \(attempt 2 of 2\)/);
    expect((await k.kiosk.router.invoke('print.badge', { code: signedCode, printer: 'good', wait: true })).job?.state).toBe('done');
  });

  it('a printer reporting paper out fails with "out of paper"', async () => {
    const empty = await printer('paper-out');
    k.writeConfig({ maxAttempts: 1, printers: [tcp('zebra', empty.port, { language: 'zpl', statusQuery: true })] });
    const { job } = await k.kiosk.router.invoke('print.badge', { code: signedCode, printer: 'zebra', wait: true });
    expect(job).toMatchObject({ state: 'failed', error: 'out of paper' });
  });

  it('an unknown template and a missing logo fail at once (no retry); awkward names print', async () => {
    const good = await printer();
    k.writeConfig({ printers: [tcp('zebra', good.port, { language: 'zpl' })] });
    const unknown = await k.kiosk.router.invoke('print.badge', { code: signedCode, printer: 'zebra', template: 'nope', wait: true });
    expect(unknown.job).toMatchObject({ state: 'failed', attempts: 1 });
    expect(unknown.job?.error).toMatch(/unknown template "nope"/);

    k.writeConfig({ logo: 'missing-logo.png', printers: [tcp('zebra', good.port, { language: 'zpl' })] });
    const logo = await k.kiosk.router.invoke('print.badge', { code: signedCode, printer: 'zebra', wait: true });
    expect(logo.job).toMatchObject({ state: 'failed', attempts: 1 });
    expect(logo.job?.error).toMatch(/logo file not found: .*missing-logo\.png/);

    k.writeConfig({ printers: [tcp('zebra', good.port, { language: 'zpl' })] });
    const notes: Record<string, string[]> = {};
    const doneEvents: Array<EventPayload<'printer.status'>> = [];
    k.kiosk.bus.subscribe((name, payload) => {
      if (name === 'printer.status' && (payload as EventPayload<'printer.status'>).state === 'done') doneEvents.push(payload as EventPayload<'printer.status'>);
    });
    for (const code of ['LONG-1', 'EMOJI-1', 'RTL-1']) {
      const { job } = await k.kiosk.router.invoke('print.badge', { code, printer: 'zebra', wait: true });
      expect(job?.state, code).toBe('done');
      notes[code] = job!.notes;
    }
    // They print, and the job says what the badge shows differently from the registration.
    expect(notes['LONG-1']).toEqual(expect.arrayContaining(['name shortened to fit']));
    expect(notes['EMOJI-1']).toEqual(['emoji left out of the name', 'control characters left out of the company']);
    expect(notes['RTL-1']).toEqual([]);
    // The done event carries the notes, so the kiosk screen can show them; none when there are none.
    expect(doneEvents.map((e) => [e.code, e.notes])).toEqual([
      ['LONG-1', notes['LONG-1']],
      ['EMOJI-1', notes['EMOJI-1']],
      ['RTL-1', undefined],
    ]);
    const listed = await k.kiosk.router.invoke('print.jobs', { code: 'EMOJI-1', limit: 5 });
    expect(listed.jobs[0]?.notes).toEqual(notes['EMOJI-1']);
    const emoji = good.jobs.at(-2)!.toString('utf8');
    expect(emoji).toContain('Ana Lima');
    for (const bad of ['\u0007', '\u001b', '\u202e', '🎉']) expect(emoji).not.toContain(bad);
    expect(good.jobs.at(-3)!.toString('utf8')).toContain('…'); // the 300-character name was cut, not overflowed
  });

  it('an unknown ticket code is refused before queueing', async () => {
    await expect(k.kiosk.router.invoke('print.badge', { code: 'NOPE', wait: true })).rejects.toThrow(/no attendee with ticket code "NOPE"/);
  });
});

describe('durability, auto-print and reprints', () => {
  it('a job left "printing" by a crash is printed when the app starts again', async () => {
    const zebra = await printer();
    k.writeConfig({ printers: [tcp('zebra', zebra.port, { language: 'zpl' })] });
    const a = await k.kiosk.router.invoke('print.badge', { code: signedCode, printer: 'zebra' });
    const b = await k.kiosk.router.invoke('print.badge', { code: guests[1]!.code, printer: 'zebra' });
    // The CLI queued both without printing; pretend the app crashed while sending the first.
    k.kiosk.context.replica().prepare(`UPDATE print_jobs SET state = 'printing', attempts = 1 WHERE id = ?`).run(a.job!.id);
    const app = k.reopen('host');
    const done = new Set<string>();
    await new Promise<void>((resolve) => {
      app.bus.subscribe((name, payload) => {
        const p = payload as EventPayload<'printer.status'>;
        if (name === 'printer.status' && p.state === 'done') done.add(p.jobId);
        if (done.size === 2) resolve();
      });
    });
    expect(done).toEqual(new Set([a.job!.id, b.job!.id]));
    expect(zebra.jobs).toHaveLength(2);
  });

  it('auto-print prints once per attendee; staff reprints; a failed job can be retried', async () => {
    const zebra = await printer();
    k.writeConfig({ defaultPrinter: 'zebra', printers: [tcp('zebra', zebra.port, { language: 'zpl' })] });
    const first = await k.kiosk.router.invoke('print.badge', { code: signedCode, mode: 'auto', wait: true });
    expect(first.job?.state).toBe('done');
    const second = await k.kiosk.router.invoke('print.badge', { code: signedCode, mode: 'auto', wait: true });
    expect(second).toMatchObject({ job: null, skipped: expect.stringMatching(/already printed/) });
    const again = await k.kiosk.router.invoke('print.reprint', { code: signedCode, wait: true });
    expect(again.job).toMatchObject({ state: 'done', reason: 'reprint' });
    const log = await k.kiosk.router.invoke('print.log', { code: signedCode });
    expect(log.entries.map((e) => e.reason)).toEqual(['auto', 'reprint']);

    k.writeConfig({ maxAttempts: 1, defaultPrinter: 'zebra', printers: [tcp('zebra', await refusedPort(), { language: 'zpl' })] });
    const failed = await k.kiosk.router.invoke('print.badge', { code: guests[1]!.code, wait: true });
    expect(failed.job?.state).toBe('failed');
    k.writeConfig({ defaultPrinter: 'zebra', printers: [tcp('zebra', zebra.port, { language: 'zpl' })] });
    const retried = await k.kiosk.router.invoke('print.retry', { jobId: failed.job!.id, wait: true });
    expect(retried.job.state).toBe('done');
    const jobs = await k.kiosk.router.invoke('print.jobs', { limit: 10 });
    expect(jobs.jobs).toHaveLength(3);
  });

  it('the PDF folder printer writes a PDF badge into DATA/badges', async () => {
    const { job } = await k.kiosk.router.invoke('print.badge', { code: signedCode, wait: true });
    expect(job).toMatchObject({ state: 'done', printer: 'pdf-folder' });
    const dir = join(k.dir, 'badges');
    expect(existsSync(dir)).toBe(true);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.pdf$/);
  });
});
