/**
 * The renderer is served from a privileged `app://arrivals` scheme instead of file://, so it has
 * one exact origin that the permission and IPC checks can compare against, and is a secure context
 * (the camera needs one).
 */
import type { Protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { rendererCsp } from '../../common/renderer-csp';

export const appOrigin = 'app://arrivals';

const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  // The camera decoder (zxing-wasm): compiled with instantiateStreaming, which needs this type.
  '.wasm': 'application/wasm',
};

export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function registerAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const file = normalize(join(rendererDir, decodeURIComponent(url.pathname)));
    if (url.host !== 'arrivals' || !file.startsWith(rendererDir + sep)) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      // The renderer's CSP with every file, so the decoder's worker runs under it too.
      return new Response(body, { headers: { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'content-security-policy': rendererCsp } });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}

export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    // Not `.origin`: Node's URL (the main process) reports origin "null" for non-special schemes
    // such as app:, which would make every check fail closed, our own page included.
    const parsed = new URL(url);
    return parsed.protocol === 'app:' && parsed.host === 'arrivals' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
