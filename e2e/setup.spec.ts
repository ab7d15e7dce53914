// Kiosk setup in real Chromium on the browser host: a fresh kiosk opens setup (not an empty desk) and
// asks for a supervisor PIN; it enrolls against a real `arrivals cloud` on port 0 by typing the
// server and setup code, and another by scanning the setup QR through the fake camera; "no cloud":
// a pretix-style CSV through the mapping preview (a dropdown changed, skip-invalid, problem rows to
// download); the badge template with a live preview of a real attendee; the printer (PDF folder,
// CUPS queue, a TCP printer on a closed port) with a test badge and its outcome; the kiosk's mode;
// the copyable status page. axe on every step; screenshots into e2e/artifacts/setup/.
import { chromium, expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import QRCode from 'qrcode';
import { fakeCameraArgs, imageToY4m } from '../scripts/fake-camera.mjs';
import { artifacts } from './desk-fixtures';
import { chromiumArgs, chromiumPath } from './playwright.config';
import { kioskHost, noSeriousAxe, openKiosk, shot, startCloud, type Kiosk } from './self-service-fixtures';

test.describe.configure({ mode: 'serial', timeout: 120_000 });

const pretixCsv = readFileSync(resolve(import.meta.dirname, '..', 'common/node/import/test/fixtures/pretix-positions-en.csv'), 'utf8');
let cloud: Awaited<ReturnType<typeof startCloud>>;
const kiosks: Kiosk[] = [];
test.beforeAll(async () => {
  cloud = await startCloud();
});
test.afterAll(() => {
  for (const k of kiosks) k.close();
  cloud?.child.kill('SIGTERM');
});

async function fresh(page: Page): Promise<{ kiosk: Kiosk; problems: string[] }> {
  const kiosk = await kioskHost();
  kiosks.push(kiosk);
  const problems: string[] = [];
  await page.setViewportSize({ width: 1280, height: 800 });
  await openKiosk(page, kiosk.url, problems);
  await expect(page.getByTestId('setup')).toBeVisible();
  return { kiosk, problems };
}

async function firstPin(page: Page): Promise<void> {
  await expect(page.getByTestId('setup-first-run')).toBeVisible();
  await expect(page.getByTestId('setup-pin')).toBeVisible();
  // "Save PIN" says why it cannot be pressed yet.
  await expect(page.getByTestId('setup-pin-save')).toBeDisabled();
  await expect(page.getByTestId('setup-pin-why')).toHaveText('The PIN needs at least 4 digits.');
  await page.getByTestId('setup-pin-new').fill('1357');
  await expect(page.getByTestId('setup-pin-why')).toHaveText('Type the same PIN again to save it.');
  await page.getByTestId('setup-pin-repeat').fill('1358');
  await expect(page.getByTestId('setup-pin-why')).toHaveText('The two PINs differ.');
  await expect(page.getByTestId('setup-pin-save')).toBeDisabled();
  await page.getByTestId('setup-pin-repeat').fill('1357');
  await expect(page.getByTestId('setup-pin-why')).toHaveText('');
  await page.getByTestId('setup-pin-save').click();
  await expect(page.getByTestId('setup-enroll')).toBeVisible();
}

test('first run opens setup and asks for a PIN; enrolls against a real cloud by typing the server and setup code', async ({ page }) => {
  const { problems } = await fresh(page);
  await noSeriousAxe(page, 'first PIN');
  await shot(page, 'setup', '01-first-pin');
  await firstPin(page);
  await noSeriousAxe(page, 'enroll');
  await shot(page, 'setup', '02-enroll');
  await page.getByTestId('enroll-server').fill(cloud.url);
  await page.getByTestId('enroll-code').fill('WRONG-CODE');
  await page.getByTestId('enroll-submit').click();
  await expect(page.getByTestId('setup-note')).toHaveAttribute('role', 'alert');
  await page.getByTestId('enroll-code').fill(cloud.setupCode);
  await page.getByTestId('enroll-name').fill('Door 1');
  await page.getByTestId('enroll-submit').click();
  await expect(page.getByTestId('setup-note')).toContainText(`Connected to ${cloud.url}`, { timeout: 20_000 });
  await shot(page, 'setup', '03-enrolled');
  // The feed brings the event: setup can be finished, and the kiosk opens its desk.
  await expect(page.getByTestId('setup-done')).toBeEnabled({ timeout: 30_000 });
  // The cloud names its event: the list step offers no renaming on an enrolled kiosk.
  await page.getByTestId('setup-step-import').click();
  await expect(page.getByTestId('setup-import')).toBeVisible();
  await expect(page.getByTestId('setup-event-name')).toHaveCount(0);
  await page.getByTestId('setup-done').click();
  await expect(page.getByTestId('desk')).toBeVisible();
  expect(problems).toEqual([]);
});

test('enrolls by scanning the setup QR with the camera', async () => {
  const { setupCode, qrPayload } = await cloud.newSetupCode();
  expect(JSON.parse(qrPayload)).toMatchObject({ setupCode });
  const dir = join(artifacts, 'setup-camera');
  mkdirSync(dir, { recursive: true });
  await QRCode.toFile(join(dir, 'setup-qr.png'), qrPayload, { margin: 4, scale: 8 });
  const y4m = imageToY4m(join(dir, 'setup-qr.png'), join(dir, 'setup-qr.y4m'), { width: 640, height: 480, blankSeconds: 0.5, codeSeconds: 2 });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, ...fakeCameraArgs(y4m)] });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    const { problems } = await fresh(page);
    await firstPin(page);
    await page.getByTestId('enroll-scan').click();
    await expect(page.getByTestId('setup-note')).toContainText(`Connected to ${cloud.url}`, { timeout: 30_000 });
    await shot(page, 'setup', '04-enrolled-by-qr');
    expect(problems).toEqual([]);
  } finally {
    await browser.close();
  }
});

