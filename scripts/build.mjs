// Builds the three bundles and the CLI into dist/:
//   dist/renderer/          the UI (Vite), plus host-client.js for the browser face
//   dist/electron/main.cjs  the Electron shell (packages stay external: better-sqlite3 is native)
//   dist/electron/core-process.cjs  the kiosk core in Electron's utility process
//   dist/preload/electron.cjs  the sandboxed preload, fully bundled (a sandboxed preload cannot require)
//   dist/cli/main.js        the `arrivals` command, the browser host and the cloud server
//   dist/cli/core-worker.js the kiosk core in the browser host's worker thread
// Type checking is separate (npm run typecheck); esbuild and Vite only strip types.
import { build as esbuild } from 'esbuild';
import { rmSync } from 'node:fs';
import { build as viteBuild } from 'vite';

const quiet = process.argv.includes('--quiet');
rmSync('dist', { recursive: true, force: true });

// The Electron main bundle is CommonJS, where import.meta is empty: give core modules that locate
// their files with import.meta.url (fonts, templates, the renderer) the bundle's own location.
const cjsImportMeta = {
  define: { 'import.meta.url': '__arrivals_import_meta_url', 'import.meta.dirname': '__dirname' },
  banner: { js: "const __arrivals_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
};
const node = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', packages: 'external' };
await Promise.all([
  esbuild({ ...node, entryPoints: ['main/cli/main.ts'], outfile: 'dist/cli/main.js', format: 'esm' }),
  esbuild({ ...node, entryPoints: ['main/core/worker/core-worker.ts'], outfile: 'dist/cli/core-worker.js', format: 'esm' }),
  esbuild({ ...node, entryPoints: ['main/electron/main.ts'], outfile: 'dist/electron/main.cjs', format: 'cjs', external: ['electron'], ...cjsImportMeta }),
  esbuild({ ...node, entryPoints: ['main/electron/core-process.ts'], outfile: 'dist/electron/core-process.cjs', format: 'cjs', external: ['electron'], ...cjsImportMeta }),
  esbuild({ bundle: true, platform: 'node', target: 'chrome120', entryPoints: ['preload/electron.ts'], outfile: 'dist/preload/electron.cjs', format: 'cjs', external: ['electron'], minify: true, logLevel: 'warning' }),
  esbuild({ bundle: true, platform: 'browser', target: 'chrome120', entryPoints: ['preload/browser-host.ts'], outfile: 'dist/renderer/host-client.js', format: 'iife', minify: true, logLevel: 'warning' }),
]);
await viteBuild({ configFile: 'renderer/vite.config.ts', logLevel: quiet ? 'warn' : 'info' });
if (!quiet) console.log('built dist/ (cli, electron, preload, renderer)');
