// Security gate (`npm run test:security`): Electronegativity over the Electron-facing sources,
// failing on any finding of MEDIUM severity or more that is not suppressed, with a reason, at
// the line it is about.
//
//   node scripts/electronegativity.mjs [--root DIR] [FOLDER...]     (default: main preload renderer)
//
// Suppressions use Electronegativity's own inline syntax, plus a mandatory reason after `--`:
//   new BrowserWindow({ // eng-disable AUXCLICK_JS_CHECK -- why this is safe here
//   <meta ...> <!-- eng-disable CSP_HTML_CHECK -- why -->
// on the flagged line itself (where Electronegativity reads it) or on the line just above. The
// reason is ours: Electronegativity accepts a bare `eng-disable`, we do not, and we ignore its
// file-wide form (a comment on line 1) because a suppression must sit at the finding it excuses.
// A suppression that no longer matches any finding also fails, so stale ones get cleaned up.
//
// Why the sources and not dist/: Electronegativity parses TS and TSX itself (Babel's TypeScript
// plugin), findings then point at lines people edit, and suppressions live next to them. A file
// it cannot parse would go unchecked, so a parse error fails the gate too.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const gate = 2; // Electronegativity's severity scale: 0 INFORMATIONAL, 1 LOW, 2 MEDIUM, 3 HIGH
const scanned = /\.(js|jsx|ts|tsx|html|htm)$/i; // what Electronegativity's directory loader reads
// Electronegativity scores an explicit `nodeIntegration: true` (or ...InWorker/InSubFrames) as
// INFORMATIONAL: it only rates the insecure *default* as HIGH. It reports the explicit setting only
// when the window is not sandboxed (a sandbox overrides it), so each such finding is a renderer
// with Node in it: the worst case there is. We rate it HIGH.
const raised = { NODE_INTEGRATION_JS_CHECK: 3 };
const severityNames = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'];

const args = process.argv.slice(2);
let root = repoRoot;
const folders = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--root') root = resolve(args[++i] ?? '.');
  else folders.push(args[i]);
}
if (folders.length === 0) folders.push('main', 'preload', 'renderer');

const engDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const engRequire = createRequire(join(engDir, 'dist', 'runner.js'));

// Offline and deterministic: Electronegativity fetches translations from S3 on every run and
// Electron's release list from GitHub. Its bundled English strings are all we need, and a test
// must not depend on, or phone, those hosts. So its `got` is replaced before anything loads it.
const gotPath = createRequire(join(engDir, 'dist', 'locales', 'i18n.js')).resolve('got');
const offlineGot = Object.assign(async () => ({ statusCode: 404, body: '' }), {
  head: async () => {
    throw new Error('offline');
  },
});
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offlineGot };

// Keep suppressed findings visible: Electronegativity would drop them silently, and we need to
// see each one to insist on its reason. The finder calls this through the module object, so
// replacing the export is enough.
const exceptions = engRequire('./util/exceptions.js');
exceptions.isDisabledByInlineComment = () => ({ excludesGlobal: [], inlineDisabled: false, globalCheckDisabled: false });

const run = engRequire('./runner.js');

