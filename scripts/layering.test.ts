// The layering rules are only worth something if a wrong import really fails: lint sample files
// placed (virtually) in each layer and check which imports ESLint refuses. And the README's table
// and the lint are one truth: both come from scripts/layers.mjs.
import { ESLint } from 'eslint';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module without type declarations
import * as layering from './layers.mjs';

const { checkImport, exceptions, layerOf, withLayersTable } = layering as {
  checkImport(file: string, specifier: string, builtins: Set<string>): { ok: boolean; exception?: unknown };
  exceptions: Array<{ files: string[]; may: string[]; reason: string }>;
  layerOf(file: string): { layer: string } | undefined;
  withLayersTable(readme: string): string;
};

const eslint = new ESLint({ cwd: process.cwd() });

async function refused(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'arrivals/layers' || m.fatal).map((m) => m.message);
}

/** Refused imports of a file that imports `specifier` (statically, as a type, or lazily). */
const importing = (file: string, specifier: string) => refused(file, `import { x } from '${specifier}';\nexport const a = x;\n`);
const importingType = (file: string, specifier: string) => refused(file, `import type { X } from '${specifier}';\nexport type A = X;\n`);
const importingLazily = (file: string, specifier: string) => refused(file, `export const a = () => import('${specifier}');\n`);

