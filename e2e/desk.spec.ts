// The staff desk in real Chromium on the browser host, on a demo event of 1,000 attendees: wedge
// scans at scanner speed, search, undo, walk-in, reprint, roles, language, axe. One host per worker.
import AxeBuilder from '@axe-core/playwright';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, hardwareScan, shot, test, unlock, wedgeScan } from './desk-fixtures';

async function noSeriousAxe(page: Page, state: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${state}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const verdict = (page: Page) => page.getByTestId('verdict');

// axe and screenshots of a full page take a few seconds each on a busy machine.
test.describe.configure({ timeout: 120_000 });

test('wedge scans at scanner speed: admitted, already in (when and where), unknown, cancelled, needs attention, double-sent', async ({ desk }) => {
  const { page, host } = desk;
  await shot(page, '01-ready');
  await noSeriousAxe(page, 'ready');

  const kioskId = (JSON.parse(host.cli('info', '--json')) as { kioskId: string }).kioskId;
  const guest = host.pick('valid');
  await wedgeScan(page, guest.code);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'admitted');
  await expect(page.getByTestId('verdict-name')).toHaveText(`${guest.firstName} ${guest.lastName}`);
  await expect(page.getByTestId('count-admitted')).toHaveText('1');
  await expect(page.getByTestId('count-inside')).toHaveText('1');
  await shot(page, '02-admitted');
  await noSeriousAxe(page, 'admitted');

  // The same code again after the 2 s double-send window: already in, with the kiosk and the time.
  await page.waitForTimeout(2100);
  await wedgeScan(page, guest.code);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'already_in');
  await expect(page.getByTestId('verdict-previous')).toContainText(kioskId);
  await expect(page.getByTestId('verdict-previous')).toContainText('this kiosk');
  await expect(page.getByTestId('verdict-previous')).not.toContainText('kiosk kiosk');
  await expect(page.getByTestId('verdict-previous')).toContainText(/\d\d:\d\d:\d\d/);
  await shot(page, '03-already-in');
  await noSeriousAxe(page, 'already_in');

  // An AR2-looking code with spaces and every base45 symbol that no key signed: unknown.
  await wedgeScan(page, 'AR2:NOPE $%*+-./: 0123 ABC');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'unknown');
  await expect(verdict(page)).toHaveAttribute('data-code', 'AR2:NOPE $%*+-./: 0123 ABC');
  await shot(page, '04-unknown');

  // Every refusal of a ticket that is not valid says why, in red.
  for (const [kind, word] of [['onlyCancelled', 'Cancelled ticket'], ['refunded', 'Refunded ticket'], ['pending', 'Unpaid ticket']] as const) {
    await wedgeScan(page, host.pick(kind).code);
    await expect(verdict(page)).toHaveAttribute('data-verdict', 'cancelled');
    await expect(page.getByTestId('verdict-word')).toHaveText(word);
    await expect(verdict(page)).toHaveClass(/tone-refuse/);
  }
  await shot(page, '05-cancelled');

  const vip = host.pick('vip');
  await wedgeScan(page, vip.code);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'needs_attention');
  await expect(page.getByTestId('verdict-word')).toHaveText('Admitted — VIP');
  await shot(page, '06-needs-attention-vip');
  await noSeriousAxe(page, 'needs_attention');
  await wedgeScan(page, host.pick('note').code);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'needs_attention');
  await expect(verdict(page)).toContainText('Note:');
  await expect(page.getByTestId('verdict-word')).toHaveText('Admitted — see note');

  // Double-sent: a scanner that sends the code twice at once checks the guest in once.
  const twice = host.pick('valid');
  await wedgeScan(page, twice.code);
  await wedgeScan(page, twice.code);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'admitted');
  await page.waitForTimeout(300);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'admitted');
  host.cli('export', 'checkins', '--out', join(host.dataDir, 'twice.csv'));
  const rows = readFileSync(join(host.dataDir, 'twice.csv'), 'utf8').split('\r\n').filter((line) => line.includes(twice.code));
  expect(rows).toHaveLength(1);
});

