// The self-service kiosk's rules on a real replica and print queue (a pdf-folder printer): a dry-run
// lookup writes nothing, "Find me" answers only one exact match, a confirmed guest is checked in
// with source self_service and gets one badge, an already checked-in guest gets one reprint (in the
// print log) and is then sent to the desk, print-only mode prints and records no check-in.
import { readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { doorFixture, type DoorFixture } from '../checkin/door-fixture';
import { insertAttendee } from '../db/checkin-queries';
import { openKiosk, type Kiosk } from '../kiosk';
import { refusedPort } from '../print/testing/fake-printer';

let door: DoorFixture;
let kiosk: Kiosk;

function guest(code: string, firstName: string, lastName: string, email: string, extra: { status?: 'valid' | 'cancelled'; badgeFields?: Record<string, string>; note?: string } = {}) {
  insertAttendee(
    door.db,
    {
      eventId: door.eventId,
      code,
      ticketId: null,
      firstName,
      lastName,
      email,
      company: `${lastName} & Co`,
      ticketType: 'General',
      status: extra.status ?? 'valid',
      vip: false,
      note: extra.note ?? '',
      badgeFields: extra.badgeFields ?? {},
      origin: 'import',
    },
    door.t0,
  );
}

beforeEach(() => {
  door = doorFixture();
  guest('C-ANA', 'Ana', 'Lima', 'ana@example.org', { badgeFields: { 'Order code': 'ORD77' } });
  guest('C-BEN', 'Ben', 'Smith-Jones', 'ben@example.org');
  // Two guests a "Find me" cannot tell apart: same last name, same email start.
  guest('C-TWIN1', 'Kim', 'Park', 'kim.park@example.org');
  guest('C-TWIN2', 'Kai', 'Park', 'kim.p@example.com');
  guest('C-GONE', 'Gus', 'Gone', 'gus@example.org', { status: 'cancelled' });
  guest('C-NOTE', 'Nia', 'Noted', 'nia@example.org', { note: 'collect speaker gift' });
  // The same order code on two tickets: a booking code that is not one guest's.
  guest('C-FAM1', 'Fay', 'Family', 'fay@example.org', { badgeFields: { 'Order code': 'FAM01' } });
  guest('C-FAM2', 'Fin', 'Family', 'fin@example.org', { badgeFields: { 'Order code': 'FAM01' } });
  kiosk = openKiosk({ dataDir: door.dataDir, face: 'host', clock: door.clock });
});
afterEach(() => {
  kiosk.close();
  door.close();
});

const call = <T = any>(method: string, input: unknown) => kiosk.router.call(method, input) as Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
const checkins = () => door.db.prepare('SELECT code, source FROM checkins c JOIN attendees a ON a.id = c.attendee_id').all() as Array<{ code: string; source: string }>;

async function jobDone(jobId: string) {
  for (let i = 0; i < 400; i++) {
    const { jobs } = await call<{ jobs: Array<{ id: string; state: string }> }>('print.jobs', { limit: 50 });
    const job = jobs.find((j) => j.id === jobId);
    if (job && (job.state === 'done' || job.state === 'failed')) return job;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`job ${jobId} did not finish`);
}

describe('lookup (a scanned code)', () => {
  it('shows the guest and that the badge can print, and writes nothing', async () => {
    const looked = await call('selfService.lookup', { code: 'C-ANA' });
    expect(looked).toEqual({ outcome: 'ready', guest: { code: 'C-ANA', firstName: 'Ana', lastName: 'Lima', company: 'Lima & Co', ticketType: 'General' }, verdict: 'admitted', reprintAllowed: false });
    expect(checkins()).toEqual([]);
    expect(door.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
  });

  it('an unknown or cancelled code shows nothing personal', async () => {
    expect(await call('selfService.lookup', { code: 'NOPE-1' })).toEqual({ outcome: 'refused', guest: null, verdict: 'unknown', reprintAllowed: false });
    expect(await call('selfService.lookup', { code: 'C-GONE' })).toEqual({ outcome: 'refused', guest: null, verdict: 'cancelled', reprintAllowed: false });
  });

  it('a validly signed code not yet in the replica is ready, and the dry run does not add it', async () => {
    const code = door.sign(4242);
    expect(await call('selfService.lookup', { code })).toMatchObject({ outcome: 'ready', verdict: 'admitted' });
    expect(door.db.prepare('SELECT count(*) AS n FROM attendees WHERE code = ?').get(code)).toEqual({ n: 0 });
  });
});

describe('find me', () => {
  it('finds exactly one guest by last name (case, accents and hyphens ignored) and the first 3 letters of the email', async () => {
    expect(await call('selfService.find', { lastName: 'lima', emailStart: 'ANA' })).toMatchObject({ outcome: 'ready', guest: { code: 'C-ANA', firstName: 'Ana' } });
    expect(await call('selfService.find', { lastName: 'Smith Jones', emailStart: 'ben' })).toMatchObject({ guest: { code: 'C-BEN' } });
    expect(await call('selfService.find', { lastName: 'smithjones', emailStart: 'ben' })).toMatchObject({ guest: { code: 'C-BEN' } });
  });

  it('zero or several matches answer nothing at all', async () => {
    const nothing = { outcome: 'refused', guest: null, verdict: 'unknown', reprintAllowed: false };
    expect(await call('selfService.find', { lastName: 'Park', emailStart: 'kim' })).toEqual(nothing);
    expect(await call('selfService.find', { lastName: 'Lima', emailStart: 'bob' })).toEqual(nothing);
    // A prefix of the last name is not the last name.
    expect(await call('selfService.find', { lastName: 'Lim', emailStart: 'ana' })).toEqual(nothing);
    expect(await call('selfService.find', { bookingCode: 'FAM01' })).toEqual(nothing);
  });

  it('finds a guest by booking code: the ticket code (any case) or an order code on one ticket', async () => {
    expect(await call('selfService.find', { bookingCode: 'c-ana' })).toMatchObject({ guest: { code: 'C-ANA' } });
    expect(await call('selfService.find', { bookingCode: 'ord77' })).toMatchObject({ guest: { code: 'C-ANA' } });
  });

  it('refuses a malformed query with a clear error', async () => {
    await expect(call('selfService.find', { lastName: 'Lima', emailStart: 'an' })).rejects.toMatchObject({ code: 'bad_input' });
    await expect(call('selfService.find', { lastName: 'Lima' })).rejects.toMatchObject({ code: 'bad_input' });
  });
});

describe('confirm', () => {
  it('checks the guest in with source self_service and prints one badge', async () => {
    const done = await call<{ checkinId: string; job: { id: string } }>('selfService.confirm', { code: 'C-ANA' });
    expect(done).toMatchObject({ verdict: 'admitted', seeDesk: false, checkinId: expect.any(String), job: { code: 'C-ANA', reason: 'auto' } });
    expect(checkins()).toEqual([{ code: 'C-ANA', source: 'self_service' }]);
    expect(await jobDone(done.job.id)).toMatchObject({ state: 'done' });
    expect(readdirSync(join(door.dataDir, 'badges')).filter((f) => f.startsWith('ana-lima'))).toHaveLength(1);
    // Scanned again: already in, with one reprint allowed.
    expect(await call('selfService.lookup', { code: 'C-ANA' })).toMatchObject({ outcome: 'already_in', reprintAllowed: true, guest: { firstName: 'Ana' } });
  });

  it('an already checked-in guest gets one reprint, recorded in the print log, and then is sent to the desk', async () => {
    const first = await call<{ job: { id: string } }>('selfService.confirm', { code: 'C-BEN' });
    await jobDone(first.job.id);
    await expect(call('selfService.confirm', { code: 'C-BEN' })).rejects.toMatchObject({ code: 'conflict' });
    const reprint = await call<{ job: { id: string; reason: string } }>('selfService.confirm', { code: 'C-BEN', reprint: true });
    expect(reprint.job.reason).toBe('reprint');
    await jobDone(reprint.job.id);
    const { entries } = await call<{ entries: Array<{ reason: string }> }>('print.log', { code: 'C-BEN' });
    expect(entries.map((e) => e.reason)).toEqual(['auto', 'reprint']);
    expect(await call('selfService.lookup', { code: 'C-BEN' })).toMatchObject({ outcome: 'already_in', reprintAllowed: false });
    await expect(call('selfService.confirm', { code: 'C-BEN', reprint: true })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/see the desk/) });
    expect(checkins()).toHaveLength(1);
  });

  it("staff reprints at the desk do not use up the guest's one self-service reprint", async () => {
    const first = await call<{ job: { id: string } }>('selfService.confirm', { code: 'C-BEN' });
    await jobDone(first.job.id);
    // The desk reprints twice (a smudged badge, a lost one): the guest still has their own reprint.
    for (let i = 0; i < 2; i++) {
      const { job } = await call<{ job: { id: string } }>('print.reprint', { code: 'C-BEN', wait: false });
      await jobDone(job.id);
    }
    expect(await call('selfService.lookup', { code: 'C-BEN' })).toMatchObject({ outcome: 'already_in', reprintAllowed: true });
    const own = await call<{ job: { id: string; reason: string } }>('selfService.confirm', { code: 'C-BEN', reprint: true });
    expect(own.job.reason).toBe('reprint');
    await jobDone(own.job.id);
    // The print log says who asked for each badge.
    const sources = door.db.prepare('SELECT reason, source FROM print_log WHERE attendee_code = ? ORDER BY id').all('C-BEN');
    expect(sources).toEqual([
      { reason: 'auto', source: 'self_service' },
      { reason: 'reprint', source: 'staff' },
      { reason: 'reprint', source: 'staff' },
      { reason: 'reprint', source: 'self_service' },
    ]);
    // And so does the contract's log, and the job.
    const log = await call<{ entries: Array<{ reason: string; source: string }> }>('print.log', { code: 'C-BEN' });
    expect(log.entries.map((e) => `${e.reason}/${e.source}`)).toEqual(['auto/self_service', 'reprint/staff', 'reprint/staff', 'reprint/self_service']);
    expect(own.job).toMatchObject({ source: 'self_service' });
    // That was the one: now the desk.
    expect(await call('selfService.lookup', { code: 'C-BEN' })).toMatchObject({ outcome: 'already_in', reprintAllowed: false });
    await expect(call('selfService.confirm', { code: 'C-BEN', reprint: true })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/see the desk/) });
  });

  it('a guest checked in at the desk without a badge gets their first badge here, then one reprint', async () => {
    await call('checkins.checkIn', { code: 'C-ANA' });
    expect(await call('selfService.lookup', { code: 'C-ANA' })).toMatchObject({ outcome: 'already_in', reprintAllowed: true });
    const first = await call<{ job: { id: string; reason: string } }>('selfService.confirm', { code: 'C-ANA', reprint: true });
    expect(first.job.reason).toBe('auto');
    await jobDone(first.job.id);
    expect(await call('selfService.lookup', { code: 'C-ANA' })).toMatchObject({ reprintAllowed: true });
  });

  it('refuses an unknown or cancelled code and writes nothing', async () => {
    await expect(call('selfService.confirm', { code: 'C-GONE' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(call('selfService.confirm', { code: 'NOPE' })).rejects.toMatchObject({ code: 'forbidden' });
    expect(checkins()).toEqual([]);
    expect(await call('print.jobs', { limit: 10 })).toEqual({ jobs: [] });
  });

  it('a guest with a note is admitted and told to also see the desk (the note itself is not shown)', async () => {
    const done = await call('selfService.confirm', { code: 'C-NOTE' });
    expect(done).toMatchObject({ verdict: 'needs_attention', seeDesk: true });
    expect(JSON.stringify(await call('selfService.lookup', { code: 'C-NOTE' }))).not.toContain('speaker gift');
  });

  it('print-only mode prints the badge and records no check-in; a second pickup is a reprint', async () => {
    await call('kiosk.configure', { mode: 'print-only' });
    const done = await call<{ job: { id: string } }>('selfService.confirm', { code: 'C-ANA' });
    expect(done).toMatchObject({ checkinId: null, job: { reason: 'auto' } });
    await jobDone(done.job.id);
    expect(checkins()).toEqual([]);
    expect(door.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    expect(await call('selfService.lookup', { code: 'C-ANA' })).toMatchObject({ outcome: 'already_in', reprintAllowed: true });
    // Badge pickup does not keep the doors' hours.
    door.clock.advance(9 * 60 * 60_000);
    expect(await call('selfService.lookup', { code: 'C-BEN' })).toMatchObject({ outcome: 'ready', verdict: 'closed' });
  });

  it('at the door the next day, a guest who picked up their badge is checked in without a second badge', async () => {
    await call('kiosk.configure', { mode: 'print-only' });
    await jobDone((await call<{ job: { id: string } }>('selfService.confirm', { code: 'C-ANA' })).job.id);
    await call('kiosk.configure', { mode: 'self-service' });
    expect(await call('selfService.confirm', { code: 'C-ANA' })).toMatchObject({ verdict: 'admitted', job: null, checkinId: expect.any(String) });
  });
});

describe('printer offline', () => {
  it("a guest's badge waits for an offline printer past its attempts and prints when the printer is back; after 10 minutes it fails", async () => {
    const port = await refusedPort();
    writeFileSync(join(door.dataDir, 'print.json'), JSON.stringify({ defaultPrinter: 'door', maxAttempts: 1, printers: [{ name: 'door', kind: 'tcp', host: '127.0.0.1', port, language: 'zpl', timeoutMs: 1000 }] }));
    const jobOf = async (id: string) => (await call<{ jobs: Array<{ id: string; state: string; attempts: number }> }>('print.jobs', { limit: 50 })).jobs.find((j) => j.id === id)!;
    const until = async (id: string, ok: (job: { state: string; attempts: number }) => boolean) => {
      for (let i = 0; i < 500; i++) {
        const job = await jobOf(id);
        if (ok(job)) return job;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`job ${id}: ${JSON.stringify(await jobOf(id))}`);
    };
    const { job } = await call<{ job: { id: string } }>('selfService.confirm', { code: 'C-ANA' });
    await until(job.id, (j) => j.attempts === 1 && j.state === 'queued');
    // Its one attempt is used up, and it is still waiting (staff jobs fail here).
    door.clock.advance(2_000);
    await until(job.id, (j) => j.attempts === 2 && j.state === 'queued');
    const received: Buffer[] = [];
    const printer = createServer((socket) => socket.on('data', (d: Buffer) => received.push(d)).on('end', () => socket.end()));
    await new Promise<void>((r) => printer.listen(port, '127.0.0.1', r));
    try {
      door.clock.advance(10_000);
      await until(job.id, (j) => j.state === 'done');
      expect(Buffer.concat(received).toString('latin1')).toContain('C-ANA');
    } finally {
      await new Promise<void>((r) => printer.close(() => r()));
    }
    // Not forever: a badge that would print long after the guest left fails, for staff to see.
    const later = await call<{ job: { id: string } }>('selfService.confirm', { code: 'C-BEN' });
    await until(later.job.id, (j) => j.attempts === 1 && j.state === 'queued');
    door.clock.advance(11 * 60_000);
    await until(later.job.id, (j) => j.state === 'failed');
  });
});

describe('printer setup', () => {
  it('adds a TCP printer and a folder printer, sets the defaults, and a test badge reports its outcome', async () => {
    const folder = join(door.dataDir, 'proofs');
    expect(await call('print.configure', { printer: { kind: 'folder', name: 'proofs', dir: folder }, defaultPrinter: 'proofs', defaultTemplate: 'badge-4x6' })).toEqual({
      defaultPrinter: 'proofs',
      defaultTemplate: 'badge-4x6',
    });
    expect(await call('print.test', { printer: 'proofs' })).toMatchObject({ ok: true, printer: 'proofs', template: 'badge-4x6', error: null });
    expect(readdirSync(folder).filter((f) => f.startsWith('test-badge'))).toHaveLength(1);

    const { refusedPort } = await import('../print/testing/fake-printer');
    const port = await refusedPort();
    await call('print.configure', { printer: { kind: 'tcp', name: 'zebra', host: '127.0.0.1', port, language: 'zpl' } });
    expect(await call('print.test', { printer: 'zebra' })).toMatchObject({ ok: false, error: expect.stringMatching(/.+/) });
    const { printers } = await call<{ printers: Array<{ name: string; isDefault: boolean }> }>('print.printers', {});
    expect(printers.filter((p) => p.isDefault).map((p) => p.name)).toEqual(['proofs']);
  });

  it('a bad choice is refused with a clear error and print.json stays as it was', async () => {
    await call('print.configure', { defaultTemplate: 'badge-4x6' });
    const before = (await import('node:fs')).readFileSync(join(door.dataDir, 'print.json'), 'utf8');
    await expect(call('print.configure', { defaultTemplate: 'no-such' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call('print.configure', { defaultPrinter: 'nowhere-printer' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call('print.configure', { printer: { kind: 'tcp', name: 'bad name!', host: 'x', language: 'zpl' } })).rejects.toMatchObject({ code: 'bad_input' });
    expect((await import('node:fs')).readFileSync(join(door.dataDir, 'print.json'), 'utf8')).toBe(before);
  });
});

describe('attract screen and badge preview', () => {
  it("welcome names the event and its colour; the preview is an SVG of a real attendee's badge, or of the sample guest on an empty kiosk", async () => {
    // No accent of its own: the app's default; then the event's (from the feed, or chosen in setup).
    expect(await call('selfService.welcome', {})).toEqual({ mode: 'desk', eventName: 'Berlin Summit', color: '#1b2b4a' });
    await call('kiosk.configure', { eventColor: '#ffd700' });
    expect(await call('selfService.welcome', {})).toEqual({ mode: 'desk', eventName: 'Berlin Summit', color: '#ffd700' });
    expect(await call('kiosk.settings', {})).toMatchObject({ eventColor: '#ffd700' });
    await expect(call('kiosk.configure', { eventColor: 'gold' })).rejects.toMatchObject({ code: 'bad_input' });
    await call('kiosk.configure', { eventColor: null });
    expect(await call('selfService.welcome', {})).toMatchObject({ color: '#1b2b4a' });
    const preview = await call<{ svg: string; sample: boolean; template: string }>('print.preview', { template: 'badge-4x6' });
    expect(preview).toMatchObject({ template: 'badge-4x6', sample: false });
    expect(preview.svg).toMatch(/^<svg [^>]*viewBox="0 0 101\.6 152\.4"/);
    expect(preview.svg).toMatch(/>Ana( Lima)?</);
    expect((await call<{ svg: string }>('print.preview', { code: 'C-BEN' })).svg).toContain('Smith-Jones');
    await expect(call('print.preview', { template: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    door.db.prepare("UPDATE attendees SET status = 'cancelled'").run();
    expect(await call('print.preview', {})).toMatchObject({ sample: true });
  });

  it('the guest\'s "Is this you?" preview never carries the ticket\'s QR code: a grey box with the label stands in its place', async () => {
    const qrPath = /<path [^>]*d="M\d/;
    // Staff's preview (setup) draws the QR as a path of modules; the guest's has none of it.
    expect((await call<{ svg: string }>('print.preview', { code: 'C-BEN' })).svg).toMatch(qrPath);
    const guestView = await call<{ svg: string; sample: boolean }>('selfService.preview', { code: 'C-BEN', qrLabel: 'QR-Code auf Ihrem Badge' });
    expect(guestView.sample).toBe(false);
    expect(guestView.svg).toContain('Smith-Jones');
    expect(guestView.svg).not.toMatch(qrPath);
    expect(guestView.svg).toContain('data-masked="qr"');
    expect(guestView.svg).toContain('QR-Code auf');
    expect(guestView.svg).not.toContain('C-BEN');
    // Without a label: the English default; a code the kiosk would refuse gets no preview at all.
    expect((await call<{ svg: string }>('selfService.preview', { code: 'C-ANA' })).svg).toContain('printed on');
    await expect(call('selfService.preview', { code: 'C-GONE' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(call('selfService.preview', { code: 'NOPE' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
