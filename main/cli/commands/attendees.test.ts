import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../testing/run-cli';

const root = mkdtempSync(join(tmpdir(), 'arrivals-cli-attendees-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${n++}`);


function file(name: string, text: string): string {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
}

describe('arrivals import / search / export checkins', () => {
  it('imports a list into a fresh kiosk, finds it, checks in, undoes and exports', async () => {
    const data = freshDir();
    const list = file('list.csv', 'name,email,code\nAda Lovelace,ada@example.org,C-1\n"=HYPERLINK(""x"")",evil@example.org,C-2\nJürgen Müller,jm@example.de,C-3\n');
    const imported = await cli('import', list, '--data', data, '--json');
    expect(imported.code).toBe(0);
    const summary = JSON.parse(imported.stdout);
    expect(summary).toMatchObject({ inserted: 3, updated: 0, unchanged: 0, skipped: 0, errors: [], event: { created: true } });
    expect((await cli('import', list, '--data', data, '--json')).stdout).toMatch(/"unchanged": 3/);

    const search = await cli('search', 'mull', '--data', data, '--json');
    // --json is the array of attendees (the contract scripts rely on), not the page's {attendees, total}.
    const found = JSON.parse(search.stdout);
    expect(Array.isArray(found)).toBe(true);
    expect(found.map((a: { code: string }) => a.code)).toEqual(['C-3']);
    for (const key of ['code', 'firstName', 'lastName', 'email', 'company', 'ticketType', 'status']) expect(found[0]).toHaveProperty(key);

    const first = JSON.parse((await cli('checkin', 'C-1', '--data', data, '--json', '--kiosk', 'door-a')).stdout);
    expect(first.verdict).toBe('admitted');
    await cli('checkin', 'C-2', '--data', data, '--json');
    expect((await cli('undo', first.checkinId, '--data', data, '--reason', 'wrong guest')).code).toBe(0);

    const out = join(root, 'checkins.csv');
    const exported = await cli('export', 'checkins', '--data', data, '--out', out);
    expect(exported.stdout).toMatch(/Wrote 2 check-ins \(1 undone\)/);
    const lines = readFileSync(out, 'utf8').replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('checkin_id,event_id,at,kiosk_id,direction,verdict,source,origin,code,first_name,last_name,ticket_type,undone,undone_at,undone_by_kiosk,undo_reason');
    expect(lines[1]).toMatch(/,door-a,entry,admitted,scan,local,C-1,Ada,Lovelace,General,yes,[^,]+,[^,]+,wrong guest$/);
    // The formula stays text: apostrophe-prefixed and quoted.
    expect(lines[2]).toContain(`,C-2,"'=HYPERLINK(""x"")",,General,no,,,`);
  });

  it('refuses a list with bad rows (exit 1, lines on stderr) and --skip-invalid imports the rest', async () => {
    const data = freshDir();
    const list = file('bad.csv', 'name,code\nAda Lovelace,C-1\nNo Code,\n');
    const refused = await cli('import', list, '--data', data);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Import refused: 1 bad row; nothing was imported[\s\S]*line 3: no ticket code/);
    expect(JSON.parse((await cli('info', '--data', data, '--json')).stdout).replica).toMatchObject({ events: 0, attendees: 0 });

    const skipped = await cli('import', list, '--data', data, '--skip-invalid', '--json');
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.stdout)).toMatchObject({ inserted: 1, skipped: 1, errors: [{ line: 3, reason: 'no ticket code' }] });
  });

  it('applies --map and explains a missing column in one line', async () => {
    const data = freshDir();
    const list = file('mapped.csv', 'Nr;Person;Org\nT-9;Marie Curie;Sorbonne\n');
    const missing = await cli('import', list, '--data', data);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^arrivals: mapped\.csv: missing required columns: .*--map "Column=field"\.\n$/);
    const mapped = await cli('import', list, '--data', data, '--map', 'Nr=code', '--map', 'Person=name', '--map', 'Org=company');
    expect(mapped.stdout).toMatch(/^Imported 1 row \(generic list, utf-8\) into new event "[^"]+" \([^)]+\), now this kiosk's current event:\n {2}1 new, 0 updated, 0 unchanged, 0 skipped\n/);
    expect((await cli('info', '--data', data)).stdout).toMatch(/^replica {4}1 event, 1 attendee, 0 check-ins \(0 not yet synced\)$/m);
    expect(JSON.parse((await cli('search', 'sorb', '--data', data, '--json')).stdout)[0]).toMatchObject({ code: 'T-9', lastName: 'Curie', company: 'Sorbonne' });
  });

  it('--dry-run says what an import would do and writes nothing, not even the data directory', async () => {
    const data = join(freshDir(), 'never-created');
    const pretix = readFileSync(join(import.meta.dirname, '../../../common/node/import/test/fixtures/pretix-positions-en-legacy.csv'));
    const list = file('pretix.csv', pretix.toString('utf8'));
    const json = await cli('import', list, '--data', data, '--dry-run', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      format: 'pretix', layout: 'order positions', goodRows: 2, problem: null,
      rows: [{ line: 2, code: 'ABC12-1', firstName: 'Grace', lastName: 'Hopper', status: 'valid' }, { code: 'ABC12-2' }],
      warnings: [expect.stringMatching(/will not match the QR code pretix printed/)],
    });
    const human = await cli('import', list, '--data', data, '--dry-run');
    expect(human.stdout).toMatch(/^Dry run, nothing written: pretix order positions \(confidence \d+%; utf-8, ","-separated\)\nColumns:\n/);
    expect(human.stdout).toMatch(/ {2}Order code → code {2}\(no ticket secret column: the code is derived as ORDER-POSITION\)/);
    expect(human.stdout).toMatch(/Status "paid" → valid {2}×2/);
    expect(human.stderr).toMatch(/^warning: codes derived from order and position/);
    const orders = file('orders.csv', readFileSync(join(import.meta.dirname, '../../../common/node/import/test/fixtures/pretix-orders-en.csv'), 'utf8'));
    const refused = await cli('import', orders, '--data', data, '--dry-run');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/The import would refuse this file: this is pretix's "Orders" sheet/);
    expect(existsSync(data)).toBe(false);
  });

  it('lists names first with short codes, says when the list is cut off, and needs 2 characters', async () => {
    const data = freshDir();
    const demo = JSON.parse((await cli('demo', '--data', data, '--attendees', '60', '--json')).stdout) as { sampleCodes: string[] };
    const list = file('long-codes.csv', 'name,code\nGrace Hopper,HOPPER-2026-REGISTRATION-000123\n');
    await cli('import', list, '--data', data, '--event', 'demo');
    const hopper = await cli('search', 'hopper', '--data', data);
    expect(hopper.stdout).toBe('Grace Hopper  HOPPER-2026-…000123  [General]\n');
    // Every demo code is signed (AR2:…, about 108 characters): shown by its distinct end.
    const all = await cli('search', 'ar2', '--data', data, '--limit', '5');
    const lines = all.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    for (const line of lines.slice(0, 5)) expect(line).toMatch(/^\S.* {2}AR2:…[0-9A-Z $%*+\-./:]{8} {2}\[\w+\]/);
    expect(lines[5]).toBe('5 of 60 shown; type more of the name, or use --limit N (up to 200).');
    expect(demo.sampleCodes.every((code) => code.length > 100)).toBe(true);
    const short = await cli('search', 'o', '--data', data);
    expect(short.code).toBe(2);
    expect(short.stderr).toBe('arrivals: search needs at least 2 characters of a name, email, company or code; "o" has 1\n');
  });

  it('reads FILE itself: a missing, unreadable or directory FILE is one clear line and no data directory', async () => {
    const data = freshDir();
    const missing = await cli('import', join(root, 'nope.csv'), '--data', data);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe(`arrivals: cannot read ${join(root, 'nope.csv')}: no such file\n`);
    expect(existsSync(data)).toBe(false);
    expect((await cli('import', root, '--data', data)).stderr).toBe(`arrivals: cannot read ${root}: it is a directory\n`);
    if (process.getuid?.() !== 0) {
      const locked = file('locked.csv', 'name,code\nA B,C-1\n');
      chmodSync(locked, 0o000);
      expect((await cli('import', locked, '--data', data)).stderr).toBe(`arrivals: cannot read ${locked}: permission denied\n`);
    }
  });

  it('writes --out itself, replacing FILE, and says so clearly when it cannot', async () => {
    const data = freshDir();
    await cli('import', file('one.csv', 'name,code\nAda Lovelace,O-1\n'), '--data', data);
    await cli('checkin', 'O-1', '--data', data);
    const out = file('old-export.csv', 'old content');
    const exported = await cli('export', 'checkins', '--data', data, '--out', out, '--json');
    expect(JSON.parse(exported.stdout)).toEqual({ path: out, rows: 1, undone: 0 });
    expect(readFileSync(out, 'utf8')).toMatch(/^\ufeffcheckin_id,[\s\S]*,O-1,Ada,Lovelace,/);
    const nowhere = join(root, 'no-such-dir', 'x.csv');
    const failed = await cli('export', 'checkins', '--data', data, '--out', nowhere);
    expect(failed).toMatchObject({ code: 1, stderr: `arrivals: cannot write ${nowhere}: no such file\n` });
    expect(readdirSync(root).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('needs "checkins" and --out for export', async () => {
    const data = freshDir();
    expect((await cli('export', 'attendees', '--data', data, '--out', join(root, 'x.csv'))).code).toBe(2);
    expect((await cli('export', 'checkins', '--data', data)).stderr).toMatch(/--out FILE is required/);
  });
});
