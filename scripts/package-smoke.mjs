// Packaging smoke test (`npm run test:package`). The real installers need an Electron binary and
// AppImage/deb tooling, all downloaded from the internet, so they cannot be built here or in CI.
// This still exercises the real electron-builder.yml end to end, offline:
//   1. a stub Electron distribution stands in for the download (electronDist): a shell script
//      that carries Electron's fuse wire, so @electron/fuses finds and flips it exactly as it
//      would in the real binary;
//   2. electron-builder packs the `dir` target (no installer tooling) with npmRebuild off
//      (rebuilding better-sqlite3 for Electron needs Electron's headers from the internet);
//      everything else comes from electron-builder.yml unchanged;
//   3. the result is checked: app.asar holds the three bundles and the production dependencies,
//      better-sqlite3's addon is unpacked, and the afterPack hook really flipped each fuse;
//   4. app.asar holds no package the Electron app does not load: not the cloud server's (pg,
//      fastify, kysely, pino, …), not the browser host's ws, not the renderer's libraries (Vite
//      bundles them). package.json "dependencies" is exactly what app.asar needs at runtime; the
//      CLI, the browser host and the cloud run from a full install. Its size is printed.
// Any network access is a failure, not a slow fallback: see blockNetwork().
// Needs dist/ (node scripts/build.mjs --quiet). Exits non-zero on any failure.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import dns from 'node:dns';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const started = Date.now();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root); // electron-builder resolves the ./scripts/after-pack.cjs hook from the cwd
const require = createRequire(import.meta.url);

const failures = [];
function check(ok, message) {
  if (!ok) failures.push(message);
}
function fail(message) {
  console.error(`package smoke: FAIL: ${message}`);
  process.exit(1);
}

// Electron's fuse wire: a sentinel, a version byte, a length byte, then one ASCII '0'/'1' per fuse
// (see @electron/fuses). The stub starts from Electron's shipped defaults, so every fuse the hook
// is meant to flip starts in the opposite state and a hook that did nothing cannot pass.
const { FuseV1Options } = require('@electron/fuses');
const { SENTINEL, FuseState } = require('@electron/fuses/dist/constants');
const shippedDefaults = {
  [FuseV1Options.RunAsNode]: '1',
  [FuseV1Options.EnableCookieEncryption]: '0',
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: '1',
  [FuseV1Options.EnableNodeCliInspectArguments]: '1',
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: '0',
  [FuseV1Options.OnlyLoadAppFromAsar]: '0',
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: '0',
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: '1',
};
const wireLength = Object.keys(shippedDefaults).length;
// What the packaged Linux binary must say (after-pack.cjs). Stated here again on purpose, so a
// change to the hook has to be a deliberate change to this test too. Integrity validation has no
// Linux implementation, so it must be left as shipped there.
const expectedLinuxFuses = {
  RunAsNode: FuseState.DISABLE,
  EnableNodeOptionsEnvironmentVariable: FuseState.DISABLE,
  EnableNodeCliInspectArguments: FuseState.DISABLE,
  OnlyLoadAppFromAsar: FuseState.ENABLE,
  GrantFileProtocolExtraPrivileges: FuseState.DISABLE,
  EnableEmbeddedAsarIntegrityValidation: FuseState.DISABLE,
  EnableCookieEncryption: FuseState.DISABLE,
};

function writeStubElectron(dir, version) {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  mkdirSync(join(dir, 'locales'), { recursive: true });
  const wire = Array.from({ length: wireLength }, (_, i) => shippedDefaults[i]).join('');
  const script = [
    '#!/bin/sh',
    'echo "this is the package-smoke stub, not Electron" >&2',
    'exit 1',
    `# fuse wire: ${SENTINEL}\x01${String.fromCharCode(wireLength)}${wire}`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'electron'), script, 'latin1');
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'locales', 'en-US.pak'), '');
  writeFileSync(join(dir, 'LICENSE'), 'stub\n');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<p>stub</p>\n');
  writeFileSync(join(dir, 'version'), `${version}\n`);
}

