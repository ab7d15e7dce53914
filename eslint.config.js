// Lint, and above all the layering rules: which folder may import what. Each folder has an
// allow-list in scripts/layers.mjs (README.md's Layers table is printed from it), enforced by the
// rule `arrivals/layers` (scripts/eslint-layers.mjs); anything not on a list is an error, so a wrong
// import fails `npm test`. scripts/layering.test.ts proves the rule bites.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { arrivalsPlugin } from './scripts/eslint-layers.mjs';

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
    // Every TypeScript file: its imports must be on its layer's allow-list.
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { arrivals: arrivalsPlugin },
    rules: { 'arrivals/layers': 'error' },
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
);
