/**
 * Serves the managers' console (the React app in cloud/console/, built by Vite into dist/console/)
 * at /console. The files are public (they hold no data); every API call they make needs a session.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

export const consoleCsp =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

/**
 * Where the built console is: dist/console beside the CLI bundle (dist/cli/chunk-….js), or, when the
 * cloud runs from source (tests), in the repository's dist/. Undefined if it was never built.
 */
export function findConsoleDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    // A built console has its assets/ (cloud/console/ itself holds the unbuilt index.html).
    for (const candidate of [join(dir, 'dist', 'console'), join(dir, 'console')]) {
      if (existsSync(join(candidate, 'index.html')) && existsSync(join(candidate, 'assets'))) return candidate;
    }
    dir = dirname(dir);
  }
  return undefined;
}

export const consoleStaticRoutes = (consoleDir: string | undefined): FastifyPluginAsync => async (app) => {
  const send = (reply: FastifyReply, file: string, cache: string) => {
    const dot = file.lastIndexOf('.');
    return reply
      .type(types[file.slice(dot)] ?? 'application/octet-stream')
      .header('content-security-policy', consoleCsp)
      .header('x-frame-options', 'DENY')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', cache)
      .send(readFileSync(file));
  };
  const index = (_request: unknown, reply: FastifyReply) => {
    if (!consoleDir) return reply.code(404).type('text/plain').send('The console is not built: run "npm run build".');
    return send(reply, join(consoleDir, 'index.html'), 'no-cache');
  };
  app.get('/console', { config: { auth: 'public' }, schema: { hide: true } }, (_request, reply) => reply.redirect('/console/'));
  app.get('/console/', { config: { auth: 'public' }, schema: { hide: true } }, index);
  app.get('/console/*', { config: { auth: 'public' }, schema: { hide: true } }, (request, reply) => {
    const rest = (request.params as { '*': string })['*'];
    if (!consoleDir) return index(request, reply);
    const file = normalize(join(consoleDir, rest));
    if (!file.startsWith(consoleDir + sep) || !existsSync(file) || !/\.[a-z0-9]+$/.test(file)) return index(request, reply);
    // Vite names assets by their content hash: they never change under one name.
    return send(reply, file, rest.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  });
};