// Everything electron-builder needs is on disk; reaching for the network would mean a download
// we did not plan for, which on a fresh CI machine without access would hang or flake. So any
// outgoing TCP connection from this process fails loudly, and npm children are told to stay offline.
function blockNetwork() {
  const refuse = (what) => {
    failures.push(`electron-builder tried to reach the network (${what})`);
    return new Error(`package smoke: network access is not allowed (${what})`);
  };
  // Name lookups first (HTTP clients resolve before they connect), then raw TCP connections.
  dns.lookup = (hostname, ...rest) => {
    const callback = rest.at(-1);
    process.nextTick(() => callback(refuse(`lookup ${hostname}`)));
  };
  dns.promises.lookup = async (hostname) => {
    throw refuse(`lookup ${hostname}`);
  };
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (...args) {
    // net.createConnection passes its normalized [options, callback] pair as the first argument.
    const options = Array.isArray(args[0]) ? args[0][0] : args[0];
    const isPipe = typeof options === 'string' || (typeof options === 'object' && options !== null && options.path !== undefined);
    if (!isPipe) throw refuse(`connect ${options?.host ?? 'localhost'}:${options?.port ?? options}`);
    return connect.apply(this, args);
  };
  process.env.npm_config_offline = 'true';
}

for (const file of ['dist/electron/main.cjs', 'dist/preload/electron.cjs', 'dist/renderer/index.html']) {
  if (!existsSync(file)) fail(`${file} is missing; run \`node scripts/build.mjs --quiet\` first`);
}
const packageJson = JSON.parse(readFileSync('package.json', 'utf8'));
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;

const work = mkdtempSync(join(tmpdir(), 'arrivals-package-smoke-'));
const stubDir = join(work, 'electron-stub');
const outDir = join(work, 'release'); // not ./release: a stub build must never overwrite a real one
writeStubElectron(stubDir, electronVersion);
blockNetwork();

const { build, Platform, Arch } = await import('electron-builder');
try {
  await build({
    projectDir: root,
    // x64 whatever the host: the stub runs nowhere, and a fixed arch gives a fixed output path.
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    publish: 'never',
    // Merged over electron-builder.yml (which is still read): only what this machine cannot do.
    config: {
      electronDist: stubDir,
      electronVersion,
      npmRebuild: false,
      directories: { output: outDir },
    },
  });
} catch (error) {
  console.error(error);
  failures.unshift('electron-builder failed (its error is above)');
  report();
}

let asarReport;
function folderBytes(dir) {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath ?? entry.path, entry.name)).size, 0);
}
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const appOutDir = join(outDir, 'linux-unpacked');
const resources = join(appOutDir, 'resources');
const asarPath = join(resources, 'app.asar');
check(existsSync(asarPath), `${asarPath} was not created`);

