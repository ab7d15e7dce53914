// `arrivals host` as its own process, as a kiosk runs it: a malformed WebSocket frame used to throw
// from ws's 'error' event and end the whole process. The host must close that one socket, keep
// running and keep answering. Also: the printed URL carries the key, and curl without it gets 401.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closed, rawWebSocket } from './testing/raw-websocket';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'arrivals-host-process-'));
let child: ChildProcess;
let exited: { code: number | null; signal: string | null } | undefined;
let stderr = '';
let printed: { url: string; origin: string };

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/main.ts', 'host', '--data', join(dir, 'data'), '--port', '0', '--json'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.on('exit', (code, signal) => (exited = { code, signal }));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  let json = '';
  for await (const line of createInterface({ input: child.stdout! })) {
    json += line;
    try {
      printed = JSON.parse(json) as typeof printed;
      break;
    } catch {
      // --json output is indented; keep reading until it parses.
    }
  }
  if (!printed) throw new Error(`arrivals host did not start: ${stderr}`);
}, 60_000);
afterAll(async () => {
  if (!exited) {
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await gone;
  }
  rmSync(dir, { recursive: true, force: true });
});

const key = () => new URL(printed.url).searchParams.get('key')!;
const info = (headers: Record<string, string> = { authorization: `Bearer ${key()}` }) =>
  fetch(`${printed.origin}/api/call/app.info`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });


describe('arrivals host (a separate process)', () => {
  it('prints a URL that carries the key; without the key a call gets 401', async () => {
    expect(printed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?key=[A-Za-z0-9_-]{43}$/);
    expect((await info({})).status).toBe(401);
    expect((await info()).status).toBe(200);
  });

  it('survives an unmasked frame and a frame over maxPayload, closing only those sockets', async () => {
    const unmasked = await rawWebSocket(printed.origin, key());
    unmasked.write(Buffer.from([0x81, 0x02, 0x68, 0x69]));
    await closed(unmasked);
    const oversized = await rawWebSocket(printed.origin, key());
    oversized.write(Buffer.from([0x82, 0xff, 0, 0, 0, 0, 0, 0x10, 0, 0, 1, 2, 3, 4]));
    await closed(oversized);

    const answer = await info();
    expect(answer.status).toBe(200);
    expect(exited).toBeUndefined();
    expect(stderr).toBe('');
  });
});
