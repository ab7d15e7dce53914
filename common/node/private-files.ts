/**
 * Files that hold guests' names and emails and the events' private signing keys are private to the
 * user who runs Arrivals: the kiosk's replica and kiosk.json, and the cloud's SQLite database. Data
 * directories are created 0700, and database and identity files 0600 (SQLite gives its -wal and
 * -shm files the mode of the database file). Files left readable by an older version are tightened
 * when opened. Used by the kiosk core and the cloud alike.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

export const privateDirMode = 0o700;
export const privateFileMode = 0o600;

/** Creates DIR (and missing parents) owner-only; an existing directory is left as it is. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: privateDirMode });
}

/** Creates FILE empty and owner-only if it does not exist; tightens it if it is readable by others. */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', privateFileMode));
  tightenFile(file);
}

/** Removes group and other permissions from FILE, if it exists and we may; never throws. */
export function tightenFile(file: string): void {
  try {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) chmodSync(file, mode & 0o700);
  } catch {
    // Missing, or owned by someone else: nothing to tighten, and not ours to refuse.
  }
}
