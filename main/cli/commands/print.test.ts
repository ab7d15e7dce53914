// arrivals badge / print / print-jobs through the CLI: each output format by its extension, the
// notes of an awkward name in the outcome line, and clear usage errors.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cli } from '../testing/run-cli';

const root = mkdtempSync(join(tmpdir(), 'arrivals-cli-print-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const data = join(root, 'data');

it('renders a badge to each format by the file extension', async () => {
  const { sampleCodes } = JSON.parse((await cli('demo', '--data', data, '--attendees', '3', '--json')).stdout) as { sampleCodes: string[] };
  const code = sampleCodes[0]!;
  const starts: Record<string, Buffer> = {
    pdf: Buffer.from('%PDF-'),
    zpl: Buffer.from('^XA'),
    bin: Buffer.from([0x1b, 0x40]), // ESC @
    html: Buffer.from('<!doctype html>'),
  };
  for (const [extension, start] of Object.entries(starts)) {
    const out = join(root, `badge.${extension}`);
    // The 4×6 badge has room for every code the demo issues, legacy AR1: codes (45 modules) too.
    const result = await cli('badge', code, '--data', data, '--template', 'badge-4x6', '--out', out, '--json');
    expect(result.code, extension).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ file: out, bytes: readFileSync(out).length, notes: [] });
    expect(readFileSync(out).subarray(0, start.length).equals(start), extension).toBe(true);
  }
  const wrong = await cli('badge', code, '--data', data, '--out', join(root, 'badge.png'));
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toMatch(/--out must end in \.pdf, \.zpl, \.bin or \.html, not "\.png"/);
});

it('an awkward name prints and the outcome line says what the badge shows differently', async () => {
  const list = join(root, 'list.csv');
  // A name with emoji and a BEL character, as a registration form might let through.
  writeFileSync(list, 'name,email,code\n"Ana 🎉 Lima\u0007",ana@example.org,ODD-1\n');
  expect((await cli('import', list, '--data', join(root, 'odd'))).code).toBe(0);
  const printed = await cli('print', 'ODD-1', '--data', join(root, 'odd'));
  expect(printed.code).toBe(0);
  expect(printed.stdout).toMatch(/^printed on pdf-folder \(badge-4x3\), job [0-9a-f-]+ — emoji left out of the name; control characters left out of the name\n$/);
  const jobs = JSON.parse((await cli('print-jobs', '--data', join(root, 'odd'), '--json')).stdout) as Array<{ notes: string[]; name: string; id: string; createdAt: string }>;
  expect(jobs[0]?.notes).toEqual(['emoji left out of the name', 'control characters left out of the name']);
  expect(jobs[0]?.name).toBe('Ana 🎉 Lima\u0007');
  // The PDF folder names the file after the guest, with the job's short id.
  expect(readdirSync(join(root, 'odd', 'badges'))).toEqual([`ana-lima-${jobs[0]?.id.slice(0, 8)}.pdf`]);
  // The list names the guest (as registered, without the bell), not only a code.
  const listed = await cli('print-jobs', '--data', join(root, 'odd'));
  expect(listed.stdout).toBe(`${jobs[0]?.createdAt}  done      Ana 🎉 Lima  pdf-folder  badge-4x3  job ${jobs[0]?.id} — emoji left out of the name; control characters left out of the name\n`);
});

it('waits through its retries in a process of its own, and says how the job ended', async () => {
  // A port nobody listens on: the printer is offline, every attempt is refused and retried.
  const free = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const dir = join(root, 'offline');
  writeFileSync(join(root, 'offline.csv'), 'name,email,code\nAda Lovelace,ada@example.org,OFF-1\n');
  expect((await cli('import', join(root, 'offline.csv'), '--data', dir)).code).toBe(0);
  writeFileSync(join(dir, 'print.json'), JSON.stringify({ maxAttempts: 2, printers: [{ name: 'zebra', kind: 'tcp', language: 'zpl', host: '127.0.0.1', port: free, timeoutMs: 1000 }] }));
  // A real process: Node ends one whose only pending work is an unref'd timer, mid-retry.
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/main.ts', 'print', 'OFF-1', '--data', dir, '--printer', 'zebra'], { encoding: 'utf8', timeout: 60_000 });
  expect(child.status, child.stderr).toBe(1);
  expect(child.stderr).toMatch(/zebra/);
  const jobs = JSON.parse((await cli('print-jobs', '--data', dir, '--json')).stdout) as Array<{ state: string; attempts: number }>;
  expect(jobs[0]).toMatchObject({ state: 'failed', attempts: 2 });
});
