/**
 * The managers' console in real Chromium against a real `arrivals cloud` (issue 15): sign in,
 * create an event, import a CSV through the mapping preview, add a kiosk and read its setup QR from
 * a screenshot with zbarimg, enroll with that code and post check-ins, and watch the dashboard show
 * them live; English and German pass axe. Then the security of the console's API in a browser.
 *
 * The kiosk is the real `arrivals` command in a temporary data folder: `arrivals enroll` with the
 * setup code as the console shows it (what a manager reads out or copies), `arrivals sync --once`
 * to pull the guests, `arrivals checkin` at the door, and `arrivals sync --once` to push them.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { arrivals, expectAccessible, manager, readQr, startTestCloud, type TestCloud } from './cloud-fixture';

let cloud: TestCloud;
test.beforeAll(async () => {
  cloud = await startTestCloud();
});
test.afterAll(async () => cloud?.stop());

const csv = [
  'Full Name,E-Mail,Barcode,Team',
  'Ada Lovelace,ada@example.org,E2E-1,Engines',
  'Grace Hopper,grace@example.org,E2E-2,Compilers',
  'Alan Turing,alan@example.org,E2E-3,Machines',
  'No Code,nocode@example.org,,Nowhere',
].join('\n');

test('a manager signs in, sets up an event, imports guests, adds a kiosk, and watches its check-ins arrive', async ({ page }) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${cloud.url}/console/`);
  await expectAccessible(page, 'sign-in');
  await page.getByLabel('Email').fill(manager.email);
  await page.getByLabel('Password').fill(manager.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  // Create the event with a public ticket type.
  await page.getByTestId('new-event').click();
  await page.getByLabel('Event id (optional)').fill('e2e');
  await page.getByLabel('Name', { exact: true }).fill('E2E Summit');
  await page.getByLabel('Time zone (IANA, e.g. Europe/Berlin)').fill('Europe/Berlin');
  await page.getByLabel('Capacity 1').fill('100');
  await page.getByLabel('Accent colour of self-service kiosks').fill('#7a1f5c');
  await page.getByTestId('save-event').click();
  await expect(page.getByRole('heading', { level: 1, name: 'E2E Summit' })).toBeVisible();
  const event = (await cloud.api('GET', '/v1/events/e2e')).body;
  expect(event.ticketTypes).toMatchObject([{ name: 'General', public: true, capacity: 100 }]);
  // The accent goes to kiosks in the feed's event info.
  expect(event.color).toBe('#7a1f5c');

  // Import through the preview: the auto-mapping, one column mapped by hand, one refused row.
  await page.getByTestId('tab-import').click();
  await page.getByTestId('csv-file').setInputFiles({ name: 'guests.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('csv-summary')).toHaveText('a generic list: 4 rows, 1 refused.');
  await expect(page.getByTestId('csv-rows')).toContainText('Ada Lovelace');
  await page.getByLabel('Attendee field: Team').selectOption('company');
  await expect(page.getByTestId('csv-rows')).toContainText('Engines');
  await expectAccessible(page, 'import preview');
  await page.getByTestId('csv-import').click();
  await expect(page.getByTestId('csv-result')).toHaveText('3 created, 0 updated, 1 refused.');
  await expect(page.getByTestId('csv-errors').last()).toContainText('5');

  await page.getByTestId('tab-attendees').click();
  await expect(page.getByTestId('attendee-total')).toHaveText('3 attendees');
  await page.getByTestId('attendee-search').fill('hopper');
  await expect(page.getByTestId('attendee-total')).toHaveText('1 attendee');
  await expect(page.getByRole('cell', { name: 'Compilers' })).toBeVisible();

  // Add a kiosk: its setup QR, read from a screenshot, is the code shown beside it.
  await page.getByTestId('tab-devices').click();
  await page.getByTestId('add-kiosk').click();
  await expect(page.getByTestId('setup-qr')).toBeVisible();
  const shownCode = (await page.getByTestId('setup-code').textContent())!;
  const payload = JSON.parse(await readQr(page, '[data-testid="setup-qr"]', cloud.dir)) as { server: string; setupCode: string };
  expect(payload.setupCode).toBe(shownCode);
  expect(payload.server).toBe(cloud.url);
  await expectAccessible(page, 'devices');

  // The kiosk enrolls with the code as shown on the page, and pulls the event's guests.
  const kioskDir = join(cloud.dir, 'door-1');
  const enrolled = await arrivals('enroll', '--server', cloud.url, '--code', shownCode, '--name', 'Door 1', '--data', kioskDir, '--json');
  expect(enrolled).toMatchObject({ enrolled: true, server: cloud.url, eventId: 'e2e', queue: 0 });
  const kioskId = enrolled.kioskId as string;
  const pulled = await arrivals('sync', '--once', '--data', kioskDir, '--json');
  expect(pulled).toMatchObject({ ok: true, pushed: 0, status: { enrolled: true, queue: 0, lastError: null } });
  expect(pulled.pulled).toBeGreaterThanOrEqual(3);
  // The console's device list (refreshed by "Done") shows the kiosk under its name, seen just now.
  await page.getByRole('button', { name: 'Done' }).click();
  const kioskRow = page.getByTestId('device-list').getByRole('row').filter({ hasText: kioskId });
  await expect(kioskRow.getByRole('cell').nth(0)).toHaveText('Door 1');
  await expect(kioskRow.getByRole('cell').nth(2)).not.toHaveText('—');

  // The dashboard is open before the check-ins come; it updates by itself.
  await page.getByTestId('tab-dashboard').click();
  await expect(page.getByTestId('admitted')).toHaveText('0');
  const ada = await arrivals('checkin', 'E2E-1', '--data', kioskDir, '--json');
  const grace = await arrivals('checkin', 'E2E-2', '--data', kioskDir, '--json');
  expect([ada.verdict, grace.verdict, ada.kioskId]).toEqual(['admitted', 'admitted', kioskId]);
  expect(ada.attendee).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', company: 'Engines' });
  // Nothing reaches the cloud until the kiosk syncs: its outbox holds both.
  expect(await arrivals('status', '--data', kioskDir, '--json')).toMatchObject({ queue: 2, deadLetters: 0 });
  await expect(page.getByTestId('admitted')).toHaveText('0');
  const pushed = await arrivals('sync', '--once', '--data', kioskDir, '--json');
  expect(pushed).toMatchObject({ ok: true, pushed: 2, deadLettered: 0, status: { queue: 0 } });
  await expect(page.getByTestId('admitted')).toHaveText('2');
  await expect(page.getByTestId('inside-now')).toHaveText('2');
  await expect(page.getByTestId('arrivals-chart')).toHaveAttribute('data-entries', '2');
  await expect(page.getByTestId('per-kiosk').getByRole('row').filter({ hasText: kioskId }).getByRole('cell').nth(1)).toHaveText('2');
  await expect(page.getByTestId('by-type')).toContainText('General');

  // A second kiosk (offline, so it did not know) admits Ada again, a second after door 1 did: a
  // flagged double admission with both kiosks and times.
  const later = new Date(Date.parse(ada.at as string) + 1000).toISOString();
  const second = await cloud.api('POST', '/v1/events/e2e/checkins', { checkins: [{ id: randomUUID(), kioskId: 'door-2', code: 'E2E-1', direction: 'entry', at: later, verdict: 'admitted' }] });
  expect(second.body.results[0].result).toBe('duplicate_entry');
  await expect(page.getByTestId('flagged')).toHaveText('1');
  await expect(page.getByTestId('duplicates')).toContainText('door-2');
  await expect(page.getByTestId('duplicates')).toContainText(kioskId);
  await expectAccessible(page, 'dashboard (en)');

  await page.getByTestId('language').selectOption('de');
  await expect(page.getByText('Jetzt drinnen')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expectAccessible(page, 'dashboard (de)');
  // Back on the devices: the kiosk's report after its push, an empty queue.
  await page.getByTestId('tab-devices').click();
  await expect(kioskRow.getByRole('cell').nth(0)).toHaveText('Door 1');
  await expect(kioskRow.getByRole('cell').nth(2)).not.toHaveText('—');
  await expect(kioskRow.getByRole('cell').nth(3)).toHaveText('0');
  expect(problems).toEqual([]);
});

test('the console API refuses a logged-out browser everywhere and a signed-in one without its CSRF token', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const doc = (await cloud.api('GET', '/openapi.json', undefined, null)).body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
  const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([, op]) => !(Array.isArray(op.security) && op.security.length === 0))
      .map(([method]) => ({ method: method.toUpperCase(), url: path.replace('{id}', 'e2e').replace('{code}', 'E2E-1').replace('{deviceId}', 'D1').replace('{emailId}', 'M1') })),
  );
  expect(routes.length).toBeGreaterThan(15);
  // A browser that never signed in: every route, from the page itself.
  const loggedOut = await browser.newContext();
  const anonymous = await loggedOut.newPage();
  await anonymous.goto(`${cloud.url}/console/`);
  const statuses = await anonymous.evaluate(async (list) => {
    const out: string[] = [];
    for (const r of list) out.push(`${r.method} ${r.url} ${(await fetch(r.url, { method: r.method, ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }) })).status}`);
    return out;
  }, routes);
  expect(statuses.filter((s) => !s.endsWith(' 401'))).toEqual([]);
  await loggedOut.close();

  // Signed in, but the call carries no CSRF token (what a forged request would send): nothing changes.
  await page.goto(`${cloud.url}/console/`);
  await page.getByLabel('Email').fill(manager.email);
  await page.getByLabel('Password').fill(manager.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Events' })).toBeVisible();
  const before = (await cloud.api('GET', '/v1/events')).body.events.length;
  const forged = await page.evaluate(async () => {
    const create = await fetch('/v1/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Forged' }) });
    const cancel = await fetch('/v1/events/e2e/tickets/E2E-3/cancel', { method: 'POST' });
    const session = await fetch('/v1/session');
    return { create: create.status, cancel: cancel.status, session: session.status };
  });
  expect(forged).toEqual({ create: 403, cancel: 403, session: 200 });
  expect((await cloud.api('GET', '/v1/events')).body.events.length).toBe(before);
  expect((await cloud.api('GET', '/v1/events/e2e/attendees?q=turing')).body.attendees[0].status).toBe('valid');
  // The cookie is out of the page's reach.
  expect(await page.evaluate(() => document.cookie)).not.toContain('arrivals_session');
});