test("a scan's spaces never press the focused button, and its Enter never submits", async ({ desk }) => {
  const { page, host } = desk;
  // Focus a button that Space or Enter would press (it opens the kiosk info).
  await page.getByTestId('action-info').focus();
  const code = host.pick('spaced').code;
  expect(code).toContain(' ');
  await wedgeScan(page, code);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'admitted');
  await expect(page.getByTestId('info-dialog')).toHaveCount(0);
  // A person pressing Space on it still opens it.
  await page.keyboard.press('Space');
  await expect(page.getByTestId('info-dialog')).toBeVisible();
  await expect(page.getByTestId('kiosk-id')).not.toBeEmpty();
  await shot(page, '07-info');
  await noSeriousAxe(page, 'info');
});

test('a scan while the PIN pad or the search box has the focus is a scan: its verdict shows, and it never counts as a PIN or a name', async ({ desk }) => {
  const { page, host } = desk;
  // Six scans into the PIN field: each one a verdict, none a PIN attempt (5 wrong PINs would lock PIN entry).
  for (let i = 0; i < 6; i++) {
    await page.getByTestId('unlock').click();
    await expect(page.getByTestId('pin-input')).toBeFocused();
    const guest = host.pick('valid');
    await hardwareScan(page, guest.code);
    await expect(verdict(page)).toHaveAttribute('data-verdict', 'admitted');
    await expect(verdict(page)).toHaveAttribute('data-code', guest.code);
    await expect(page.getByTestId('unlock-dialog')).toHaveCount(0);
    await expect(page.getByTestId('pin-error')).toHaveCount(0);
    if (i === 0) await shot(page, '08b-scan-during-pin');
  }
  await unlock(page);
  await expect(page.getByTestId('role')).toHaveText('Supervisor');

  // Into the search box: a scan, not a name ("Nobody found").
  await page.getByTestId('action-search').click();
  await expect(page.getByTestId('search-input')).toBeFocused();
  const guest = host.pick('valid');
  await hardwareScan(page, guest.code);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'admitted');
  await expect(verdict(page)).toHaveAttribute('data-code', guest.code);
  await expect(page.getByTestId('search-dialog')).toHaveCount(0);
  await page.getByTestId('lock').click();
});

test('exit: a supervisor turns the door to exit; a scan records the way out (blue) and inside-now drops', async ({ desk }) => {
  const { page, host } = desk;
  const guest = host.pick('valid');
  await wedgeScan(page, guest.code);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'admitted');
  const inside = Number(await page.getByTestId('count-inside').textContent());
  await expect(page.getByTestId('direction-exit')).toBeDisabled();
  await expect(page.getByTestId('direction-exit')).toHaveAttribute('title', 'Supervisor only: unlock to switch');
  await unlock(page);
  await page.getByTestId('direction-exit').click();
  await expect(page.getByTestId('desk')).toHaveAttribute('data-direction', 'exit');
  // Waiting, the exit door says so (not "Ready to scan").
  await page.getByTestId('lock').click();
  await expect(verdict(page)).toHaveAttribute('data-mode', 'exit');
  await expect(verdict(page)).toContainText('Exit mode');
  await shot(page, '08a-exit-idle');
  await page.waitForTimeout(2100);
  await wedgeScan(page, guest.code);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'exited');
  await expect(page.getByTestId('verdict-word')).toHaveText('Exit recorded');
  await expect(page.getByTestId('count-inside')).toHaveText(String(inside - 1));
  // A guest who never came in: nothing is written, and the verdict says so.
  await wedgeScan(page, host.pick('valid').code);
  await expect(verdict(page)).toHaveAttribute('data-recorded', 'false');
  await expect(page.getByTestId('verdict-word')).toHaveText('Not inside — nothing recorded');
  await expect(page.getByTestId('count-inside')).toHaveText(String(inside - 1));
  await unlock(page);
  await shot(page, '08-exit');
  await noSeriousAxe(page, 'exited');
  await page.getByTestId('direction-entry').click();
  await expect(page.getByTestId('desk')).toHaveAttribute('data-direction', 'entry');
});