if (existsSync(asarPath)) {
  // @electron/asar is electron-builder's own archive library, so this reads what it wrote.
  const asar = createRequire(require.resolve('app-builder-lib/package.json'))('@electron/asar');
  const entries = new Set(asar.listPackage(asarPath, { isPack: false }).map((entry) => entry.replaceAll('\\', '/')));
  const mustHave = {
    '/package.json': 'package.json',
    [`/${packageJson.main}`]: 'the main bundle (package.json "main")',
    '/dist/preload/electron.cjs': 'the preload bundle',
    '/dist/electron/core-process.cjs': "the kiosk core's utility-process bundle",
    '/dist/renderer/index.html': 'the renderer',
    '/node_modules/better-sqlite3/package.json': 'better-sqlite3 (a production dependency)',
    '/node_modules/zod/package.json': 'zod (a production dependency)',
    '/node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf': 'the badge font',
    '/node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf': 'the bold badge font',
    '/node_modules/pdfkit/js/pdfkit.js': "pdfkit's Node build",
    '/node_modules/pdfkit/js/data/Helvetica.afm': "pdfkit's standard font metrics (read when a document opens)",
  };
  for (const [entry, what] of Object.entries(mustHave)) check(entries.has(entry), `app.asar lacks ${what}: ${entry}`);
  check([...entries].some((e) => e.startsWith('/dist/renderer/assets/') && e.endsWith('.js')), 'app.asar lacks the renderer JS bundle in /dist/renderer/assets/');
  const mustNotHave = {
    '/dist/cli': 'the CLI bundle (not part of the Electron app)',
    '/node_modules/electron': 'electron (a devDependency)',
    '/node_modules/vite': 'vite (a devDependency)',
    '/node_modules/electron-builder': 'electron-builder (a devDependency)',
    '/node_modules/dejavu-fonts-ttf/ttf/DejaVuSerif.ttf': 'DejaVu faces the badges never use',
    '/node_modules/pdfkit/js/pdfkit.standalone.js': "pdfkit's browser build",
    '/node_modules/zod/src': "zod's TypeScript sources",
  };
  for (const [prefix, what] of Object.entries(mustNotHave)) check(!entries.has(prefix), `app.asar should not hold ${what}`);
  check(![...entries].some((e) => e.startsWith('/dist/') && e.endsWith('.map')), 'app.asar should not hold source maps');
  // The Electron app does not run the cloud server or the browser host, and Vite bundles the
  // renderer's libraries. If a venue-hub mode ever needs one of these inside the app, the README
  // must say so, and this list must say so too.
  const notInTheApp = /^(pg|pg-[\w-]+|pgpass|postgres-[\w-]+|fastify|fastify-[\w-]+|@fastify\/[\w-]+|kysely|pino|pino-[\w-]+|thread-stream|sonic-boom|ws|react|react-dom|scheduler|zustand|@zxing\/[\w-]+|vite|esbuild|typescript)$/;
  const packed = new Set([...entries].map((e) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(e)?.[1]).filter(Boolean));
  const shipped = [...packed].filter((name) => notInTheApp.test(name));
  check(shipped.length === 0, `app.asar holds packages the Electron app never loads: ${shipped.join(', ')} (server-only, host-only or bundled by Vite: they belong in devDependencies)`);
  asarReport = { bytes: statSync(asarPath).size, unpackedBytes: folderBytes(join(resources, 'app.asar.unpacked')), packages: packed.size };
  const packedJson = JSON.parse(asar.extractFile(asarPath, 'package.json').toString('utf8'));
  check(packedJson.main === packageJson.main, `packaged package.json main is ${packedJson.main}`);
  // The addon must sit outside the archive (asarUnpack), where dlopen can reach it.
  const addon = join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  check(existsSync(addon), 'better_sqlite3.node is not in app.asar.unpacked (asarUnpack)');
  const sqliteDir = join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3');
  for (const leftover of ['deps', 'src', 'build/Release/obj', 'build/Release/test_extension.node']) {
    check(!existsSync(join(sqliteDir, leftover)), `better-sqlite3 build leftover shipped: ${leftover}`);
  }
  check(existsSync(join(sqliteDir, 'lib')) || entries.has('/node_modules/better-sqlite3/lib/index.js'), 'better-sqlite3 lib/ is missing');
  check(!existsSync(join(resources, 'app')), 'a loose resources/app folder exists next to app.asar');
}

// The afterPack hook must have run and flipped the fuses in the binary electron-builder produced.
const binary = join(appOutDir, 'arrivals');
if (!existsSync(binary)) {
  check(false, `the packaged binary ${binary} is missing (executableName)`);
} else {
  const { getCurrentFuseWire } = require('@electron/fuses');
  const wire = await getCurrentFuseWire(binary);
  for (const [name, expected] of Object.entries(expectedLinuxFuses)) {
    const actual = wire[FuseV1Options[name]];
    check(actual === expected, `fuse ${name} is ${FuseState[actual] ?? actual}, expected ${FuseState[expected]}`);
  }
}

report();

function report() {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (failures.length > 0) {
    for (const message of failures) console.error(`package smoke: FAIL: ${message}`);
    console.error(`package smoke: output kept in ${work}`);
    process.exit(1);
  }
  rmSync(work, { recursive: true, force: true });
  if (asarReport) {
    console.log(`package smoke: app.asar ${mb(asarReport.bytes)} (${asarReport.packages} packages), app.asar.unpacked ${mb(asarReport.unpackedBytes)}`);
  }
  console.log(
    `package smoke: ok (${seconds} s): electron-builder.yml packs app.asar with main, preload and renderer; ` +
      'afterPack fuses RunAsNode=off NODE_OPTIONS=off inspect=off OnlyLoadAppFromAsar=on',
  );
}
