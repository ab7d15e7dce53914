// attendees.importPreview: the setup screen's dry run over the contract. The same bytes as
// attendees.import, its result checked against the contract's schema by the router, and nothing
// written: not an event, not an attendee.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openKiosk } from '../kiosk';

const dir = mkdtempSync(join(tmpdir(), 'arrivals-preview-'));
const kiosk = openKiosk({ dataDir: join(dir, 'data'), face: 'host' });
afterAll(() => {
  kiosk.close();
  rmSync(dir, { recursive: true, force: true });
});
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../../common/node/import/test/fixtures', name)).toString('base64');

it('previews a Luma export without writing, and names the file in whole-file errors', async () => {
  const preview = await kiosk.router.invoke('attendees.importPreview', { fileName: 'luma.csv', contentBase64: fixture('luma.csv') });
  expect(preview).toMatchObject({ format: 'luma', layout: 'guest export', totalRows: 5, goodRows: 5, problem: null, statusCounts: { valid: 1, pending: 3, cancelled: 1, refunded: 0 } });
  expect(preview.statuses.map((s) => [s.value, s.status])).toEqual([['approved', 'valid'], ['declined', 'cancelled'], ['waitlist', 'pending'], ['invited', 'pending'], ['pending_approval', 'pending']]);
  expect((await kiosk.router.invoke('app.info', {})).replica).toMatchObject({ events: 0, attendees: 0 });

  expect(await kiosk.router.envelope('attendees.importPreview', { fileName: 'odd.csv', contentBase64: Buffer.from([0x61, 0x0a, 0x81, 0x8d]).toString('base64') })).toMatchObject({
    ok: false, error: { code: 'bad_input', message: expect.stringMatching(/^odd\.csv: the file is neither UTF-8 nor Windows-1252/) },
  });
  // An Orders sheet is described, not refused: the screen shows why the import would refuse it.
  const orders = await kiosk.router.invoke('attendees.importPreview', { contentBase64: fixture('pretix-orders-en.csv') });
  expect(orders.problem).toMatch(/"Order positions"/);
});