describe('layering lint', () => {
  it('refuses what the table forbids and used to pass: sync → cloud, core → a face, electron shell → cloud', async () => {
    expect(await importing('sync/engine.ts', '../cloud/server')).toHaveLength(1);
    expect(await importing('main/core/kiosk.ts', '../cli/run')).toHaveLength(1);
    expect(await importing('main/core/checkin/engine.ts', '../../host/server')).toHaveLength(1);
    expect(await importing('main/electron/main.ts', '../../cloud/start')).toHaveLength(1);
    expect(await importing('main/host/server.ts', '../../cloud/start')).toHaveLength(1);
    expect(await importing('main/cli/commands/host.ts', '../../../cloud/start')).toHaveLength(1);
    expect(await importing('main/cli/commands/cloud.ts', '../../../cloud/start')).toEqual([]);
  });

  it('checks type-only imports, re-exports and dynamic import() too', async () => {
    expect(await importingType('renderer/src/store.ts', '../../main/core/kiosk')).toHaveLength(1);
    expect(await importingLazily('main/core/kiosk.ts', '../../cloud/start')).toHaveLength(1);
    expect(await refused('sync/x.ts', "export * from '../cloud/server';\n")).toHaveLength(1);
    expect(await importingLazily('main/cli/commands/cloud.ts', '../../../cloud/start')).toEqual([]);
  });

  it('keeps the cloud out of main/, except its tests that drive a real kiosk core', async () => {
    expect(await importing('cloud/routes/kiosk.ts', '../../main/core/checkin/engine')).toHaveLength(1);
    expect(await importing('cloud/store/ingest.ts', '../../main/cli/run')).toHaveLength(1);
    expect(await importing('cloud/kiosk-admission.test.ts', '../main/core/checkin/engine')).toEqual([]);
    expect(await importing('cloud/test/engines.ts', '../../main/core/db/open')).toEqual([]);
    expect(await importing('cloud/store/ingest.ts', '../../common/node/signing')).toEqual([]);
  });

  it('keeps common/ pure and common/node/ below the kiosk and the cloud', async () => {
    expect(await importing('common/x.ts', 'node:crypto')).toHaveLength(1);
    expect(await importing('common/x.ts', './node/signing')).toHaveLength(1);
    expect(await importing('common/x.ts', '../main/core/kiosk')).toHaveLength(1);
    expect(await importing('common/x.ts', 'react')).toHaveLength(1);
    expect(await importing('common/contract/x.ts', './events')).toEqual([]);
    expect(await importing('common/x.ts', 'zod')).toEqual([]);
    expect(await importing('common/node/signing.ts', 'node:crypto')).toEqual([]);
    expect(await importing('common/node/csv.ts', '../contract/errors')).toEqual([]);
    expect(await importing('common/node/csv.ts', '../../main/core/import/csv')).toHaveLength(1);
    expect(await importing('common/node/csv.ts', '../../cloud/server')).toHaveLength(1);
  });

  it('allows electron only in the Electron shell and its preload', async () => {
    for (const file of ['main/core/x.ts', 'main/host/x.ts', 'main/cli/x.ts', 'sync/x.ts', 'cloud/x.ts', 'common/node/x.ts', 'bench/x.ts']) {
      expect(await importing(file, 'electron'), file).toHaveLength(1);
    }
    expect(await importing('main/electron/x.ts', 'electron')).toEqual([]);
    expect(await importing('preload/electron.ts', 'electron')).toEqual([]);
  });

  it('keeps Node, main/ and server packages out of the renderer and the page client', async () => {
    expect(await importing('renderer/src/x.ts', 'node:fs')).toHaveLength(1);
    expect(await importing('renderer/src/x.ts', 'fs/promises')).toHaveLength(1);
    expect(await importing('renderer/src/x.tsx', '../../main/core/kiosk')).toHaveLength(1);
    expect(await importing('renderer/src/x.tsx', 'pg')).toHaveLength(1);
    expect(await importing('preload/browser-host.ts', 'node:http')).toHaveLength(1);
    expect(await importing('preload/electron.ts', 'node:fs')).toHaveLength(1);
    expect(await importing('renderer/src/x.ts', '../../common/contract/index')).toEqual([]);
    expect(await importing('renderer/src/x.tsx', 'react-dom/client')).toEqual([]);
  });

  it('says which layer refused what, and what it may import', async () => {
    const [message] = await importing('sync/engine.ts', '../cloud/server');
    expect(message).toMatch(/^sync\/engine\.ts \(layer "sync"\) may not import cloud\/server\. It may import: sync\/, main\/core\/, common\/, .* \(scripts\/layers\.mjs/);
  });
});

describe('one truth for the layers', () => {
  it('places every TypeScript file of the repository in a layer', () => {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files.length).toBeGreaterThan(50);
    expect(files.filter((file) => !layerOf(file))).toEqual([]);
  });

  it('prints README.md\'s Layers table from the same data the lint reads', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme, 'README.md\'s Layers table is out of date: run "node scripts/layers.mjs --readme"').toBe(withLayersTable(readme));
  });

  it('keeps no exception that nothing needs any more', () => {
    const builtins = new Set(builtinModules);
    for (const exception of exceptions) {
      for (const file of exception.files) {
        const specifiers = [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\()\s*'([^']+)'/g)].map((m) => m[1]!);
        const needed = specifiers.some((s) => checkImport(file, s, builtins).exception === exception);
        expect(needed, `${file} no longer needs its exception in scripts/layers.mjs (${exception.reason}): remove it`).toBe(true);
      }
    }
  });

  it('lets common/node/ use Node but no process folder, and keeps the cloud out of main/ (its tests excepted)', async () => {
    expect(await refused('common/node/x.ts', "import { createHash } from 'node:crypto';\nexport const a = createHash;\n")).toEqual([]);
    expect(await refused('common/node/x.ts', "import { openKiosk } from '../../main/core/kiosk';\nexport const a = openKiosk;\n")).toHaveLength(1);
    expect(await refused('common/node/x.ts', "import { startCloud } from '../../cloud/start';\nexport const a = startCloud;\n")).toHaveLength(1);
    expect(await refused('cloud/store/x.ts', "import { openKiosk } from '../../main/core/kiosk';\nexport const a = openKiosk;\n")).toHaveLength(1);
    expect(await refused('cloud/store/x.ts', "import { signTicket } from '../../common/node/signing';\nexport const a = signTicket;\n")).toEqual([]);
    expect(await refused('cloud/x.test.ts', "import { openKiosk } from '../main/core/kiosk';\nexport const a = openKiosk;\n")).toEqual([]);
  });
});
