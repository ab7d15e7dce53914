/**
 * Serves the built renderer to the browser host. index.html gets the host client script injected
 * ahead of the app, so `window.arrivals` exists before React starts, exactly as the Electron
 * preload provides it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rendererCsp } from '../../common/renderer-csp';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  // The camera decoder (zxing-wasm): compiled by the page with instantiateStreaming, which needs this type.
  '.wasm': 'application/wasm',
};

/** dist/renderer beside the bundle; when run from sources (tests), dist/renderer at the root. */
export function rendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, '..', 'renderer'), join(here, '..', '..', 'dist', 'renderer')]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return join(here, '..', 'renderer');
}

export const hostClientTag = '<script src="./host-client.js"></script>';

export function serveRenderer(staticDir: string, pathname: string, res: ServerResponse): void {
  const root = resolve(staticDir);
  let relative: string;
  try {
    relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  } catch {
    // A malformed % escape is the client's mistake, not the host's.
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('malformed % escape in the path');
    return;
  }
  const file = normalize(join(root, relative));
  if (file !== root && !file.startsWith(root + sep)) return notFound(res);
  if (!existsSync(file) || !statSync(file).isFile()) {
    if (pathname === '/' || pathname === '/index.html') {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The kiosk UI is not built. Run "npm run build" and reload.');
      return;
    }
    return notFound(res);
  }
  let body: Buffer | string = readFileSync(file);
  if (relative === 'index.html') body = body.toString('utf8').replace('<!--arrivals:face-client-->', hostClientTag);
  res.writeHead(200, {
    'content-type': types[extname(file)] ?? 'application/octet-stream',
    'cache-control': relative === 'index.html' ? 'no-store' : 'no-cache',
    'x-content-type-options': 'nosniff',
    // The renderer's policy for every file (the decoder's worker too), and the kiosk page must never
    // be framed by another site (clickjacking a check-in button).
    'content-security-policy': `${rendererCsp}; frame-ancestors 'none'`,
    'x-frame-options': 'DENY',
  });
  res.end(body);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('not found');
}
