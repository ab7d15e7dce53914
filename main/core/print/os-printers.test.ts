// OS printers of the desktop app, through the real queue and router, with the Electron side
// replaced by a recorder (the Electron adapter itself is tested in main/electron/os-print.test.ts;
// the HTML page it prints is printed by real Chromium in html.test.ts).
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import type { OsPrinting, OsPrintRequest } from './transports/os';
import { PrintError } from './transports/print-error';
import { guests, printKiosk, signedCode, type PrintKiosk } from './testing/print-fixture';

let k: PrintKiosk | undefined;
afterEach(() => k?.close());

/** A stand-in for Electron: lists two devices, keeps what it was asked to print, fails on demand. */
function recorder(fail?: PrintError) {
  const printed: Array<OsPrintRequest & { html: string }> = [];
  const printing: OsPrinting = {
    list: async () => [
      { name: 'Brother_QL_820NWB', displayName: 'Brother QL-820NWB' },
      { name: 'Office', displayName: 'Office laser' },
    ],
    async print(request) {
      // The page exists while the print runs (Electron loads it from this file).
      printed.push({ ...request, html: readFileSync(request.file, 'utf8') });
      if (fail) throw fail;
    },
  };
  return { printing, printed };
}

it('lists the OS printers the app can reach (a configured name wins) and prints an HTML badge to the named device', async () => {
  const os = recorder();
  k = printKiosk('cli', os.printing);
  k.writeConfig({ printers: [{ name: 'Office', kind: 'os', device: 'Office', template: 'badge-4x6' }] });
  const { printers } = await k.kiosk.router.invoke('print.printers', {});
  const osPrinters = printers.filter((p) => p.kind === 'os');
  expect(osPrinters.map((p) => [p.name, p.source, p.language, p.target])).toEqual([
    ['Office', 'config', 'html', 'os:Office'],
    ['Brother_QL_820NWB', 'os', 'html', 'os:Brother_QL_820NWB'],
  ]);

  const { job } = await k.kiosk.router.invoke('print.badge', { code: signedCode, printer: 'Brother_QL_820NWB', template: 'label-62x100', wait: true });
  expect(job).toMatchObject({ state: 'done', printer: 'Brother_QL_820NWB', notes: [] });
  expect(os.printed).toHaveLength(1);
  const sent = os.printed[0]!;
  expect(sent).toMatchObject({ device: 'Brother_QL_820NWB', widthMm: 62, heightMm: 100 });
  expect(sent.html).toContain('@page{size:62mm 100mm;margin:0}');
  expect(sent.html).toContain('Zoë Ångström');
  // The temporary page is gone once the job is done.
  expect(existsSync(sent.file)).toBe(false);
});

it("a device the OS refuses fails the job with the adapter's reason; one that fails mid-job is retried", async () => {
  const refusing = recorder(new PrintError('printer Office is not available to this computer (Invalid deviceName provided)', false));
  k = printKiosk('cli', refusing.printing);
  k.writeConfig({ printers: [{ name: 'Office', kind: 'os' }] });
  const { job } = await k.kiosk.router.invoke('print.badge', { code: guests[1]!.code, printer: 'Office', wait: true });
  expect(job).toMatchObject({ state: 'failed', attempts: 1, error: 'printer Office is not available to this computer (Invalid deviceName provided)' });
  k.close();

  const flaky = recorder(new PrintError('printer Office failed the job (Print job failed)', true));
  k = printKiosk('cli', flaky.printing);
  k.writeConfig({ maxAttempts: 2, printers: [{ name: 'Office', kind: 'os' }] });
  const retried = await k.kiosk.router.invoke('print.badge', { code: guests[1]!.code, printer: 'Office', wait: true });
  expect(retried.job).toMatchObject({ state: 'failed', attempts: 2, error: 'printer Office failed the job (Print job failed)' });
  expect(flaky.printed).toHaveLength(2);
});

it('outside the desktop app an OS printer fails at once and says where it can print; the next job prints', async () => {
  k = printKiosk('cli');
  k.writeConfig({ printers: [{ name: 'Office', kind: 'os' }] });
  const { job } = await k.kiosk.router.invoke('print.badge', { code: signedCode, printer: 'Office', wait: true });
  expect(job).toMatchObject({ state: 'failed', attempts: 1 });
  expect(job?.error).toMatch(/only the Arrivals desktop app can reach/);
  const next = await k.kiosk.router.invoke('print.badge', { code: signedCode, printer: 'pdf-folder', wait: true });
  expect(next.job?.state).toBe('done');
});

it('a device that never answers fails the job after its timeout; a late failure changes nothing; the next job prints', async () => {
  let late: (() => void) | undefined;
  const stuck: OsPrinting = {
    list: async () => [],
    print: () =>
      new Promise((_, reject) => {
        late = () => reject(new PrintError('late failure', true));
      }),
  };
  k = printKiosk('cli', stuck);
  k.writeConfig({ maxAttempts: 1, printers: [{ name: 'Slow', kind: 'os', timeoutMs: 1000 }] });
  const { job } = await k.kiosk.router.invoke('print.badge', { code: signedCode, printer: 'Slow', wait: true });
  expect(job).toMatchObject({ state: 'failed', error: 'printer Slow did not take the job within 1 s' });
  late!();
  await new Promise((r) => setImmediate(r));
  expect((await k.kiosk.router.invoke('print.jobs', { limit: 5 })).jobs[0]).toMatchObject({ id: job!.id, state: 'failed', attempts: 1 });
  const next = await k.kiosk.router.invoke('print.badge', { code: signedCode, printer: 'pdf-folder', wait: true });
  expect(next.job?.state).toBe('done');
});
