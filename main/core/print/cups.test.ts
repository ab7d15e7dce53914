// The OS print queue for real: CUPS with a cups-pdf queue ("arrivals-pdf", added by
// scripts/cups-setup.sh, which this test runs; it is idempotent). A printed badge must appear as a
// PDF in cups-pdf's output folder ($HOME/PDF) and its QR must read back. Required when CI=true;
// elsewhere skipped, with the reason, if CUPS is not installed.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, decodeQr, printKiosk, rasterisePdf, requireTools, signedCode, type PrintKiosk } from './testing/print-fixture';

const skip = requireTools('cupsd', 'lpadmin', 'lp', 'lpstat');
const queue = 'arrivals-pdf';
// cups-pdf's "Out ${HOME}/PDF" is the submitting user's home from the password database, not this
// process's $HOME (which CI runners often point elsewhere).
const outputDir = process.env.ARRIVALS_CUPS_PDF_DIR ?? join(userInfo().homedir, 'PDF');
const qrSkip = skip ?? requireTools('pdftoppm', 'zbarimg');

describe.skipIf(skip !== null)(`CUPS print queue${skip ? ` (${skip})` : ''}`, () => {
  let k: PrintKiosk;
  beforeAll(() => {
    execFileSync('sh', ['scripts/cups-setup.sh'], { stdio: 'pipe', env: { ...process.env, ARRIVALS_CUPS_QUEUE: queue } });
    k = printKiosk('cli');
  }, 60_000);
  afterAll(() => k?.close());

  it('lists the CUPS queue among the printers', async () => {
    const { printers } = await k.kiosk.router.invoke('print.printers', {});
    expect(printers).toContainEqual(expect.objectContaining({ name: queue, kind: 'cups', language: 'pdf', source: 'cups' }));
    expect(printers).toContainEqual(expect.objectContaining({ name: 'pdf-folder', kind: 'folder', isDefault: true }));
  });

  it('a printed badge appears as a PDF in the cups-pdf folder, and its QR reads back', async () => {
    // The badge is the PDF that was not there before: cupsd names and dates files on its own clock.
    const before = new Set(existsSync(outputDir) ? readdirSync(outputDir) : []);
    const { job } = await k.kiosk.router.invoke('print.badge', { code: signedCode, printer: queue, template: 'badge-4x6', wait: true });
    expect(job).toMatchObject({ state: 'done', printer: queue });
    let pdf: string | undefined;
    for (let i = 0; i < 50 && !pdf; i++) {
      const fresh = existsSync(outputDir)
        ? readdirSync(outputDir)
            .filter((f) => f.endsWith('.pdf') && f.includes('badge-AR1') && !before.has(f))
            .map((f) => join(outputDir, f))
            .filter((f) => statSync(f).size > 0)
        : [];
      pdf = fresh[0];
      if (!pdf) await new Promise((r) => setTimeout(r, 200));
    }
    expect(pdf, `no new badge PDF in ${outputDir}`).toBeDefined();
    const copy = artifactPath('cups-badge.pdf');
    copyFileSync(pdf!, copy);
    if (!qrSkip) expect(decodeQr(rasterisePdf(copy, 300))).toEqual([signedCode]);
  }, 60_000);

  it('an unknown queue fails the job with a clear reason', async () => {
    k.writeConfig({ maxAttempts: 1, printers: [{ name: 'nowhere', kind: 'cups', queue: 'no-such-queue' }] });
    const { job } = await k.kiosk.router.invoke('print.badge', { code: signedCode, printer: 'nowhere', wait: true });
    expect(job?.state).toBe('failed');
    expect(job?.error).toMatch(/no-such-queue/);
  });
});
