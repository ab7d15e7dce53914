import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { methodNames, methods } from '../../common/contract/index';
import { openKiosk, type Kiosk } from './kiosk';

const opened: Array<{ kiosk: Kiosk; dir: string }> = [];
function freshKiosk(): Kiosk {
  const dir = mkdtempSync(join(tmpdir(), 'arrivals-router-'));
  const kiosk = openKiosk({ dataDir: dir, face: 'cli' });
  opened.push({ kiosk, dir });
  return kiosk;
}
afterEach(() => {
  for (const { kiosk, dir } of opened.splice(0)) {
    kiosk.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('router', () => {
  it('answers app.info with the kiosk identity, within the contract', async () => {
    const kiosk = freshKiosk();
    const info = await kiosk.router.invoke('app.info', {});
    expect(methods['app.info'].output.safeParse(info).success).toBe(true);
    expect(info.kioskId).toBe(kiosk.context.identity.kioskId);
    expect(info.kioskId).toMatch(/^kiosk-[0-9a-f]{8}$/);
    expect(info.dataDir).toBe(kiosk.context.dataDir);
  });

  it('keeps the kiosk id across reopening the same data directory', async () => {
    const first = freshKiosk();
    const id = first.context.identity.kioskId;
    first.close();
    const again = openKiosk({ dataDir: first.context.dataDir, face: 'host' });
    opened.push({ kiosk: again, dir: first.context.dataDir });
    expect((await again.router.invoke('app.info', {})).kioskId).toBe(id);
  });

  it('refuses unknown methods and invalid input with a clear error, as an envelope', async () => {
    const kiosk = freshKiosk();
    expect(await kiosk.router.envelope('app.nope', {})).toEqual({
      ok: false,
      error: { code: 'unknown_method', message: 'unknown method "app.nope"' },
    });
    const bad = await kiosk.router.envelope('app.info', { surprise: 1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('bad_input');
    await expect(kiosk.router.call('__proto__', {})).rejects.toThrow(/unknown method/);
  });

  it('names every method ns.fn so the client can nest it as window.arrivals.ns.fn', () => {
    for (const name of methodNames) expect(name).toMatch(/^[a-z][a-zA-Z]*\.[a-z][a-zA-Z]*$/);
    expect(methodNames).not.toContain('on');
  });
});
