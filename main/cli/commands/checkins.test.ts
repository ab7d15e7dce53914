import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../testing/run-cli';

const root = mkdtempSync(join(tmpdir(), 'arrivals-cli-door-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${n++}`);

const json = async (...argv: string[]) => {
  const run = await cli(...argv, '--json');
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
};

describe('arrivals demo / checkin / undo / keys', () => {
  it('makes a demo event with signed codes, international names, VIPs and notes', async () => {
    const data = freshDir();
    const demo = await json('demo', '--data', data, '--attendees', '120');
    expect(demo).toMatchObject({ eventId: 'demo', attendees: 120 });
    expect(demo.sampleCodes.length).toBeGreaterThan(0);
    for (const code of demo.sampleCodes) expect(code).toMatch(/^AR2:[0-9A-Z $%*+\-./:]{102,117}$/);
    const info = await json('info', '--data', data);
    expect(info.replica).toMatchObject({ events: 1, attendees: 120, checkins: 0, outboxPending: 0 });

    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(data, 'replica.sqlite'), { readonly: true });
    const names = db.prepare("SELECT first_name || ' ' || last_name AS name FROM attendees").all() as Array<{ name: string }>;
    expect(names.some((r) => /[^ -~]/.test(r.name))).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM attendees WHERE vip = 1').get()).not.toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM attendees WHERE note != ''").get()).not.toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM ticket_types WHERE multi_entry = 1').get()).toEqual({ n: 1 });
    db.close();
  });

  it('is safe to run again: same event, no duplicate tickets, tops up to N', async () => {
    const data = freshDir();
    const first = await json('demo', '--data', data, '--attendees', '20');
    const again = await json('demo', '--data', data, '--attendees', '20');
    expect(again).toEqual(first);
    expect(await json('demo', '--data', data, '--attendees', '30')).toMatchObject({ attendees: 30 });
  });

  it('checks a code in, then says already_in, exits, and undoes', async () => {
    const data = freshDir();
    const { sampleCodes } = await json('demo', '--data', data, '--attendees', '20');
    const code = sampleCodes[0];
    const first = await json('checkin', code, '--data', data, '--kiosk', 'door-1');
    expect(first).toMatchObject({ verdict: 'admitted', kioskId: 'door-1', attendee: { code } });
    expect(first.checkinId).toEqual(expect.any(String));

    const second = await cli('checkin', code, '--data', data);
    expect(second.code).toBe(3);
    expect(second.stdout.trim().split('\n')).toHaveLength(1);
    expect(second.stdout).toMatch(/^STOP ALREADY IN .+door-1/);

    const out = await json('checkin', code, '--data', data, '--exit');
    expect(out).toMatchObject({ verdict: 'exited', direction: 'exit' });

    const other = sampleCodes[1];
    const admitted = await json('checkin', other, '--data', data);
    const undo = await json('undo', admitted.checkinId, '--data', data);
    expect(undo).toMatchObject({ checkinId: admitted.checkinId, attendee: { code: other } });
    const twice = await cli('undo', admitted.checkinId, '--data', data);
    expect(twice).toMatchObject({ code: 1, stdout: '' });
    expect(twice.stderr).toMatch(/^arrivals: check-in .* was already undone\n$/);

    const info = await json('info', '--data', data);
    expect(info.replica).toMatchObject({ checkins: 3, outboxPending: 4 });
  });

  it('prints a clear line for an unknown code and for a kiosk without an event', async () => {
    const data = freshDir();
    const none = await cli('checkin', 'ABC', '--data', data);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no event yet.*arrivals demo/);
    await json('demo', '--data', data, '--attendees', '5');
    const unknown = await cli('checkin', 'ABC', '--data', data);
    expect(unknown).toMatchObject({ code: 3, stdout: 'STOP UNKNOWN — no ticket with this code\n' });
  });

  it('answers hostile codes passed as argv with one clean line and changes nothing', async () => {
    const data = freshDir();
    await json('demo', '--data', data, '--attendees', '5');
    const before = (await json('info', '--data', data)).replica;
    const corpus = [
      randomBytes(10_000).toString('base64').replace(/(.{76})/g, '$1\n'), // `$(head -c 10000 /dev/urandom | base64)`
      'AR1:\nAAAA',
      'line one\nline two',
      randomBytes(300).toString('latin1').replace(/\0/g, ''), // argv cannot carry NUL
      "' OR 1=1; DROP TABLE attendees; --",
      '🎟️🎉',
      'تذكرة-١٢٣',
      '\u202E1-NIALP\u202C',
    ];
    for (const code of corpus) {
      const run = await cli('checkin', code, '--data', data);
      expect(run, JSON.stringify(code.slice(0, 40))).toMatchObject({ code: 3, stderr: '' });
      expect(run.stdout).toMatch(/^STOP UNKNOWN — [^\n]+\n$/);
    }
    const huge = await cli('checkin', 'x'.repeat(70_000), '--data', data);
    expect(huge).toMatchObject({ code: 1, stdout: '' });
    expect(huge.stderr).toMatch(/^arrivals: checkins\.checkIn: code: [^\n]+\n$/);
    expect((await json('info', '--data', data)).replica).toEqual(before);
  });

  it('lists and creates signing keys', async () => {
    const data = freshDir();
    await json('demo', '--data', data, '--attendees', '5');
    const before = await json('keys', '--data', data);
    expect(before).toMatchObject({ eventId: 'demo', keys: [{ keyIndex: 0, canSign: true, retiredAt: null }] });
    const created = await json('keys', '--create', '--event', 'demo', '--data', data);
    expect(created).toMatchObject({ eventId: 'demo', keyIndex: 1, canSign: true });
    expect(created.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(created)).not.toMatch(/privateKey/);
    const after = await json('keys', '--data', data);
    expect(after.keys.map((k: { keyId: string }) => k.keyId)).toEqual([before.keys[0].keyId, created.keyId]);
    const missing = await cli('keys', '--event', 'nope', '--data', data);
    expect(missing).toMatchObject({ code: 1, stderr: 'arrivals: no event nope in this replica\n' });
  });
});
