// The security gate must be able to fail: each case runs scripts/electronegativity.mjs, as
// `npm run test:security` does, over a small throwaway app in a temp folder.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const script = join(dirname(fileURLToPath(import.meta.url)), 'electronegativity.mjs');
const folders: string[] = [];

// A minimal app that passes: navigation and window.open limited, permissions denied, a CSP, and
// a locked-down window. `window` is the BrowserWindow construction, swapped per case.
function app(window: string): string {
  const root = mkdtempSync(join(tmpdir(), 'arrivals-eng-test-'));
  folders.push(root);
  mkdirSync(join(root, 'main'));
  mkdirSync(join(root, 'renderer'));
  writeFileSync(
    join(root, 'main', 'shell.ts'),
    [
      "import { app, BrowserWindow, session } from 'electron';",
      "app.on('web-contents-created', (_event, contents) => {",
      "  contents.setWindowOpenHandler(() => ({ action: 'deny' }));",
      "  contents.on('will-navigate', (event) => event.preventDefault());",
      '});',
      'void app.whenReady().then(() => {',
      '  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));',
      window,
      "  void win.loadFile('index.html');",
      '});',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(root, 'renderer', 'index.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'" /></head><body></body></html>\n`,
  );
  return root;
}

function gate(root: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [script, '--root', root, 'main', 'renderer'], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const secureWindow = [
  '  // eng-disable AUXCLICK_JS_CHECK -- fixture: window.open is denied above',
  '  const win = new BrowserWindow({ webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false } });',
].join('\n');

afterEach(() => {
  for (const root of folders.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('electronegativity gate', () => {
  it('passes a locked-down app whose one finding is suppressed with a reason', () => {
    const { status, output } = gate(app(secureWindow));
    expect(output).toContain('electronegativity: ok');
    expect(output).toContain('1 suppressed with a reason');
    expect(status).toBe(0);
  });

  it('fails on a BrowserWindow with nodeIntegration on and contextIsolation off', () => {
    const { status, output } = gate(
      app([
        '  // eng-disable AUXCLICK_JS_CHECK -- fixture: window.open is denied above',
        '  const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });',
      ].join('\n')),
    );
    expect(status).toBe(1);
    expect(output).toMatch(/FAIL +NODE_INTEGRATION_JS_CHECK +HIGH\(raised from INFORMATIONAL\)\/\w+ +main\/shell\.ts:9/);
    expect(output).toMatch(/FAIL +CONTEXT_ISOLATION_JS_CHECK +HIGH\/\w+ +main\/shell\.ts:9/);
    expect(output).toMatch(/FAIL +SANDBOX_JS_CHECK +MEDIUM/);
    expect(output).toContain('electronegativity: FAIL');
  });

  it('fails on a suppression without a reason', () => {
    const { status, output } = gate(
      app([
        '  // eng-disable AUXCLICK_JS_CHECK',
        '  const win = new BrowserWindow({ webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false } });',
      ].join('\n')),
    );
    expect(status).toBe(1);
    expect(output).toMatch(/FAIL +AUXCLICK_JS_CHECK .*suppressed without a reason/);
  });

  it('fails on a suppression that names a check not found there', () => {
    const { status, output } = gate(
      app([
        '  // eng-disable SANDBOX_JS_CHECK -- the window is sandboxed, so this excuses nothing',
        '  const win = new BrowserWindow({ webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, disableBlinkFeatures: "Auxclick" } });',
      ].join('\n')),
    );
    expect(status).toBe(1);
    expect(output).toMatch(/FAIL +STALE_SUPPRESSION +main\/shell\.ts:8/);
  });

  it('does not accept a suppression on the first line as file-wide', () => {
    const root = app(['', '  const win = new BrowserWindow({ webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false } });'].join('\n'));
    // Electronegativity itself would let this line-1 comment silence the whole file.
    const shell = join(root, 'main', 'shell.ts');
    writeFileSync(shell, `// eng-disable AUXCLICK_JS_CHECK -- file-wide\n${readFileSync(shell, 'utf8')}`);
    const { status, output } = gate(root);
    expect(status).toBe(1);
    expect(output).toMatch(/FAIL +AUXCLICK_JS_CHECK +MEDIUM/);
  });
});

