// The app:// protocol handler serves only the renderer folder, for our host only.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Protocol } from 'electron';
import { registerAppProtocol } from './app-protocol';
import { rendererCsp } from '../../common/renderer-csp';

const root = mkdtempSync(join(tmpdir(), 'arrivals-protocol-'));
const rendererDir = join(root, 'renderer');
mkdirSync(join(rendererDir, 'assets'), { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<html>kiosk</html>');
writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(rendererDir, 'assets', 'zxing_reader.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
writeFileSync(join(root, 'secret.txt'), 'outside');
afterAll(() => rmSync(root, { recursive: true, force: true }));

let handler: (request: { url: string }) => Promise<Response>;
registerAppProtocol({ handle: (_scheme: string, h: typeof handler) => (handler = h) } as unknown as Protocol, rendererDir);

describe('app:// protocol', () => {
  it('serves the renderer with content types', async () => {
    const page = await handler({ url: 'app://arrivals/index.html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html');
    expect(await page.text()).toContain('kiosk');
    expect((await handler({ url: 'app://arrivals/assets/app.js' })).headers.get('content-type')).toBe('text/javascript');
  });

  it("serves the decoder's wasm as application/wasm, under the renderer's CSP with 'wasm-unsafe-eval'", async () => {
    const wasm = await handler({ url: 'app://arrivals/assets/zxing_reader.wasm' });
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(wasm.headers.get('content-security-policy')).toBe(rendererCsp);
    expect(rendererCsp).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
  });

  it('refuses files outside the renderer folder, other hosts and missing files', async () => {
    expect((await handler({ url: 'app://arrivals/..%2Fsecret.txt' })).status).toBe(404);
    expect((await handler({ url: 'app://arrivals/%2e%2e/secret.txt' })).status).toBe(404);
    expect((await handler({ url: 'app://other/index.html' })).status).toBe(404);
    expect((await handler({ url: 'app://arrivals/nope.js' })).status).toBe(404);
  });
});
