// The layers: for each folder, the list of what its files MAY import; anything else is a lint error,
// in the manner of VS Code's `code-import-patterns`. This file is the one truth: the lint rule
// (scripts/eslint-layers.mjs, switched on in eslint.config.js) reads it, and README.md's Layers
// table is printed from it (`node scripts/layers.mjs --readme` rewrites the table;
// scripts/layering.test.ts fails when the two differ).
//
// A file's layer is the FIRST rule whose `files` match it, so the more specific rules come first.
// In `may`:
//   'common/**'      a folder of this repository (and everything under it); 'common/*.json' a glob
//   '!common/node/**' takes a folder back out of what the globs before it allowed
//   'zod', '@zxing/*' an npm package (and its subpaths)
//   '$node'          Node's built-in modules, `node:fs` or `fs`
//   '$npm'           any npm package except `electron` (which must be named)
// Type-only imports, re-exports and dynamic import() are checked the same way.

/** @typedef {{ layer: string, files: string[], may: string[], note?: string }} LayerRule */

// What each layer may import from below it; a layer's own folder comes first in its list.
const isomorphic = ['common/**', '!common/node/**'];
const nodeShared = ['common/**', '$node', '$npm'];
const core = ['common/**', '$node', '$npm', 'package.json', 'printer-templates/*.json'];
const faces = ['main/core/**', 'sync/**', ...core];

/** @type {LayerRule[]} */
export const layers = [
  { layer: 'node shared', files: ['common/node/**'], may: nodeShared, note: 'ticket signing, attendee-list parsing: what the kiosk and the cloud both run' },
  { layer: 'isomorphic tests', files: ['common/**/*.test.ts'], may: [...isomorphic, 'zod', 'vitest', '$node'], note: 'tests run under Node' },
  { layer: 'isomorphic', files: ['common/**'], may: [...isomorphic, 'zod', 'package.json'], note: 'the contract, the cloud API schemas, pure domain rules, the version (package.json, inlined by the bundlers): no Node, no Electron, no DOM' },
  {
    layer: 'kiosk core',
    files: ['main/core/worker/core-worker.ts'],
    may: ['main/core/**', 'sync/**', ...core],
    note: "the worker thread's entry starts the sync engine in the core it serves",
  },
  { layer: 'kiosk core', files: ['main/core/**'], may: ['main/core/**', ...core], note: 'never electron, a face, sync/ or cloud/' },
  {
    layer: 'sync tests',
    files: ['sync/**/*.test.ts', 'sync/test/**'],
    may: ['sync/**', 'cloud/**', 'main/core/**', 'main/cli/**', ...core],
    note: 'integration tests start a real cloud in-process on port 0 (and drive the CLI against it)',
  },
  { layer: 'sync', files: ['sync/**'], may: ['sync/**', 'main/core/**', ...core], note: 'talks to the cloud over HTTP only' },
  {
    layer: 'cloud tests',
    files: ['cloud/**/*.test.ts', 'cloud/test/**'],
    may: ['cloud/**', 'main/core/**', ...nodeShared],
    note: 'kiosk↔cloud integration tests may drive a real kiosk core',
  },
  { layer: 'cloud', files: ['cloud/**'], may: ['cloud/**', ...nodeShared], note: 'never main/: what it shares with the kiosk is in common/' },
  { layer: 'faces', files: ['main/cli/commands/cloud.ts'], may: ['main/cli/**', 'cloud/**', ...faces], note: 'the one file that starts the cloud' },
  { layer: 'faces', files: ['main/cli/**'], may: ['main/cli/**', 'main/host/**', ...faces], note: 'the CLI starts the browser host' },
  { layer: 'faces', files: ['main/host/**'], may: ['main/host/**', ...faces] },
  {
    layer: 'faces',
    files: ['main/electron/**/*.test.ts'],
    may: ['main/electron/**', 'preload/electron.ts', 'electron', ...faces],
    note: 'tests run the preload against the real IPC bridge',
  },
  { layer: 'faces', files: ['main/electron/**'], may: ['main/electron/**', 'electron', ...faces] },
  { layer: 'faces', files: ['preload/electron.ts'], may: [...isomorphic, 'electron'], note: 'sandboxed: no Node' },
  { layer: 'faces', files: ['preload/browser-host.ts'], may: isomorphic, note: 'runs in the page' },
  { layer: 'tools', files: ['renderer/vite.config.ts'], may: ['$node', '$npm'] },
  { layer: 'renderer tests', files: ['renderer/**/*.test.ts'], may: ['renderer/**', ...isomorphic, 'zustand', 'i18next', 'vitest', '$node'], note: 'pure parts under Node: no DOM, a stand-in API' },
  {
    layer: 'renderer',
    files: ['renderer/**'],
    may: ['renderer/**', ...isomorphic, 'react', 'react-dom', 'zustand', 'i18next', 'react-i18next', '@tanstack/react-virtual', '@zxing/browser', 'zxing-wasm'],
    note: 'browser APIs; the kiosk only through window.arrivals (screens and stores get it injected)',
  },
  { layer: 'tools', files: ['bench/**'], may: ['bench/**', 'main/core/**', 'cloud/**', 'scripts/*.mjs', ...core], note: 'never electron or the UI' },
  { layer: 'tools', files: ['scripts/**', 'e2e/**', '*.config.ts'], may: ['**', '$node', '$npm', 'electron'] },
];

