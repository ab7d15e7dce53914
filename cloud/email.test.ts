/**
 * The ticket mail through a real SMTP server (smtp-server, from the nodemailer project), on both
 * engines: the QR inline (cid) decodes with zbarimg back to the ticket's code, the code is in the
 * text; the SMTP server down and then back gives exactly one mail; a registration never waits for
 * or fails on mail; a mail that keeps failing is `failed` in the console and a resend sends it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, type ManualClock } from '../common/clock';
import { qrContentId } from './mailer';
import { startCloud, type RunningCloud } from './start';
import { cleanupTestEngines, testEngines } from './test/engines';
import { adminToken, call, createTestEvent } from './test/helpers';

const engines = testEngines();
const dir = mkdtempSync(join(tmpdir(), 'arrivals-mail-'));
afterAll(() => {
  cleanupTestEngines();
  rmSync(dir, { recursive: true, force: true });
});

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

class Inbox {
  readonly messages: string[] = [];
  private server: SMTPServer | undefined;
  constructor(readonly port: number) {}
  async up(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.messages.push(Buffer.concat(chunks).toString('latin1'));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }
  async down(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}

/** One MIME part of a raw message, found by a header line, its body decoded. */
function mimePart(raw: string, headerLine: RegExp): Buffer {
  const parts = raw.split(/\r\n--[^\r\n]+\r\n/);
  const part = parts.find((p) => headerLine.test(p.split('\r\n\r\n')[0] ?? ''));
  if (!part) throw new Error(`no part with ${headerLine}`);
  const [head, ...rest] = part.split('\r\n\r\n');
  const body = rest.join('\r\n\r\n').split(/\r\n--/)[0]!;
  if (/content-transfer-encoding: base64/i.test(head!)) return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (/content-transfer-encoding: quoted-printable/i.test(head!)) {
    return Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  }
  return Buffer.from(body, 'latin1');
}

describe.each(engines)('the ticket mail, on $name', (engine) => {
  let cloud: RunningCloud;
  let clock: ManualClock;
  let inbox: Inbox;
  const register = (email: string) => call(cloud, 'POST', '/v1/events/ev/registrations', { token: null, body: { firstName: 'Zoë', lastName: 'Ñúñez', email, ticketType: 'Staff' } });
  /** Time passes as it would: in 5-second steps, the sender finishing each pass before the next. */
  const pass = async (ms: number) => {
    for (let done = 0; done < ms; done += 5_000) {
      clock.advance(Math.min(5_000, ms - done));
      await cloud.app.mailer!.idle();
    }
  };
  const outbox = () => cloud.cdb.db.selectFrom('email_outbox').selectAll().orderBy('created_at').orderBy('id').execute();

  beforeAll(async () => {
    clock = manualClock('2031-07-01T08:00:00Z');
    inbox = new Inbox(await freePort());
    cloud = await startCloud({
      db: await engine.fresh(),
      port: 0,
      host: '127.0.0.1',
      adminToken,
      logLevel: 'silent',
      clock,
      rateLimits: { registrationsPerMinute: 1000 },
      smtp: { url: `smtp://127.0.0.1:${inbox.port}`, from: 'Arrivals <tickets@example.org>', maxAttempts: 3 },
    });
    await createTestEvent(cloud, 'ev', 1);
  });
  afterAll(async () => {
    await cloud?.close();
    await inbox?.down();
  });

  it('registers while SMTP is down, and sends exactly one mail once it is back, with the QR inline and the code in text', async () => {
    const registered = await register('zoe@example.org');
    expect(registered.status).toBe(201);
    const code = registered.body.attendee.code as string;
    await cloud.app.mailer!.idle();
    const [failed] = await outbox();
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, to_address: 'zoe@example.org' });
    expect(failed!.last_error).toContain('ECONNREFUSED');
    expect(inbox.messages).toHaveLength(0);

    await inbox.up();
    // The retry is due 30 s later, on the cloud's clock.
    clock.advance(29_000);
    await cloud.app.mailer!.idle();
    expect(inbox.messages).toHaveLength(0);
    clock.advance(1_000);
    await cloud.app.mailer!.idle();
    expect(inbox.messages).toHaveLength(1);
    const [sent] = await outbox();
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
    // Nothing goes out twice: later passes, polls and wake-ups find nothing due.
    clock.advance(3_600_000);
    cloud.app.mailer!.wake();
    await cloud.app.mailer!.idle();
    expect(inbox.messages).toHaveLength(1);

    const raw = inbox.messages[0]!;
    expect(raw).toMatch(/^To: zoe@example\.org/m);
    const text = mimePart(raw, /content-type: text\/plain/i).toString('utf8');
    expect(text).toContain(`Your code: ${code}`);
    const html = mimePart(raw, /content-type: text\/html/i).toString('utf8');
    expect(html).toContain(`src="cid:${qrContentId}"`);
    const png = mimePart(raw, new RegExp(`content-id: <${qrContentId}>`, 'i'));
    const file = join(dir, `qr-${engine.name}.png`);
    writeFileSync(file, png);
    expect(execFileSync('zbarimg', ['--raw', '-q', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).replace(/\n$/, '')).toBe(code);
  });

  it('marks a mail that keeps failing as failed (shown in the console), and a resend sends it', async () => {
    await inbox.down();
    const registered = await register('late@example.org');
    expect(registered.status).toBe(201);
    await cloud.app.mailer!.idle();
    // Tries at 0 s, 30 s and 90 s (backoff 30 s, then 60 s); the third failure is final.
    await pass(90_000);
    const failed = await call(cloud, 'GET', '/v1/events/ev/emails?status=failed');
    expect(failed.body.emails).toHaveLength(1);
    expect(failed.body.emails[0]).toMatchObject({ to: 'late@example.org', status: 'failed', attempts: 3 });
    expect(failed.body.emails[0].lastError).toContain('ECONNREFUSED');

    await inbox.up();
    await pass(600_000);
    expect(inbox.messages).toHaveLength(1);
    expect((await call(cloud, 'POST', `/v1/events/ev/emails/${failed.body.emails[0].id}/resend`)).status).toBe(204);
    await cloud.app.mailer!.idle();
    expect(inbox.messages).toHaveLength(2);
    expect(inbox.messages[1]).toMatch(/^To: late@example\.org/m);
    expect((await call(cloud, 'GET', '/v1/events/ev/emails')).body.emails).toHaveLength(0);
  });
});
