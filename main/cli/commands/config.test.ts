import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { cli } from '../testing/run-cli';

const data = mkdtempSync(join(tmpdir(), 'arrivals-cli-config-'));
afterAll(() => rmSync(data, { recursive: true, force: true }));

it('arrivals config shows and changes the door settings', async () => {
  const none = await cli('config', '--data', data);
  expect(none).toMatchObject({ code: 0, stdout: expect.stringMatching(/^event +\(none yet/) });

  const { sampleCodes } = JSON.parse((await cli('demo', '--data', data, '--attendees', '10', '--json')).stdout);
  const shown = JSON.parse((await cli('config', '--data', data, '--json')).stdout);
  expect(shown).toMatchObject({ currentEventId: 'demo', allowedTicketTypes: null, undoWindowSeconds: 300 });

  const vipOnly = await cli('config', '--data', data, '--allow', 'VIP', '--undo-window', '60', '--json');
  expect(JSON.parse(vipOnly.stdout)).toMatchObject({ allowedTicketTypes: ['VIP'], undoWindowSeconds: 60 });
  const refused = await cli('checkin', sampleCodes[0], '--data', data, '--json');
  expect(refused.code).toBe(3);
  expect(JSON.parse(refused.stdout)).toMatchObject({ verdict: 'ticket_type_not_allowed', checkinId: null });

  expect(await cli('config', '--data', data, '--allow', 'Nope')).toMatchObject({ code: 1, stderr: expect.stringMatching(/^arrivals: event demo has no ticket type "Nope"/) });
  expect((await cli('config', '--data', data, '--allow', 'VIP', '--allow-all')).code).toBe(2);
  expect((await cli('config', '--data', data, '--undo-window', '-5')).code).toBe(2);
  const all = await cli('config', '--data', data, '--allow-all');
  expect(all.stdout).toMatch(/admits +every ticket type/);
  expect((await cli('checkin', sampleCodes[0], '--data', data)).code).toBe(0);
});

it('arrivals config sets the desk settings, and the supervisor PIN from stdin (hashed; the current PIN needed to change it)', async () => {
  const dir = join(data, 'desk');
  await cli('demo', '--data', dir, '--attendees', '3');
  const desk = await cli('config', '--data', dir, '--direction', 'exit', '--verdict-seconds', '8', '--idle-lock', '60', '--scanner-prefix', '#', '--json');
  expect(JSON.parse(desk.stdout)).toMatchObject({ direction: 'exit', verdictResetSeconds: 8, idleLockSeconds: 60, scannerPrefix: '#' });
  expect((await cli('config', '--data', dir, '--direction', 'sideways')).code).toBe(2);
  expect((await cli('config', '--data', dir, '--idle-lock', '5')).code).toBe(2);

  const setPin = (input: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'main/cli/main.ts', 'config', '--pin', '--data', dir], { input, encoding: 'utf8', timeout: 60_000 });
  // The demo set 1234: changing it needs it.
  const refused = setPin('5678\n');
  expect(refused.status).toBe(1);
  expect(refused.stderr).toMatch(/give the current PIN/);
  const changed = setPin('1234\n5678\n');
  expect(changed.status).toBe(0);
  expect(changed.stdout).toMatch(/supervisor PIN set/);
  const { openKiosk } = await import('../../core/kiosk');
  const kiosk = openKiosk({ dataDir: dir, face: 'cli' });
  try {
    await expect(kiosk.router.call('kiosk.unlock', { pin: '5678' })).resolves.toMatchObject({ role: 'supervisor' });
    await expect(kiosk.router.call('kiosk.unlock', { pin: '1234' })).rejects.toMatchObject({ code: 'forbidden' });
  } finally {
    kiosk.close();
  }
}, 120_000);

it('arrivals config --mode chooses the screen (desk, self-service, print-only) and --name names the kiosk; a wrong mode changes nothing', async () => {
  const dir = join(data, 'mode');
  await cli('demo', '--data', dir, '--attendees', '3');
  expect(JSON.parse((await cli('config', '--data', dir, '--json')).stdout)).toMatchObject({ mode: 'desk', kioskName: '' });
  const set = await cli('config', '--data', dir, '--mode', 'self-service', '--name', 'Hall A', '--json');
  expect(JSON.parse(set.stdout)).toMatchObject({ mode: 'self-service', kioskName: 'Hall A' });
  expect(await cli('config', '--data', dir, '--mode', 'kiosk')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--mode is desk, self-service or print-only/) });
  expect((await cli('config', '--data', dir)).stdout).toMatch(/mode +self-service \(Hall A\)/);
  expect(JSON.parse((await cli('config', '--data', dir, '--mode', 'print-only', '--json')).stdout)).toMatchObject({ mode: 'print-only' });
  // The demo event has no colour of its own (the app's default) until one is set.
  expect(JSON.parse((await cli('config', '--data', dir, '--json')).stdout)).toMatchObject({ eventColor: null });
  expect(JSON.parse((await cli('config', '--data', dir, '--color', '#7a1f5c', '--json')).stdout)).toMatchObject({ eventColor: '#7a1f5c' });
  expect((await cli('config', '--data', dir)).stdout).toMatch(/event colour +#7a1f5c/);
  expect(await cli('config', '--data', dir, '--color', 'purple')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--color is a colour like/) });
  expect(JSON.parse((await cli('config', '--data', dir, '--color', 'default', '--json')).stdout)).toMatchObject({ eventColor: null });
}, 60_000);