test('no cloud: a list without a code column says what to choose here; a bad row refuses the list with its reason on screen', async ({ page }) => {
  const { kiosk, problems } = await fresh(page);
  await firstPin(page);
  await page.getByTestId('enroll-no-cloud').click();
  // No code column: the screen says what to do on the screen (the dropdowns), not the CLI's --map.
  const noCode = 'First Name,Last Name,Email\nAnn,Berg,ann@example.com\nBob,Lee,bob@example.com\n';
  await page.getByTestId('import-file').setInputFiles({ name: 'nocode.csv', mimeType: 'text/csv', buffer: Buffer.from(noCode) });
  await expect(page.getByTestId('import-problem')).toContainText('no column is used as the ticket code');
  await expect(page.getByTestId('import-problem')).toContainText('Used as');
  await expect(page.getByTestId('import-problem')).not.toContainText('--map');
  // The dropdowns show the fields by name, and send the field ids.
  await expect(page.getByTestId('map-0').locator('option:checked')).toHaveText('First name');
  await expect(page.getByTestId('map-0')).toHaveValue('firstName');
  await expect(page.getByTestId('import-mapping')).not.toContainText('ticketType');
  await shot(page, 'setup', '05a-import-no-code');

  // One unknown status and "skip rows with problems" unticked: nothing is imported, and the screen says why.
  const badStatus = 'Barcode #,First Name,Last Name,Email,Ticket Type,Attendee Status\n' +
    '999000111,Ann,Berg,ann@example.com,General Admission,Attending\n' +
    '999000112,Bob,Lee,bob@example.com,General Admission,Attending\n' +
    '999000113,Cy,Moe,cy@example.com,General Admission,Atending\n';
  await page.getByTestId('import-file').setInputFiles({ name: 'badstatus.csv', mimeType: 'text/csv', buffer: Buffer.from(badStatus) });
  await expect(page.getByTestId('import-problem-rows')).toContainText('Row 4:');
  await expect(page.getByTestId('import-problem-rows')).toContainText('Atending');
  await page.getByTestId('import-run').click();
  const summary = page.getByTestId('import-summary');
  await expect(summary).toHaveAttribute('data-outcome', 'refused', { timeout: 20_000 });
  await expect(summary).toHaveAttribute('role', 'alert');
  await expect(summary).toContainText('Nothing was imported.');
  await expect(summary).toContainText('Row 4:');
  await expect(summary).toContainText('unknown status "Atending"');
  await expect(summary).toContainText('Skip rows with problems');
  await expect(summary).not.toContainText('Imported 0');
  await expect(page.getByTestId('import-error-report')).toBeVisible();
  await noSeriousAxe(page, 'import refused');
  await shot(page, 'setup', '05b-import-refused');
  expect((JSON.parse(kiosk.cli('info', '--json')) as { replica: { attendees: number } }).replica.attendees).toBe(0);
  // Ticked: the good rows go in, the bad one is still named.
  await page.getByTestId('import-skip-invalid').check();
  await page.getByTestId('import-run').click();
  await expect(summary).toHaveAttribute('data-outcome', 'imported', { timeout: 20_000 });
  await expect(summary).toContainText('Imported 2 new');
  await expect(page.getByTestId('import-problem-rows')).toContainText('Row 4:');
  expect((JSON.parse(kiosk.cli('info', '--json')) as { replica: { attendees: number } }).replica.attendees).toBe(2);
  expect(problems).toEqual([]);
});

