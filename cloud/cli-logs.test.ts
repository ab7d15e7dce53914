/**
 * The real `arrivals cloud` command (from source) on both engines: the --json first line, the
 * admin token printed once on first run, the log level from ARRIVALS_LOG_LEVEL, and structured
 * logs that never hold a name, an email, a ticket code, a token or a setup code — whatever the
 * requests carried, in bodies, paths or errors.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { nowIso, systemClock } from '../common/clock';
import { cleanupTestEngines, testEngines } from './test/engines';

const engines = testEngines();
const root = join(import.meta.dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'arrivals-cli-'));
// Where `--demo` finds (or, on the first engine, makes) the kiosk demo.
const kioskData = mkdtempSync(join(tmpdir(), 'arrivals-demo-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(kioskData, { recursive: true, force: true });
  cleanupTestEngines();
});

interface Cli {
  first: Record<string, unknown>;
  stderr: () => string;
  stop(): Promise<void>;
}

/** Runs a short `arrivals` command from source; resolves with its stdout. */
function runCli(argv: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(process.execPath, ['--import', 'tsx', 'main/cli/main.ts', ...argv], { cwd: root }, (error, stdout, stderr) => (error ? reject(new Error(`${argv[0]}: ${stderr}`)) : resolvePromise(stdout)));
  });
}