/** Temporary: files that still import what their layer may not, until the move the reason names. */
export const exceptions = [];

// ---------------------------------------------------------------------------------------------
// Matching, shared by the lint rule and the test.

const globCache = new Map();
/** A glob over repository paths: `**` any number of folders, `*` within one name. `dir/**` also matches `dir`. */
export function globToRegExp(glob) {
  let re = globCache.get(glob);
  if (!re) {
    const body = glob
      .split('/')
      .map((part) => (part === '**' ? '(?:.*)' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')))
      .join('/')
      .replace(/\/\(\?:\.\*\)$/, '(?:/.*)?')
      .replace(/^\(\?:\.\*\)\//, '(?:.*/)?')
      .replace(/\/\(\?:\.\*\)\//g, '/(?:.*/)?');
    re = new RegExp(`^${body}$`);
    globCache.set(glob, re);
  }
  return re;
}

const sourceExtension = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const withoutExtension = (path) => path.replace(sourceExtension, '');

/** A repository path (e.g. `main/core/db/open.ts`) matches a glob, with or without its source extension. */
export function pathMatches(path, glob) {
  const re = globToRegExp(glob);
  return re.test(path) || re.test(withoutExtension(path)) || (sourceExtension.test(glob) && globToRegExp(withoutExtension(glob)).test(withoutExtension(path)));
}

/** The rule that decides a file's layer, or undefined for a file outside every layer. */
export function layerOf(file) {
  return layers.find((rule) => rule.files.some((glob) => pathMatches(file, glob)));
}

/**
 * What an import is: `{kind: 'path', path}` for a file of this repository (resolved against the
 * importing file's folder), `{kind: 'node', name}` or `{kind: 'package', name}`.
 */
export function classify(fromFile, specifier, nodeBuiltins) {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const parts = specifier.startsWith('/') ? [] : fromFile.split('/').slice(0, -1);
    for (const part of specifier.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (parts.length === 0) return { kind: 'outside' };
        parts.pop();
      } else parts.push(part);
    }
    return specifier.startsWith('/') ? { kind: 'outside' } : { kind: 'path', path: parts.join('/') };
  }
  if (specifier.startsWith('node:') || nodeBuiltins.has(specifier.split('/')[0])) return { kind: 'node', name: specifier };
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  return { kind: 'package', name };
}

/** `common/**`, `**`, `package.json` name files of this repository; `zod`, `@zxing/*` name packages. */
function isPathPattern(pattern) {
  return !pattern.startsWith('@') && !pattern.startsWith('$') && (pattern.includes('/') || pattern.includes('*') || /\.(json|ts|tsx|js|mjs|cjs|css)$/.test(pattern));
}

function allowedBy(list, target) {
  let allowed = false;
  for (const entry of list) {
    const negated = entry.startsWith('!');
    const pattern = negated ? entry.slice(1) : entry;
    let hit;
    if (target.kind === 'path') hit = isPathPattern(pattern) && pathMatches(target.path, pattern);
    else if (target.kind === 'node') hit = pattern === '$node';
    else hit = (pattern === '$npm' && target.name !== 'electron') || (!isPathPattern(pattern) && !pattern.startsWith('$') && globToRegExp(pattern).test(target.name));
    if (hit) allowed = !negated;
  }
  return allowed;
}

/** Whether `file` may import `specifier`; `{ok: false, rule}` names the layer that refuses it. */
export function checkImport(file, specifier, nodeBuiltins) {
  const rule = layerOf(file);
  if (!rule) return { ok: true };
  const target = classify(file, specifier, nodeBuiltins);
  if (target.kind === 'outside') return { ok: false, rule, target };
  if (allowedBy(rule.may, target)) return { ok: true };
  const exception = exceptions.find((e) => e.files.includes(file) && allowedBy(e.may, target));
  if (exception) return { ok: true, exception };
  return { ok: false, rule, target };
}

// ---------------------------------------------------------------------------------------------
// The README table.

function describeEntry(entry) {
  if (entry === '$node') return 'Node built-ins';
  if (entry === '$npm') return 'npm packages';
  if (entry === '**') return 'anything';
  const negated = entry.startsWith('!');
  const text = (negated ? entry.slice(1) : entry).replace(/\/\*\*$/, '/');
  return negated ? `not \`${text}\`` : `\`${text}\``;
}

export function describeMay(may) {
  return may.map(describeEntry).join(', ').replace(/, not /g, ' but not ');
}

/** README.md's Layers table, as printed from `layers` and `exceptions`. */
export function layersTable() {
  const rows = layers.map((rule) => `| ${rule.layer} | ${rule.files.map((g) => `\`${g.replace(/\/\*\*$/, '/')}\``).join(', ')} | ${describeMay(rule.may)} | ${rule.note ?? ''} |`);
  const lines = ['| layer | files (the first row that matches) | may import | note |', '|---|---|---|---|', ...rows];
  if (exceptions.length) {
    lines.push('', 'Temporary exceptions, each until the move it names:', '');
    for (const e of exceptions) lines.push(`- ${e.files.map((f) => `\`${f}\``).join(', ')} → ${e.may.map((m) => `\`${m}\``).join(', ')}: ${e.reason}`);
  }
  return lines.join('\n');
}

export const readmeStart = '<!-- layers table: printed by `node scripts/layers.mjs --readme` from scripts/layers.mjs -->';
export const readmeEnd = '<!-- end of layers table -->';

/** README.md with its Layers table replaced by the printed one. */
export function withLayersTable(readme) {
  const start = readme.indexOf(readmeStart);
  const end = readme.indexOf(readmeEnd);
  if (start === -1 || end < start) throw new Error(`README.md has no "${readmeStart}" … "${readmeEnd}" block`);
  return `${readme.slice(0, start + readmeStart.length)}\n${layersTable()}\n${readme.slice(end)}`;
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href && process.argv.includes('--readme')) {
  const { readFileSync, writeFileSync } = await import('node:fs');
  const readmeUrl = new URL('../README.md', import.meta.url);
  writeFileSync(readmeUrl, withLayersTable(readFileSync(readmeUrl, 'utf8')));
  console.log('README.md: layers table printed from scripts/layers.mjs');
}
