// Lint, and above all the layering rules: which folder may import what. A file's layer is its
// folder (see each folder's README). A wrong import is a lint error, so it fails `npm test`.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
// A regex, not gitignore-style groups: the group `events` would also match a local './events'.
const noNode = [{ regex: `^(node:.*|(${nodeBuiltins.join('|')})(/.*)?)$`, message: 'Node built-ins are not available in this layer.' }];
const noElectron = { name: 'electron', message: 'Only main/electron/ and preload/electron.ts may import electron; core services must run without it.' };
const folders = (names) => ({ regex: `(^|/)(${names.join('|')})(/|$)`, message: `This layer may not import from ${names.join('/, ')}/ (see the folder READMEs).` });

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'e2e/test-results/**', 'e2e/report/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Time comes from the injected Clock (common/clock.ts), so a suite passes on any date and a
    // test can step time instead of sleeping. Tests that mean the real time say systemClock.
    files: ['common/**/*.ts', 'main/core/**/*.ts', 'sync/**/*.ts', 'cloud/**/*.ts'],
    ignores: ['common/clock.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Read the time from the injected Clock (common/clock.ts), not Date.now().' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Read the time from the injected Clock (common/clock.ts), not a bare new Date().' },
      ],
    },
  },
  {
    // Shared by every process: pure TypeScript and zod only.
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron, { name: 'react', message: 'common/ is not UI code.' }],
        patterns: [...noNode, folders(['main', 'renderer', 'preload', 'sync', 'cloud'])],
      }],
    },
  },
  {
    // Node code that the kiosk core and the cloud share (signing, the attendee-list parser, CSV
    // cells): Node built-ins, npm packages and common/; never a face, the core, sync or the cloud.
    files: ['common/node/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron, { name: 'react', message: 'common/ is not UI code.' }],
        patterns: [folders(['main', 'renderer', 'preload', 'sync', 'cloud'])],
      }],
    },
  },
  {
    // The browser host's page client: browser APIs and common/ only.
    files: ['preload/browser-host.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [...noNode, folders(['main', 'renderer', 'sync', 'cloud'])] }],
    },
  },
  {
    // The UI: browser only, and it reaches the kiosk only through window.arrivals.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [...noNode, folders(['main', 'sync', 'cloud', 'preload'])],
      }],
    },
  },
  {
    // The sandboxed Electron preload: electron's contextBridge/ipcRenderer and common/ only.
    files: ['preload/electron.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...noNode, folders(['main', 'renderer', 'sync', 'cloud'])] }],
    },
  },
  {
    // Core services and every non-Electron face: Node, never Electron, never UI code.
    files: ['main/core/**/*.ts', 'main/host/**/*.ts', 'main/cli/**/*.ts', 'sync/**/*.ts', 'cloud/**/*.ts', 'printer-templates/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [folders(['renderer', 'preload'])] }],
    },
  },
  {
    // The cloud is its own program: what it shares with the kiosk lives in common/ (and
    // common/node/). Its tests may drive a real kiosk core beside it.
    files: ['cloud/**/*.ts'],
    ignores: ['cloud/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [folders(['renderer', 'preload', 'main', 'sync'])] }],
    },
  },
  {
    // The Electron shell may use electron and the core, but not the UI's code.
    files: ['main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [folders(['renderer'])] }],
    },
  },
);