/** Starts `arrivals cloud … --json --port 0` and resolves with its first stdout line. */
async function startCli(db: string, env: Record<string, string>, extra: string[] = [], data = dataDir): Promise<Cli> {
  const { ARRIVALS_ADMIN_TOKEN: _unset, ARRIVALS_LOG_FORMAT: _format, ...parentEnv } = process.env;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'main/cli/main.ts', 'cloud', '--db', db, '--port', '0', '--json', '--data', data, ...extra], {
    cwd: root,
    env: { ...parentEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const first = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`arrivals cloud did not start: ${stderr}`)), 30_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as Record<string, unknown>);
    });
    child.once('exit', (code) => reject(new Error(`arrivals cloud exited with ${code}: ${stderr}`)));
  });
  return {
    first,
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

describe.each(engines)('arrivals cloud on $name', (engine) => {
  it('prints the --json line, the admin token once, and logs no personal data', async () => {
    const db = await engine.fresh();
    const cli = await startCli(db, { ARRIVALS_LOG_LEVEL: 'trace' });
    const secrets: string[] = [];
    try {
      expect(Object.keys(cli.first)).toEqual(['url', 'adminToken', 'eventId', 'setupCode']);
      const { url, adminToken } = cli.first as { url: string; adminToken: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(adminToken).toMatch(/^adm_/);
      const api = async (method: string, path: string, body?: unknown, token: string | null = adminToken) => {
        const response = await fetch(url + path, {
          method,
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        });
        const text = await response.text();
        return { status: response.status, json: text.startsWith('{') ? JSON.parse(text) : undefined };
      };

      expect((await api('POST', '/v1/events', { id: 'logs', name: 'Logs', ticketTypes: [{ name: 'General', public: true }] })).status).toBe(201);
      const imported = await api('POST', '/v1/events/logs/attendees', { attendees: [{ firstName: 'Wilhelmina', lastName: 'Quackenbush', email: 'wilhelmina.q@private.example', company: 'Secret Corp', ticketType: 'General' }] });
      const registered = await api('POST', '/v1/events/logs/registrations', { firstName: 'Bartholomew', lastName: 'Zwicky', email: 'bart.zwicky@private.example' }, null);
      expect(registered.status).toBe(201);
      const code: string = registered.json.attendee.code;
      const setup = await api('POST', '/v1/events/logs/devices/setup-codes', {});
      const device = await api('POST', '/v1/devices/enroll', { setupCode: setup.json.setupCode, name: 'Door of Ottoline', kioskId: 'kiosk-ottoline' }, null);
      expect(device.status).toBe(200);
      const kiosk: string = device.json.token;
      const item = { id: randomUUID(), kioskId: 'kiosk-ottoline', code, direction: 'entry', at: nowIso(systemClock), verdict: 'admitted' };
      expect((await api('POST', '/v1/events/logs/checkins', { checkins: [item, { ...item, id: randomUUID(), code: imported.json.codes[0] }] }, kiosk)).status).toBe(200);
      expect((await api('GET', `/v1/tickets/${encodeURIComponent(code)}/qr.svg`, undefined, null)).status).toBe(200);
      expect((await api('GET', '/v1/events/logs/feed', undefined, kiosk)).status).toBe(200);
      expect((await api('GET', '/v1/events/logs/stats', undefined, kiosk)).status).toBe(200);
      expect((await api('POST', `/v1/events/logs/tickets/${encodeURIComponent(code)}/reissue`)).status).toBe(200);
      // Failures that quote input: bad fields, an unknown code in a path, a broken body, a huge path.
      expect((await api('POST', '/v1/events/logs/registrations', { firstName: 'Cornelius', lastName: 'Fairweather', email: 'cornelius@@private' }, null)).status).toBe(400);
      expect((await api('GET', `/v1/tickets/${encodeURIComponent('NOT-REAL-Persephone')}/qr.png`, undefined, null)).status).toBe(404);
      expect((await api('POST', '/v1/events/logs/checkins', '{"checkins": [{"code": "Hyacinth', kiosk)).status).toBe(400);
      expect((await api('GET', `/v1/tickets/AR1:${'Q'.repeat(700)}/qr.svg`, undefined, null)).status).toBe(414);
      expect((await api('GET', '/v1/events/logs/stats', undefined, 'dev_Mortimer-token')).status).toBe(401);
      secrets.push(
        'Wilhelmina', 'Quackenbush', 'wilhelmina.q@private.example', 'Secret Corp', 'Bartholomew', 'Zwicky', 'bart.zwicky@private.example',
        'Cornelius', 'Fairweather', 'cornelius@@private', 'Persephone', 'Hyacinth', 'Mortimer', 'Ottoline', 'QQQQQQQQ',
        code, imported.json.codes[0], adminToken, kiosk, setup.json.setupCode, setup.json.setupCode.replace('-', ''), item.id,
      );
    } finally {
      await cli.stop();
    }
    const lines = cli.stderr().trim().split('\n');
    // Structured: every line is a pino JSON object, and the requests were logged.
    const records = lines.map((line) => JSON.parse(line) as { level: number; msg?: string; req?: { route?: string } });
    expect(records.filter((r) => r.msg === 'incoming request').length, cli.stderr()).toBeGreaterThanOrEqual(15);
    expect(records.some((r) => r.req?.route === '/v1/tickets/:code/qr.svg')).toBe(true);
    const log = cli.stderr().toLowerCase();
    for (const secret of secrets) expect(log, `the log holds ${secret}`).not.toContain(secret.toLowerCase());

    // Second start on the same database: the token is not printed again; the level is the env's.
    const again = await startCli(db, { ARRIVALS_LOG_LEVEL: 'warn' });
    try {
      expect(again.first.adminToken).toBeNull();
      const { url } = again.first as { url: string };
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      await again.stop();
    }
    expect(again.stderr().split('\n').filter((line) => line.includes('"level":30'))).toEqual([]);
  });

  it("starts a demo with --demo on the kiosk demo's own event: same event, tickets and key, so each admits the other's codes", async () => {
    const cli = await startCli(await engine.fresh(), { ARRIVALS_LOG_LEVEL: 'warn' }, ['--demo'], kioskData);
    try {
      const { url, adminToken, eventId, setupCode } = cli.first as Record<string, string>;
      expect([typeof adminToken, eventId, typeof setupCode]).toEqual(['string', 'demo', 'string']);
      const enrolled = await fetch(`${url}/v1/devices/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ setupCode, name: 'demo door' }) });
      const device = (await enrolled.json()) as { token: string; eventId: string };
      expect(device.eventId).toBe(eventId);
      const stats = await fetch(`${url}/v1/events/${eventId}/stats`, { headers: { authorization: `Bearer ${device.token}` } });
      expect(((await stats.json()) as { expected: number }).expected).toBeGreaterThan(400);

      // The kiosk demo that `arrivals cloud --demo` made in the data directory is the same event.
      const event = (await (await fetch(`${url}/v1/events/demo`, { headers: { authorization: `Bearer ${adminToken}` } })).json()) as { name: string; ticketTypes: Array<{ name: string; public: boolean }> };
      expect(event.name).toBe('Arrivals Demo Summit');
      expect(event.ticketTypes.map((t) => [t.name, t.public])).toEqual([['General', true], ['VIP', false], ['Crew', false]]);
      const replica = new Database(join(kioskData, 'replica.sqlite'), { readonly: true });
      const kioskKeys = replica.prepare("SELECT key_id AS keyId, public_key AS publicKey FROM event_keys WHERE event_id = 'demo'").all();
      const kioskCodes = (replica.prepare("SELECT code FROM attendees WHERE event_id = 'demo'").all() as Array<{ code: string }>).map((r) => r.code);
      replica.close();
      expect(kioskCodes.length).toBeGreaterThanOrEqual(500);
      const feed = (await (await fetch(`${url}/v1/events/demo/feed?limit=5000`, { headers: { authorization: `Bearer ${device.token}` } })).json()) as {
        changes: Array<{ kind: string; key?: { keyId: string; publicKey: string }; attendee?: { code: string } }>;
      };
      expect(feed.changes.flatMap((c) => (c.key ? [{ keyId: c.key.keyId, publicKey: c.key.publicKey }] : []))).toEqual(kioskKeys);
      const cloudCodes = feed.changes.flatMap((c) => (c.attendee ? [c.attendee.code] : []));
      expect(new Set(cloudCodes)).toEqual(new Set(kioskCodes));

      // A guest who registers in the cloud gets a code the demo kiosk admits offline.
      const registered = await fetch(`${url}/v1/events/demo/registrations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ firstName: 'Cloud', lastName: 'Guest', email: 'cloud.guest@x.org' }) });
      const { attendee } = (await registered.json()) as { attendee: { code: string; ticketType: string } };
      expect(attendee.ticketType).toBe('General');
      expect(JSON.parse(await runCli(['checkin', attendee.code, '--data', kioskData, '--json']))).toMatchObject({ verdict: 'admitted' });
    } finally {
      await cli.stop();
    }
  }, 90_000);

  it('logs one human line per request with ARRIVALS_LOG_FORMAT=pretty (what a terminal gets), with no personal data', async () => {
    const cli = await startCli(await engine.fresh(), { ARRIVALS_LOG_FORMAT: 'pretty', ARRIVALS_ADMIN_TOKEN: 'adm_pretty-test-token' });
    try {
      const { url } = cli.first as { url: string };
      const created = await fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { authorization: 'Bearer adm_pretty-test-token', 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'pretty', name: 'Pretty', ticketTypes: [{ name: 'General', public: true }] }),
      });
      expect(created.status).toBe(201);
      const registered = await fetch(`${url}/v1/events/pretty/registrations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ firstName: 'Philippa', lastName: 'Q', email: 'philippa@private.example' }) });
      expect(registered.status).toBe(201);
      expect((await fetch(`${url}/v1/tickets/NOT-Philippa/qr.svg`)).status).toBe(404);
    } finally {
      await cli.stop();
    }
    const lines = cli.stderr().trim().split('\n');
    expect(lines.some((line) => line.startsWith('{')), cli.stderr()).toBe(false);
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\d\d:\d\d:\d\d INFO {2}POST \/v1\/events → 201 \(\d+ ms\)$/),
      expect.stringMatching(/^\d\d:\d\d:\d\d INFO {2}POST \/v1\/events\/:id\/registrations → 201 \(\d+ ms\)$/),
      expect.stringMatching(/^\d\d:\d\d:\d\d INFO {2}GET \/v1\/tickets\/:code\/qr\.svg → 404 \(\d+ ms\)$/),
    ]));
    expect(cli.stderr().toLowerCase()).not.toContain('philippa');
  });
});
