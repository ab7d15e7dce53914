import { expect, test } from './fixtures';

test('window.arrivals.app.info() reaches the page and the first screen shows it', async ({ kiosk }) => {
  const { page } = kiosk;
  const fromCli = JSON.parse(kiosk.cli('info', '--json')) as { kioskId: string; dataDir: string };

  // The same call the React app makes, straight through the face's bridge.
  const info = await page.evaluate(() => window.arrivals!.app.info());
  expect(info.kioskId).toBe(fromCli.kioskId);
  expect(info.dataDir).toBe(fromCli.dataDir);
  expect(info.face).toBe(kiosk.face);

  await expect(page.getByTestId('kiosk-id')).toHaveText(fromCli.kioskId);
  await expect(page.getByTestId('data-dir')).toHaveText(fromCli.dataDir);
  await expect(page.getByTestId('online-state')).toHaveText(info.online ? 'Online' : 'Offline');
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
      return { name: (e as Error).name, message: (e as Error).message };
    }
  });
  expect(error).not.toBeNull();
  expect(error!.message).toMatch(/app\.info/);
});
