/**
 * Which kiosk this is. The id is made once per data directory and kept in `kiosk.json`, because the
 * sync engine and the cloud tell kiosks apart by it: it must survive restarts and upgrades.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { nowIso, type Clock } from '../../common/clock';
import { ArrivalsError } from '../../common/contract/index';
import { makePrivateDir, privateFileMode, tightenFile } from './private-files';

const kioskFile = z.object({ kioskId: z.string().min(1), createdAt: z.string() });
export type KioskIdentity = z.infer<typeof kioskFile>;

/** Creates the data directory (and missing parents) 0700: only the kiosk's user may read it. */
export function ensureDataDir(dataDir: string): void {
  try {
    makePrivateDir(dataDir);
  } catch (error) {
    throw new ArrivalsError('unavailable', `cannot use data directory ${dataDir}: ${(error as Error).message}`);
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