test('search (from 2 characters, arrows and Enter), check in from the result, then undo with a reason: recorded, and the guest can enter again', async ({ desk }) => {
  const { page, host } = desk;
  const guest = host.pick('valid');
  await unlock(page);
  await expect(page.getByTestId('role')).toHaveText('Supervisor');
  await page.getByTestId('action-search').click();
  const input = page.getByTestId('search-input');
  await input.pressSequentially(guest.lastName.slice(0, 1));
  await expect(page.getByTestId('search-result')).toHaveCount(0);
  await input.fill(`${guest.firstName} ${guest.lastName}`);
  await expect(page.getByTestId('search-result').first()).toBeVisible();
  await shot(page, '09-search');
  await noSeriousAxe(page, 'search');
  // Arrow to our guest among the matches, then Enter.
  const codes = await page.getByTestId('search-result').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));
  const index = codes.indexOf(guest.code);
  expect(index).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < index; i++) await input.press('ArrowDown');
  await expect(page.locator('[data-testid=search-result][aria-selected=true]')).toHaveAttribute('data-code', guest.code);
  await input.press('Enter');
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'admitted');
  await expect(verdict(page)).toHaveAttribute('data-source', 'search');
  // Searched again, the guest is shown as inside, with the time.
  await page.getByTestId('action-search').click();
  await page.getByTestId('search-input').fill(`${guest.firstName} ${guest.lastName}`);
  const row = page.locator(`[data-testid=search-result][data-code="${guest.code.replace(/"/g, '\\"')}"]`);
  await expect(row.getByTestId('search-presence')).toContainText(/Inside: checked in \d\d:\d\d/);
  await shot(page, '09b-search-inside');
  await page.getByTestId('search-dialog').getByRole('button', { name: 'Close' }).click();

  await page.getByTestId('action-undo').click();
  await expect(page.getByTestId('undo-who')).toContainText(guest.lastName);
  await page.getByTestId('undo-submit').click();
  await expect(page.getByTestId('undo-error')).toBeVisible(); // a reason is required
  await page.getByTestId('undo-reason').fill('scanned the wrong ticket');
  await shot(page, '10-undo');
  await noSeriousAxe(page, 'undo');
  await page.getByTestId('undo-submit').click();
  await expect(page.getByTestId('notice')).toContainText(guest.lastName);
  // Only the last check-in can be undone: a second Undo says it was undone already.
  await page.getByTestId('action-undo').click();
  await expect(page.getByTestId('undo-nothing')).toContainText('already undone');
  await page.keyboard.press('Escape');

  const exported = JSON.parse(host.cli('export', 'checkins', '--out', join(host.dataDir, 'undo.csv'), '--json')) as { undone: number };
  expect(exported.undone).toBeGreaterThanOrEqual(1);
  await page.waitForTimeout(2100);
  await wedgeScan(page, guest.code);
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'admitted');
});

function badges(dataDir: string): string[] {
  const dir = join(dataDir, 'badges');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.pdf')) : [];
}

test('walk-in and reprint both end in a badge PDF in the pdf-folder printer', async ({ desk }) => {
  const { page, host } = desk;
  await unlock(page);
  const before = badges(host.dataDir).length;
  await page.getByTestId('action-walkIn').click();
  await page.getByTestId('walkin-submit').click();
  await expect(page.getByTestId('walkin-error')).toBeVisible();
  await page.getByTestId('walkin-firstName').fill('Wanda');
  await page.getByTestId('walkin-lastName').fill('Walkwell');
  await page.getByTestId('walkin-company').fill('Door Co');
  // The form preselects the type the kiosk would give: the demo's first single-entry type, never
  // Crew (multi-entry staff), and offers no empty choice.
  await expect(page.getByTestId('walkin-ticketType')).toHaveValue('General');
  await expect(page.getByTestId('walkin-ticketType').locator('option', { hasText: '—' })).toHaveCount(0);
  await expect(page.getByTestId('walkin-printer')).toHaveValue('pdf-folder');
  await shot(page, '11-walk-in');
  await noSeriousAxe(page, 'walk-in');
  await page.getByTestId('walkin-submit').click();
  await expect(verdict(page)).toHaveAttribute('data-verdict', 'admitted');
  await expect(page.getByTestId('verdict-name')).toHaveText('Wanda Walkwell');
  await expect(verdict(page)).toContainText('General');
  await expect(page.getByTestId('last-job')).toContainText('printed');
  await expect.poll(() => badges(host.dataDir).filter((f) => f.startsWith('wanda-walkwell')).length).toBe(1);
  await shot(page, '12-walk-in-printed');

  const guest = host.pick('valid');
  await page.getByTestId('action-reprint').click();
  await expect(page.getByTestId('reprint-dialog')).toContainText('Enter chooses the guest');
  await expect(page.getByTestId('search-choose')).toContainText('Choose this guest');
  await page.getByTestId('search-input').fill(`${guest.firstName} ${guest.lastName}`);
  await page.locator(`[data-testid=search-result][data-code="${guest.code.replace(/"/g, '\\"')}"]`).click();
  await expect(page.getByTestId('reprint-guest')).toContainText(guest.lastName);
  await page.getByTestId('reprint-printer').selectOption('pdf-folder');
  await shot(page, '13-reprint');
  await noSeriousAxe(page, 'reprint');
  await page.getByTestId('reprint-submit').click();
  await expect(page.getByTestId('notice')).toContainText(guest.lastName);
  await expect.poll(() => badges(host.dataDir).length).toBe(before + 2);
  await expect(page.getByTestId('last-job')).toContainText('printed');
});