test('no cloud: a pretix CSV through the mapping preview, then badge, printer and kiosk, and the status page', async ({ page }) => {
  const { kiosk, problems } = await fresh(page);
  await firstPin(page);
  await page.getByTestId('enroll-no-cloud').click();
  await expect(page.getByTestId('setup-import')).toBeVisible();
  // One row without a ticket secret: a problem row, skipped with the checkbox.
  const lines = pretixCsv.trimEnd().split(/\r?\n/);
  const headers = lines[0]!.split(',');
  const secret = headers.indexOf('Ticket secret');
  const bad = lines[1]!.split(',');
  bad[secret] = '';
  const csv = [...lines, bad.join(',')].join('\n') + '\n';
  await page.getByTestId('import-file').setInputFiles({ name: 'pretix.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('import-detected')).toContainText('pretix');
  await expect(page.getByTestId('import-rows').locator('tbody tr')).not.toHaveCount(0);
  await expect(page.getByTestId('import-error-report')).toBeVisible();
  await noSeriousAxe(page, 'import preview');
  await shot(page, 'setup', '05-import-preview');
  // A dropdown changes the mapping, and the preview follows.
  const company = page.getByTestId(`map-${headers.indexOf('Company')}`);
  await company.selectOption('note');
  await expect(company).toHaveValue('note');
  // "Not used" leaves a column detection had mapped out of the import: no guest email in the preview.
  await expect(page.getByTestId('import-rows')).toContainText('grace@example.org');
  const email = page.getByTestId(`map-${headers.indexOf('Attendee email')}`);
  await expect(email).toHaveValue('email');
  await email.selectOption({ label: 'Not used' });
  await expect(email).toHaveValue('-');
  await expect(page.getByTestId('import-rows')).not.toContainText('grace@example.org');
  await expect(page.getByTestId('import-detected')).toBeVisible();
  await page.getByTestId('import-skip-invalid').check();
  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('import-summary')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('import-summary')).toContainText('rows skipped');
  const href = await page.getByTestId('import-error-report').getAttribute('href');
  expect(decodeURIComponent(href!.split(',').slice(1).join(','))).toMatch(/^line,reason\r\n\d+,/);
  await shot(page, 'setup', '06-imported');
  const info = JSON.parse(kiosk.cli('info', '--json')) as { replica: { attendees: number } };
  expect(info.replica.attendees).toBe(lines.length - 1);
  // The list's event gets a name here: guests are welcomed to it, not to "Imported attendees".
  await expect(page.getByTestId('event-name')).toHaveValue('Imported attendees');
  await page.getByTestId('event-name').fill('   ');
  await expect(page.getByTestId('event-name-save')).toBeDisabled();
  await page.getByTestId('event-name').fill('Tech Summit 2026');
  await page.getByTestId('event-name-save').click();
  await expect(page.getByTestId('setup-event-name').getByTestId('setup-note')).toContainText('now called “Tech Summit 2026”');
  expect(JSON.parse(kiosk.cli('config', '--json'))).toMatchObject({ eventName: 'Tech Summit 2026' });
  await noSeriousAxe(page, 'event name');
  // Step 1 says the kiosk works from a list now, and the steps done are marked.
  await expect(page.getByTestId('setup-step-import')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('setup-step-enroll')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('setup-step-badge')).not.toHaveAttribute('data-done', 'true');
  await page.getByTestId('setup-step-enroll').click();
  await expect(page.getByTestId('setup-sync-state')).toHaveText(`Working from a list: Tech Summit 2026, ${lines.length - 1} attendees.`);
  await shot(page, 'setup', '06b-working-from-list');

  await page.getByTestId('setup-step-badge').click();
  await expect(page.getByTestId('badge-preview')).toBeVisible();
  await expect(page.getByTestId('badge-whose')).toContainText('real attendee');
  await page.getByTestId('badge-template').selectOption('badge-4x6');
  await expect(page.getByTestId('badge-preview')).toHaveAttribute('data-template', 'badge-4x6');
  await page.getByTestId('badge-save').click();
  await expect(page.getByTestId('setup-note')).toContainText('saved');
  await noSeriousAxe(page, 'badge');
  await shot(page, 'setup', '07-badge');

  await page.getByTestId('setup-step-printer').click();
  await page.getByTestId('printer-kind-folder').check();
  await page.getByTestId('printer-name').fill('proofs');
  await page.getByTestId('printer-dir').fill('proofs');
  await page.getByTestId('printer-save').click();
  await expect(page.getByTestId('printer-current')).toContainText('proofs');
  await page.getByTestId('printer-test').click();
  await expect(page.getByTestId('setup-note')).toContainText('Test badge sent to proofs');
  expect(readdirSync(join(kiosk.dataDir, 'proofs')).filter((f) => f.startsWith('test-badge'))).toHaveLength(1);
  await noSeriousAxe(page, 'printer');
  await shot(page, 'setup', '08-printer-test');
  // A name the kiosk cannot store is said in the form; a test of a form that was not saved prints nothing,
  // not even on the printer saved before.
  await page.getByTestId('printer-name').fill('!!');
  await expect(page.getByTestId('printer-name-hint')).toHaveText('Give the printer a name with at least one letter or digit.');
  await expect(page.getByTestId('printer-test')).toHaveText('Save and print a test badge');
  await page.getByTestId('printer-test').click();
  await expect(page.getByTestId('setup-note')).toContainText('No test badge was printed');
  await expect(page.getByTestId('setup-note')).toHaveAttribute('role', 'alert');
  expect(readdirSync(join(kiosk.dataDir, 'proofs')).filter((f) => f.startsWith('test-badge'))).toHaveLength(1);
  await page.getByTestId('printer-name').fill('proofs');
  await expect(page.getByTestId('printer-test')).toHaveText('Print a test badge');
  if (spawnSync('lpstat', ['-p', 'arrivals-pdf']).status === 0) {
    await page.getByTestId('printer-kind-cups').check();
    await page.getByTestId('printer-queue').selectOption('arrivals-pdf');
    await page.getByTestId('printer-name').fill('office');
    await page.getByTestId('printer-save').click();
    await expect(page.getByTestId('printer-current')).toContainText('office (cups:arrivals-pdf)');
    await page.getByTestId('printer-test').click();
    await expect(page.getByTestId('setup-note')).toContainText('Test badge sent to office', { timeout: 30_000 });
  }
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  await page.getByTestId('printer-kind-tcp').check();
  // A name with a space becomes a valid one; the test badge goes to what the form shows, saved first.
  await page.getByTestId('printer-name').fill('Zebra foyer');
  await expect(page.getByTestId('printer-name-hint')).toContainText('Will be saved as “zebra-foyer”');
  await page.getByTestId('printer-host').fill('127.0.0.1');
  await page.getByTestId('printer-port').fill(String(port));
  await page.getByTestId('printer-test').click();
  await expect(page.getByTestId('setup-note')).toContainText('did not print on zebra-foyer', { timeout: 20_000 });
  await expect(page.getByTestId('printer-current')).toContainText(`zebra-foyer (tcp://127.0.0.1:${port})`);
  await shot(page, 'setup', '09-printer-unreachable');
  expect(JSON.parse(readFileSync(join(kiosk.dataDir, 'print.json'), 'utf8'))).toMatchObject({ defaultPrinter: 'zebra-foyer', defaultTemplate: 'badge-4x6' });

  await page.getByTestId('setup-step-kiosk').click();
  await page.getByTestId('kiosk-name').fill('Foyer self-service');
  await page.getByTestId('kiosk-mode').selectOption('self-service');
  // The list's event has no colour: the app's default, until the supervisor picks one.
  await expect(page.getByTestId('kiosk-event-color-value')).toHaveText('the app’s default colour');
  await expect(page.getByTestId('kiosk-event-color-sample')).toHaveText('Welcome to Tech Summit 2026');
  await page.getByTestId('kiosk-event-color').fill('#ffd700');
  await expect(page.getByTestId('kiosk-event-color-sample')).toHaveCSS('color', 'rgb(0, 0, 0)');
  await page.getByTestId('kiosk-save').click();
  await expect(page.getByTestId('setup-note')).toContainText('saved');
  await noSeriousAxe(page, 'kiosk');
  await shot(page, 'setup', '10-kiosk');

  await page.getByTestId('setup-step-status').click();
  await expect(page.getByTestId('diagnostics')).toContainText(kiosk.dataDir);
  await expect(page.getByTestId('diagnostics')).toContainText('not_enrolled');
  // The printer test's outcome is said beside the copyable text, not inside it.
  const diagnostics = await page.getByTestId('diagnostics').textContent();
  await page.getByTestId('diagnostics-printer').click();
  await expect(page.getByTestId('diagnostics-printer-result')).toContainText('did not print on zebra-foyer', { timeout: 20_000 });
  expect(await page.getByTestId('diagnostics').textContent()).toBe(diagnostics);
  await noSeriousAxe(page, 'status');
  await shot(page, 'setup', '11-status');

  await page.getByTestId('setup-done').click();
  await expect(page.getByTestId('self-service')).toBeVisible();
  await expect(page.getByTestId('self-service')).toHaveAttribute('data-accent', '#ffd700');
  await expect(page.getByTestId('self-service')).toContainText('Welcome to Tech Summit 2026');
  expect(JSON.parse(kiosk.cli('config', '--json'))).toMatchObject({ mode: 'self-service', kioskName: 'Foyer self-service', eventColor: '#ffd700' });
  expect(existsSync(join(kiosk.dataDir, 'print.json'))).toBe(true);
  expect(problems).toEqual([]);
});
