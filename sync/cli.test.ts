// The sync commands of the CLI, in-process, against a real cloud on port 0.
import { afterEach, expect, it } from 'vitest';
import { cli } from '../main/cli/testing/run-cli';
import { call } from '../cloud/test/helpers';
import { SyncWorld } from './test/harness';

let world: SyncWorld;
afterEach(async () => world.close());

const json = async (...argv: string[]) => {
  const run = await cli(...argv, '--json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
};

it('enroll, sync --once, status, walk-in, sync --once again: the walk-in and its check-in reach the cloud', async () => {
  world = new SyncWorld();
  await world.startCloud({ attendees: 5 });
  const data = world.tempDir('arrivals-sync-cli-');

  const notYet = await cli('sync', '--once', '--data', data);
  expect(notYet.code).toBe(2);
  expect(notYet.stderr).toMatch(/not enrolled/);

  const enrolled = await json('enroll', '--server', world.cloud.url, '--code', await world.setupCode(), '--data', data);
  expect(enrolled).toMatchObject({ enrolled: true, eventId: 'ev-sync' });
  const first = await json('sync', '--once', '--data', data);
  expect(first).toMatchObject({ ok: true, status: { queue: 0, enrolled: true } });
  expect(first.pulled).toBeGreaterThan(5);

  const status = await json('status', '--data', data);
  expect(Object.keys(status)).toEqual(expect.arrayContaining(['online', 'cursor', 'queue', 'deadLetters', 'duplicates', 'lastPullAt', 'lastPushAt']));
  expect(status).toMatchObject({ online: true, queue: 0, deadLetters: 0, duplicates: 0 });
  expect(status.cursor).not.toBe('');

  const walkIn = await json('walk-in', '--first', 'Walk', '--last', 'In', '--email', 'walk.in@example.org', '--company', 'ACME', '--data', data);
  expect(Object.keys(walkIn).sort()).toEqual(['attendee', 'checkinId']);
  expect(walkIn.attendee).toMatchObject({ firstName: 'Walk', lastName: 'In', email: 'walk.in@example.org', company: 'ACME' });
  expect((await json('status', '--data', data)).queue).toBe(2);

  const second = await json('sync', '--once', '--data', data);
  expect(second).toMatchObject({ ok: true, pushed: 2, deadLettered: 0, status: { queue: 0 } });
  const feed = await call(world.cloud, 'GET', '/v1/events/ev-sync/feed?limit=5000');
  const atCloud = feed.body.changes.find((c: { kind: string; attendee?: { code: string } }) => c.kind === 'attendee' && c.attendee!.code === walkIn.attendee.code);
  expect(atCloud?.attendee).toMatchObject({ code: walkIn.attendee.code, firstName: 'Walk', lastName: 'In', email: 'walk.in@example.org' });
  const stats = await call(world.cloud, 'GET', '/v1/events/ev-sync/stats');
  expect(stats.body.admitted).toBe(1);

  const noCheckin = await json('walk-in', '--first', 'Only', '--last', 'Registered', '--no-checkin', '--data', data);
  expect(noCheckin.checkinId).toBeNull();
  const bad = await cli('walk-in', '--first', 'No', '--data', data);
  expect(bad.code).toBe(2);

  const left = await json('unenroll', '--data', data);
  expect(left).toMatchObject({ enrolled: false, state: 'not_enrolled' });
});