test('roles: a steward cannot reach supervisor actions; a wrong PIN is refused; the supervisor locks again when idle', async ({ desk }) => {
  const { page } = desk;
  await expect(page.getByTestId('role')).toHaveText('Steward');
  for (const action of ['search', 'undo', 'walkIn', 'reprint', 'settings']) await expect(page.getByTestId(`action-${action}`)).toHaveCount(0);
  await expect(page.getByTestId('locked-note')).toBeVisible();

  await page.getByTestId('unlock').click();
  await noSeriousAxe(page, 'unlock');
  await page.getByTestId('pin-input').fill('0000');
  await page.getByTestId('pin-submit').click();
  await expect(page.getByTestId('pin-error')).toHaveText('Wrong PIN.');
  await shot(page, '14-wrong-pin');
  await expect(page.getByTestId('role')).toHaveText('Steward');
  await page.keyboard.press('Escape');

  // Idle lock, with the page's clock run forward instead of waiting three minutes.
  await page.clock.install();
  await page.reload();
  await page.waitForSelector('html[data-arrivals-events="connected"]', { state: 'attached' });
  await unlock(page);
  await expect(page.getByTestId('role')).toHaveText('Supervisor');
  await expect(page.getByTestId('action-search')).toBeVisible();
  await shot(page, '15-supervisor');
  await page.getByTestId('action-settings').click();
  await noSeriousAxe(page, 'settings');
  await shot(page, '16-settings');
  // "Saved" shows by the Save button, where the supervisor is looking.
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-note')).toHaveText('Settings saved.');
  await expect(page.getByTestId('settings-note')).toBeInViewport();
  // Leaving kiosk mode takes the PIN again, checked by the core; the browser host says where to leave its window's kiosk mode.
  await page.getByTestId('leave-kiosk-pin').fill('9999');
  await page.getByTestId('leave-kiosk-mode').click();
  await expect(page.getByTestId('settings-note')).toHaveText('Wrong PIN.');
  await page.getByTestId('leave-kiosk-pin').fill('1234');
  await page.getByTestId('leave-kiosk-mode').click();
  await expect(page.getByTestId('settings-note')).toContainText('runs in a web browser');
  await page.keyboard.press('Escape');
  await page.clock.runFor(179_000);
  await expect(page.getByTestId('role')).toHaveText('Supervisor');
  await page.clock.runFor(2_000);
  await expect(page.getByTestId('role')).toHaveText('Steward');
  await expect(page.getByTestId('action-search')).toHaveCount(0);
});

test('keyboard only: the unlock, the PIN and a supervisor action are reachable with Tab and Enter; German follows the switch', async ({ desk }) => {
  const { page } = desk;
  let reached = false;
  for (let i = 0; i < 12 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.getByTestId('unlock').evaluate((el) => el === document.activeElement);
  }
  expect(reached).toBe(true);
  await page.keyboard.press('Enter');
  await page.keyboard.type('1234', { delay: 120 }); // a person typing into the PIN field
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('role')).toHaveText('Supervisor');

  await page.getByTestId('language').selectOption('de');
  await expect(verdict(page)).toContainText('Bereit zum Scannen');
  await expect(page.getByTestId('role')).toHaveText('Aufsicht');
  await expect(page.getByTestId('sync-state')).toContainText('nicht angemeldet');
  await shot(page, '17-german');
  await noSeriousAxe(page, 'german');
  await page.getByTestId('language').selectOption('en');
});
