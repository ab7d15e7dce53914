/**
 * The guests' registration page in real Chromium, with and without JavaScript (issue 15): a
 * plain form post, errors beside the fields, "sold out", and the success page whose QR (read from a
 * screenshot with zbarimg) is the code shown in text.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible, readQr, startTestCloud, type TestCloud } from './cloud-fixture';

let cloud: TestCloud;
test.beforeAll(async () => {
  cloud = await startTestCloud();
  const created = await cloud.api('POST', '/v1/events', {
    id: 'gala',
    name: 'Winter Gala',
    guestBadgeFields: ['Pronouns'],
    ticketTypes: [
      { name: 'General', public: true, capacity: 50 },
      { name: 'Dinner', public: true, capacity: 0 },
      { name: 'Crew', public: false },
    ],
  });
  expect(created.status).toBe(201);
});
test.afterAll(async () => cloud?.stop());

for (const javaScriptEnabled of [false, true]) {
  test(`a guest registers ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async ({ browser }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(`${cloud.url}/e/gala`);
    await expect(page.getByRole('heading', { name: 'Winter Gala' })).toBeVisible();
    await expect(page.getByText('Crew')).toHaveCount(0);
    await expect(page.getByLabel(/Dinner/)).toBeDisabled();
    await expect(page.locator('label', { hasText: 'Dinner' })).toContainText('sold out');

    const email = javaScriptEnabled ? 'js@example.org' : 'nojs@example.org';
    await page.getByLabel('First name').fill('Mary');
    await page.getByLabel('Last name').fill('Jackson');
    await page.getByLabel('Email').fill('mary at example');
    await page.getByLabel('Pronouns').fill('she/her');
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.locator('#f-email-error')).toHaveText('This is not an email address.');
    await expect(page.getByLabel('First name')).toHaveValue('Mary');
    // axe runs as a script in the page: with JavaScript on (the markup is the same either way).
    if (javaScriptEnabled) await expectAccessible(page, 'registration form with errors');
    expect((await cloud.api('GET', '/v1/events/gala/attendees?q=jackson')).body.total).toBe(javaScriptEnabled ? 1 : 0);

    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Register' }).click();
    await expect(page.getByRole('heading', { name: 'You are registered' })).toBeVisible();
    const code = (await page.getByTestId('ticket-code').textContent())!;
    expect(await readQr(page, '.qr svg', cloud.dir)).toBe(code);
    const png = await page.request.get(await page.getByRole('link', { name: 'Download the QR code (PNG)' }).getAttribute('href').then((h) => `${cloud.url}${h}`));
    expect(png.headers()['content-type']).toBe('image/png');
    if (javaScriptEnabled) await expectAccessible(page, 'registration success');
    const stored = (await cloud.api('GET', `/v1/events/gala/attendees?q=${email}`)).body.attendees.find((a: { email: string }) => a.email === email);
    expect(stored).toMatchObject({ code, firstName: 'Mary', ticketType: 'General', badgeFields: { Pronouns: 'she/her' } });
    await context.close();
  });
}
