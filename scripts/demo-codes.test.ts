// What `npm start` prints beside its URL: a few demo codes that check in, on the first start and on
// every start after it, and none for a data directory that holds a real event.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../main/cli/testing/run-cli';
// @ts-expect-error: a plain .mjs module without type declarations
import * as demoCodesModule from './demo-codes.mjs';

const { codesText, demoCodes } = demoCodesModule as {
  demoCodes(cli: string[], dataDir: string, attendees?: number): { codes: string[]; eventId: string | null };
  codesText(codes: string[], dataDir: string, count?: number): string[];
};

const arrivals = [process.execPath, '--import', 'tsx', 'main/cli/main.ts'];
const root = mkdtempSync(join(tmpdir(), 'arrivals-demo-codes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('npm start: demo codes beside the URL', () => {
  it('seeds the demo on the first start and gives fresh codes that check in, on every start', async () => {
    const data = join(root, 'demo');
    const first = demoCodes(arrivals, data, 30);
    expect(first.eventId).toBe('demo');
    expect(first.codes.length).toBeGreaterThanOrEqual(3);
    const checked = await cli('checkin', first.codes[0]!, '--data', data, '--json');
    expect(JSON.parse(checked.stdout).verdict).toBe('admitted');

    // The next start: the same event, nobody added, and the used code is not offered again.
    const again = demoCodes(arrivals, data, 30);
    expect(again.codes).not.toContain(first.codes[0]);
    expect(JSON.parse((await cli('info', '--data', data, '--json')).stdout).replica.attendees).toBe(30);

    const lines = codesText(again.codes, '.arrivals-demo');
    expect(lines[0]).toBe("Demo ticket codes to try: scan or paste one at the kiosk, or run npx arrivals checkin 'CODE' --data .arrivals-demo");
    expect(lines.slice(1, 4)).toEqual(again.codes.slice(0, 3).map((code) => `  ${code}`));
    expect(lines[4]).toMatch(/^Supervisor PIN on the desk .*: 1234/);
  }, 120_000);

  it('leaves a data directory with another event alone, and prints no codes for it', async () => {
    const data = join(root, 'real');
    const list = join(root, 'guests.csv');
    writeFileSync(list, 'name,code\nAda Lovelace,R-1\n');
    const imported = JSON.parse((await cli('import', list, '--data', data, '--json')).stdout) as { event: { id: string } };
    expect(demoCodes(arrivals, data)).toEqual({ codes: [], eventId: imported.event.id });
    expect(JSON.parse((await cli('info', '--data', data, '--json')).stdout).replica).toMatchObject({ events: 1, attendees: 1 });
    expect(codesText([], data)).toEqual([]);
  }, 120_000);
});
