/** The "PDF folder" printer: each badge becomes a file, for events without a printer (or for proofs). */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PrintError } from './print-error';

const spelledOut: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i' };

/**
 * A guest's name as a file name that every file system and print server takes: "Jürgen Straße" →
 * "jurgen-strasse". Empty for a name without Latin letters or digits (the caller falls back).
 */
export function nameSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[ßæœøđðłþı]/g, (c) => spelledOut[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-+|-+$/g, '');
}

export function writeToFolder(dir: string, baseName: string, extension: string, payload: Buffer): string {
  const safe = baseName.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  const file = join(dir, `${safe}.${extension}`);
  try {
    mkdirSync(dir, { recursive: true });
    // Write then rename: a watcher of the folder never sees half a PDF.
    writeFileSync(`${file}.partial`, payload);
    renameSync(`${file}.partial`, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOSPC' ? 'disk full' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
    throw new PrintError(`cannot write the badge to ${dir}: ${why}`, code === 'ENOSPC');
  }
  return file;
}
