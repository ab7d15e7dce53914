// Builds the three bundles and the CLI into dist/:
//   dist/renderer/          the UI (Vite), plus host-client.js for the browser face
//   dist/console/           the managers' console (Vite; cloud/console/), served by the cloud at /console/
//   dist/electron/main.cjs  the Electron shell (packages stay external: better-sqlite3 is native)
//   dist/electron/core-process.cjs  the kiosk core in Electron's utility process
//   dist/preload/electron.cjs  the sandboxed preload, fully bundled (a sandboxed preload cannot require)
//   dist/cli/main.js        the `arrivals` command; the browser host, the cloud server, the core and
//                           each badge renderer are chunks beside it (dist/cli/chunk-*.js), loaded
//                           by dynamic import() only when a command needs them, so `arrivals checkin`
//                           starts without Fastify, pg, ws or pdfkit (scripts/cli-bundle.test.ts)
//   dist/cli/core-worker.js the kiosk core in the browser host's worker thread (a second entry of
//                           the same split build, so it shares the chunks)
// Type checking is separate (npm run typecheck); esbuild and Vite only strip types.
import { build as esbuild } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

const node = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', packages: 'external' };
// Of zod's ~40 locales only English is used (messages are English everywhere), and the others are
// half its size: every bundle that carries zod (the CLI, the preload, the page client) takes English only.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js';",
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};
// zod is bundled into the CLI: one file instead of the ~95 modules Node would resolve and load one by
// one on every start (fastify-type-provider-zod with it, so the cloud sees the same zod). Every other
// package stays external, as in the Electron main bundle.
const bundledPackage = /^(zod|fastify-type-provider-zod)(\/|$)/;
const cliPackages = {
  name: 'cli-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (bundledPackage.test(args.path) || args.kind === 'entry-point' ? undefined : { path: args.path, external: true }));
  },
};
const cliNode = { ...node, packages: undefined, plugins: [cliPackages, zodEnglishOnly] };

/** The CLI bundle: ESM with code splitting. Chunks sit beside main.js (not in a subfolder), so code
 *  that finds files from import.meta.url (the renderer, the fonts) sees the same folder. */
export function cliBuildOptions(outdir = 'dist/cli') {
  return { ...cliNode, entryPoints: { main: 'main/cli/main.ts', 'core-worker': 'main/core/worker/core-worker.ts' }, outdir, format: 'esm', splitting: true, chunkNames: 'chunk-[hash]' };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await buildAll();

async function buildAll() {
  const { build: viteBuild } = await import('vite');
  const quiet = process.argv.includes('--quiet');
  rmSync('dist', { recursive: true, force: true });

  // The Electron main bundle is CommonJS, where import.meta is empty: give core modules that locate
  // their files with import.meta.url (fonts, templates, the renderer) the bundle's own location.
  const cjsImportMeta = {
    define: { 'import.meta.url': '__arrivals_import_meta_url', 'import.meta.dirname': '__dirname' },
    banner: { js: "const __arrivals_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  };
  await Promise.all([
    esbuild(cliBuildOptions()),
    esbuild({ ...node, entryPoints: ['main/electron/main.ts'], outfile: 'dist/electron/main.cjs', format: 'cjs', external: ['electron'], ...cjsImportMeta }),
    esbuild({ ...node, entryPoints: ['main/electron/core-process.ts'], outfile: 'dist/electron/core-process.cjs', format: 'cjs', external: ['electron'], ...cjsImportMeta }),
    esbuild({ bundle: true, platform: 'node', target: 'chrome120', entryPoints: ['preload/electron.ts'], outfile: 'dist/preload/electron.cjs', format: 'cjs', external: ['electron'], minify: true, logLevel: 'warning', plugins: [zodEnglishOnly] }),
    esbuild({ bundle: true, platform: 'browser', target: 'chrome120', entryPoints: ['preload/browser-host.ts'], outfile: 'dist/renderer/host-client.js', format: 'iife', minify: true, logLevel: 'warning', plugins: [zodEnglishOnly] }),
  ]);
  await viteBuild({ configFile: 'renderer/vite.config.ts', logLevel: quiet ? 'warn' : 'info' });
  await viteBuild({ configFile: 'cloud/console/vite.config.ts', logLevel: quiet ? 'warn' : 'info' });
  if (!quiet) console.log('built dist/ (cli, electron, preload, renderer, console)');
}
