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
