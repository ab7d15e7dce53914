// Import and export carry bytes, never a path on the kiosk's disk. On the old contract,
// `attendees.import {"path": "/etc/shadow"}` read any file the process could (its first line came back
// in the error, its other lines became searchable attendees) and `checkins.export {"out": ANY}`
// overwrote any file. These tests send exactly those old shapes and check nothing is read or written.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { methodNames, methods } from '../../../common/contract/index';
import { openKiosk } from '../kiosk';

const dir = mkdtempSync(join(tmpdir(), 'arrivals-bytes-'));
const kiosk = openKiosk({ dataDir: join(dir, 'data'), face: 'host' });
afterAll(() => {
  kiosk.close();
  rmSync(dir, { recursive: true, force: true });
});
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('no contract method takes a path on the server', () => {
  it('refuses the old attendees.import {path} shape without reading the file', async () => {
    const secret = join(dir, 'shadow');
    writeFileSync(secret, 'root:$6$SECRET-HASH:19000:0:99999:7:::\n');
    const leaked = await kiosk.router.envelope('attendees.import', { path: secret });
    expect(leaked).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(JSON.stringify(leaked)).not.toContain('SECRET-HASH');

    const list = join(dir, 'list.csv');
    writeFileSync(list, 'name,code\nShadow Root,ROOT-1\n');
    expect(await kiosk.router.envelope('attendees.import', { path: list })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await kiosk.router.invoke('attendees.search', { text: 'shadow' })).toMatchObject({ attendees: [], total: 0 });
    // Path and bytes together are refused too: there is no path key at all.
    expect(await kiosk.router.envelope('attendees.import', { path: list, contentBase64: b64('name,code\n') })).toMatchObject({ ok: false });
  });

  it('refuses the old checkins.export {out} shape without writing the file', async () => {
    const target = join(dir, 'precious.txt');
    writeFileSync(target, 'keep me');
    expect(await kiosk.router.envelope('checkins.export', { out: target })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await kiosk.router.envelope('checkins.export', { out: 'relative.csv' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(readFileSync(target, 'utf8')).toBe('keep me');
  });

  it('imports the bytes it is sent and names the list in whole-file errors', async () => {
    const summary = await kiosk.router.invoke('attendees.import', { fileName: 'guests.csv', contentBase64: b64('name,code\nAda Lovelace,A-1\n') });
    expect(summary).toMatchObject({ inserted: 1, rejected: false });
    expect(await kiosk.router.envelope('attendees.import', { fileName: 'guests.csv', contentBase64: b64('email\nx@y.z\n') })).toMatchObject({
      ok: false,
      error: { code: 'bad_input', message: expect.stringMatching(/^guests\.csv: missing required columns/) },
    });
    expect(await kiosk.router.envelope('attendees.import', { contentBase64: 'not base64!' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await kiosk.router.envelope('attendees.import', { fileName: 'a\nb', contentBase64: '' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });

  it('returns the export as CSV text', async () => {
    await kiosk.router.invoke('checkins.checkIn', { code: 'A-1' });
    const exported = await kiosk.router.invoke('checkins.export', {});
    expect(exported).toMatchObject({ fileName: 'checkins.csv', rows: 1, undone: 0 });
    expect(exported.csv.startsWith('\ufeffcheckin_id,')).toBe(true);
    expect(exported.csv).toMatch(/,A-1,Ada,Lovelace,/);
  });

  it('has no input field that names a file or directory, in any method', () => {
    const pathLike = /^(path|paths|out|outDir|file|filePath|dir|directory|folder)$/i;
    const keys = (schema: z.ZodType): string[] => (schema instanceof z.ZodObject ? Object.keys(schema.shape) : []);
    const offending = methodNames.flatMap((name) => keys(methods[name].input as z.ZodType).filter((key) => pathLike.test(key)).map((key) => `${name}.${key}`));
    expect(offending).toEqual([]);
  });
});
