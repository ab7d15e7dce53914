/**
 * The CLI's own file I/O. The contract carries bytes, never paths on the kiosk's disk, so the
 * command line reads the files it is given and writes the files it is asked for itself, with one
 * clear line when it cannot.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { ArrivalsError } from '../../common/contract/errors';

function why(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'ENOSPC') return 'disk full';
  return code ?? (error as Error).message;
}

/** Reads FILE whole, refusing a directory, an unreadable file and one larger than maxBytes. */
export function readInputFile(path: string, maxBytes: number): Buffer {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    size = stat.size;
  } catch (error) {
    throw new ArrivalsError('not_found', `cannot read ${path}: ${why(error)}`);
  }
  if (size > maxBytes) throw new ArrivalsError('bad_input', `${path} is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ArrivalsError('not_found', `cannot read ${path}: ${why(error)}`);
  }
}

/**
 * Writes FILE (replacing it) through a temporary file and a rename, so a crash or a full disk never
 * leaves half a file that looks complete. Returns the absolute path written.
 */
export function writeOutputFile(path: string, data: string | Uint8Array): string {
  const out = resolve(path);
  const temp = `${out}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'w');
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, out);
  } catch (error) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already failing; the write error is the one to report
      }
    }
    rmSync(temp, { force: true });
    throw new ArrivalsError('bad_input', `cannot write ${out}: ${why(error)}`);
  }
  return out;
}
