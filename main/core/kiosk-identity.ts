/**
 * Which kiosk this is. The id is made once per data directory and kept in `kiosk.json`, because the
 * sync engine and the cloud tell kiosks apart by it: it must survive restarts and upgrades.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { nowIso, type Clock } from '../../common/clock';
import { ArrivalsError } from '../../common/contract/index';
import { makePrivateDir, privateFileMode, tightenFile } from '../../common/node/private-files';

const kioskFile = z.object({ kioskId: z.string().min(1), createdAt: z.string() });
export type KioskIdentity = z.infer<typeof kioskFile>;

/** Creates the data directory (and missing parents) 0700: only the kiosk's user may read it. */
export function ensureDataDir(dataDir: string): void {
  makeFirstMissingFolder(dataDir);
  try {
    makePrivateDir(dataDir);
  } catch (error) {
    throw new ArrivalsError('unavailable', `cannot use data directory ${dataDir}: ${(error as Error).message}`);
  }
}

/**
 * Node's recursive mkdir loops for ever, at full CPU, where a parent refuses a new folder without
 * the usual error (procfs answers ENOENT: `--data /proc/x`). So the first folder that is missing is
 * made here, on its own, and a refusal becomes one clear line; below a folder just made, the
 * recursive mkdir is safe.
 */
function makeFirstMissingFolder(dataDir: string): void {
  let missing: string | undefined;
  let dir = resolve(dataDir);
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(dir).isDirectory();
    } catch {
      missing = dir;
      const parent = dirname(dir);
      if (parent === dir) return;
      dir = parent;
      continue;
    }
    if (!isDirectory) throw new ArrivalsError('unavailable', `cannot use data directory ${dataDir}: ${dir} is a file, not a folder`);
    break;
  }
  if (missing === undefined) return;
  try {
    mkdirSync(missing, { mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    const why = code === 'EACCES' || code === 'EPERM' ? 'no permission to create a folder there' : `it does not accept new folders (${code ?? (error as Error).message})`;
    throw new ArrivalsError('unavailable', `cannot create data directory ${dataDir}: ${dir}: ${why}`);
  }
}

export function loadKioskIdentity(dataDir: string, clock: Clock): KioskIdentity {
  const file = join(dataDir, 'kiosk.json');
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    tightenFile(file);
    const parsed = kioskFile.safeParse(safeJson(text));
    if (!parsed.success) throw new ArrivalsError('unavailable', `${file} is damaged; restore it or move it away`);
    return parsed.data;
  }
  const identity = { kioskId: `kiosk-${randomBytes(4).toString('hex')}`, createdAt: nowIso(clock) };
  // Write-then-rename so a crash never leaves a half-written identity behind.
  writeFileSync(`${file}.tmp`, JSON.stringify(identity, null, 2), { mode: privateFileMode });
  renameSync(`${file}.tmp`, file);
  tightenFile(file); // a .tmp left by an older version keeps its mode through writeFileSync
  return identity;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
