// The layering rules are only worth something if a wrong import really fails: lint sample files
// placed (virtually) in each layer and check which imports ESLint refuses.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint', () => {
  it('forbids electron in core services, the host, the CLI, sync and cloud', async () => {
    for (const file of ['main/core/x.ts', 'main/host/x.ts', 'main/cli/x.ts', 'sync/x.ts', 'cloud/x.ts']) {
      expect(await restrictedImports(file, "import { app } from 'electron';\nexport const a = app;\n"), file).toHaveLength(1);
    }
  });

  it('allows electron in the Electron shell and its preload', async () => {
    expect(await restrictedImports('main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    expect(await restrictedImports('preload/electron.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toEqual([]);
  });

  it('forbids Node built-ins and main/ in the renderer', async () => {
    expect(await restrictedImports('renderer/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/src/x.ts', "import fs from 'fs/promises';\nexport const a = fs;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/src/x.tsx', "import { openKiosk } from '../../main/core/kiosk';\nexport const a = openKiosk;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/src/x.ts', "import { methods } from '../../common/contract/index';\nexport const a = methods;\n")).toEqual([]);
  });

  it('keeps common/ free of Node, electron and every process folder, but lets it import itself', async () => {
    expect(await restrictedImports('common/x.ts', "import { createHash } from 'node:crypto';\nexport const a = createHash;\n")).toHaveLength(1);
    expect(await restrictedImports('common/x.ts', "import { openKiosk } from '../main/core/kiosk';\nexport const a = openKiosk;\n")).toHaveLength(1);
    expect(await restrictedImports('common/contract/x.ts', "import { sharedEvents } from './events';\nexport const a = sharedEvents;\n")).toEqual([]);
  });

  it('lets common/node/ use Node but no process folder, and keeps the cloud out of main/ (its tests excepted)', async () => {
    expect(await restrictedImports('common/node/x.ts', "import { createHash } from 'node:crypto';\nexport const a = createHash;\n")).toEqual([]);
    expect(await restrictedImports('common/node/x.ts', "import { openKiosk } from '../../main/core/kiosk';\nexport const a = openKiosk;\n")).toHaveLength(1);
    expect(await restrictedImports('common/node/x.ts', "import { startCloud } from '../../cloud/start';\nexport const a = startCloud;\n")).toHaveLength(1);
    expect(await restrictedImports('cloud/store/x.ts', "import { openKiosk } from '../../main/core/kiosk';\nexport const a = openKiosk;\n")).toHaveLength(1);
    expect(await restrictedImports('cloud/store/x.ts', "import { signTicket } from '../../common/node/signing';\nexport const a = signTicket;\n")).toEqual([]);
    expect(await restrictedImports('cloud/x.test.ts', "import { openKiosk } from '../main/core/kiosk';\nexport const a = openKiosk;\n")).toEqual([]);
  });
});
