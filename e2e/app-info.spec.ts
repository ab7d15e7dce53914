import { expect, test } from './fixtures';

test('window.arrivals.app.info() reaches the page and the first screen shows it', async ({ kiosk }) => {
  const { page } = kiosk;
  const fromCli = JSON.parse(kiosk.cli('info', '--json')) as { kioskId: string; dataDir: string };

  // The same call the React app makes, straight through the face's bridge.
  const info = await page.evaluate(() => window.arrivals!.app.info());
  expect(info.kioskId).toBe(fromCli.kioskId);
  expect(info.dataDir).toBe(fromCli.dataDir);
  expect(info.face).toBe(kiosk.face);

  // A fresh kiosk opens setup (issue 14); with an event it opens the desk, whose status bar shows
  // the online state and whose kiosk info dialog shows the rest.
  await expect(page.getByTestId('setup-first-run')).toBeVisible();
  kiosk.cli('demo', '--attendees', '5');
  await page.reload();
  await expect(page.getByTestId('online-state')).toHaveText(info.online ? 'Online' : 'Offline');
  await page.getByTestId('action-info').click();
  await expect(page.getByTestId('info-dialog')).toBeVisible();
  // The dialog asks app.info when it opens; a busy machine may take a few seconds.
  await expect(page.getByTestId('kiosk-id')).toHaveText(fromCli.kioskId, { timeout: 15_000 });
  await expect(page.getByTestId('data-dir')).toHaveText(fromCli.dataDir);
});

test('the page gets only the contract: no Node, no ipcRenderer, no require', async ({ kiosk }) => {
  const exposed = await kiosk.page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    ipcRenderer: typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer,
    namespaces: Object.keys(window.arrivals!).sort(),
  }));
  expect(exposed.require).toBe('undefined');
  expect(exposed.process).toBe('undefined');
  expect(exposed.ipcRenderer).toBe('undefined');
  expect(exposed.namespaces).toContain('app');
  expect(exposed.namespaces).toContain('on');
});

test('bad input from the page is refused with a clear error naming the method', async ({ kiosk }) => {
  const error = await kiosk.page.evaluate(async () => {
    const api = window.arrivals as unknown as { app: Record<string, (input?: unknown) => Promise<unknown>> };
    try {
      await api.app.info!({ unexpected: true });
      return null;
    } catch (e) {
      return { name: (e as Error).name, message: (e as Error).message, code: (e as { code?: unknown }).code };
    }
  });
  expect(error).not.toBeNull();
  expect(error!.message).toMatch(/app\.info/);
  // The same error shape on both faces: the code crosses too (under Electron, as an envelope).
  expect(error!.code).toBe('bad_input');
  expect(error!.name).toBe('ArrivalsError');
});

test('the browser host holds its key in an HttpOnly cookie, and refuses a call without it', async ({ kiosk }) => {
  test.skip(kiosk.face !== 'host', 'the key is the browser host\'s; Electron IPC answers only its own page');
  const seen = await kiosk.page.evaluate(async () => {
    const post = (credentials: RequestCredentials) =>
      fetch('./api/call/app.info', { method: 'POST', credentials, headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status);
    return { withCookie: await post('same-origin'), without: await post('omit'), visibleToScript: document.cookie, url: window.location.href };
  });
  expect(seen.withCookie).toBe(200);
  expect(seen.without).toBe(401);
  expect(seen.visibleToScript).toBe('');
  expect(seen.url).not.toContain('key=');
});