// Electronegativity's global checks (CSP present? navigation limited? permission handler set?)
// reason about the whole app, so the folders are scanned as one input: scanned one by one, the
// preload alone would "lack" the navigation limits that live in main/. It takes a single input,
// hence the staging copy (same relative paths and bytes, so lines map back 1:1).
const staging = mkdtempSync(join(tmpdir(), 'arrivals-electronegativity-'));
let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`electronegativity: FAIL: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
process.exit(exitCode);

async function main() {
  const started = Date.now();
  for (const folder of folders) {
    const source = join(root, folder);
    if (!existsSync(source)) throw new Error(`${folder}/ does not exist under ${root}`);
    // node_modules would be skipped by Electronegativity anyway; dot-folders are tool caches.
    cpSync(source, join(staging, folder), { recursive: true, filter: (path) => !/(^|[\\/])(node_modules|\.[^\\/]+)$/.test(path) });
  }
  const files = stagedFiles(staging).length;

  // Without a version Electronegativity assumes Electron 0.1 and its insecure defaults.
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  const result = await run({
    input: staging,
    isRelative: true,
    electronVersionOverride: electronVersion,
    // Compares a package.json's Electron version with GitHub release notes: needs the network, and
    // there is no package.json in these folders. Keeping Electron current is npm audit's job.
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  });

  const problems = [];
  const notes = [];
  for (const error of result.errors) {
    const file = relative(staging, error.file);
    if (error.tolerable) notes.push(`note      ${file}: parsed with a warning: ${error.message}`);
    else problems.push(`FAIL      PARSE_ERROR  ${file}: not checked, Electronegativity could not parse it: ${error.message}`);
  }

  const suppressions = collectSuppressions(staging);
  let suppressed = 0;
  for (const issue of result.issues) {
    const where = issue.file === 'N/A' ? 'whole app' : `${issue.file}:${issue.location.line}`;
    const severity = Math.max(issue.severity.value, raised[issue.id] ?? 0);
    const rating = severity === issue.severity.value ? severityNames[severity] : `${severityNames[severity]}(raised from ${issue.severity.name})`;
    const line = `${issue.id}  ${rating}/${issue.confidence.name}  ${where}  ${oneLine(issue.description)} ${issue.shortenedURL ?? ''}`.trim();
    const suppression = findSuppression(suppressions, issue);
    if (suppression) {
      suppression.used = true;
      if (!suppression.reason) {
        problems.push(`FAIL      ${line}  [suppressed without a reason: write "eng-disable ${issue.id} -- <why>"]`);
      } else {
        suppressed++;
      }
    } else if (severity >= gate) {
      problems.push(`FAIL      ${line}`);
    } else {
      notes.push(`note      ${line}  [below MEDIUM, not gating]`);
    }
  }
  for (const s of suppressions.filter((s) => !s.used)) {
    problems.push(`FAIL      STALE_SUPPRESSION  ${s.file}:${s.line}  "eng-disable ${s.checks.join(' ')}" matches no finding here; remove it`);
  }

  for (const line of [...notes, ...problems]) console.log(line);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const summary = `${files} files in ${folders.map((f) => `${f}/`).join(' ')}, ${result.atomicChecks + result.globalChecks} checks, Electron ${electronVersion}, ${suppressed} suppressed with a reason (${seconds} s)`;
  if (problems.length > 0) {
    console.log(`electronegativity: FAIL: ${problems.length} problem(s); ${summary}`);
    return 1;
  }
  console.log(`electronegativity: ok: no unjustified findings of MEDIUM or above; ${summary}`);
  return 0;
}

function oneLine(text) {
  return String(text ?? '').replace(/\s+/g, ' ').trim();
}

function stagedFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && scanned.test(entry.name))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
}

/** Every `eng-disable` comment in the staged files, with the checks it names and its reason. */
function collectSuppressions(dir) {
  const found = [];
  // `eng-disable CHECK [CHECK...] -- reason`, in a //, /* */ or <!-- --> comment ending the line.
  const pattern = /(?:\/\/|\/\*|<!--)\s*eng-disable\b([\w \t,]*?)(?:\s--(?!>)(.*?))?\s*(?:\*\/|-->)?\s*$/;
  for (const path of stagedFiles(dir)) {
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.forEach((text, index) => {
      const match = pattern.exec(text);
      if (!match) return;
      found.push({
        file: relative(dir, path),
        line: index + 1,
        checks: match[1].split(/[\s,]+/).filter(Boolean),
        reason: /\w/.test(match[2] ?? '') ? match[2].trim() : '',
        used: false,
      });
    });
  }
  return found;
}

/** The suppression on the finding's line or the line above that names its check, if any. */
function findSuppression(suppressions, issue) {
  if (issue.file === 'N/A' || !(issue.location?.line > 0)) return undefined; // app-wide: fix, don't excuse
  const names = [issue.id, issue.constructorName].filter(Boolean).map((n) => n.toUpperCase());
  return suppressions.find(
    (s) =>
      s.file === issue.file &&
      (s.line === issue.location.line || s.line === issue.location.line - 1) &&
      s.checks.some((c) => names.includes(c.toUpperCase())),
  );
}
