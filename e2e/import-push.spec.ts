import { expect, test } from './fixtures';

test('an import started from the page pushes its progress back to the page, and the replica shows it', async ({ kiosk }) => {
  // The page uploads the list's bytes, as it would from a file picker: the kiosk opens no path.
  const contentBase64 = Buffer.from('name,email,code\nJürgen Müller,jm@example.org,E2E-1\nZoë Ñúñez,zn@example.org,E2E-2\nAda Lovelace,ada@example.org,E2E-3\n').toString('base64');

  const { summary, progress } = await kiosk.page.evaluate(async (contentBase64) => {
    const api = window.arrivals!;
    const seen: Array<{ importId: string; phase: string }> = [];
    const stop = api.on('import.progress', (event) => seen.push({ importId: event.importId, phase: event.phase }));
    const result = await api.attendees.import({ fileName: 'guests.csv', contentBase64 });
    // Push events travel separately from the call's answer; give the last one a moment to land.
    for (let i = 0; i < 50 && !seen.some((e) => e.phase === 'done'); i++) await new Promise((r) => setTimeout(r, 20));
    stop();
    return { summary: result, progress: seen };
  }, contentBase64);

  expect(summary.rejected).toBe(false);
  expect(summary.inserted).toBe(3);
  expect(progress.length).toBeGreaterThan(0);
  expect(progress.every((event) => event.importId === summary.importId)).toBe(true);
  expect(progress.map((event) => event.phase)).toContain('done');

  const found = await kiosk.page.evaluate(() => window.arrivals!.attendees.search({ text: 'mull' }));
  expect(found.attendees.map((a) => a.code)).toEqual(['E2E-1']);
  expect(found.total).toBe(1);

  await kiosk.page.reload();
  await kiosk.page.getByTestId('action-info').click();
  await expect(kiosk.page.getByTestId('attendee-count')).toHaveText('3');
});
