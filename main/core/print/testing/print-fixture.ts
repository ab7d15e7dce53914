/**
 * Test support for printing: a kiosk on a temp data directory with a small, deliberately awkward
 * guest list, a print.json, and helpers for the external tools (pdftoppm, zbarimg) the round-trip
 * tests use. Tools missing fail the tests under CI=true and skip them elsewhere.
 */
import { nowIso } from '../../../../common/clock';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openKiosk, type Face, type Kiosk } from '../../kiosk';
import type { OsPrinting } from '../transports/os';

/**
 * A stand-in as long as the longest code a badge must print (a compact signed code: 122
 * characters, QR version 5, 37 modules). Printing never verifies it; the prefix names the files.
 */
export const signedCode = 'AR1:' + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.repeat(4).slice(0, 118);
/** An `AR1:` code as issued before the compact format: 176 characters, QR version 7, 45 modules. */
export const legacySignedCode = 'AR1:' + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.repeat(6).slice(0, 172);

export interface Guest {
  code: string;
  firstName: string;
  lastName: string;
  company?: string;
  ticketType?: string;
  badgeFields?: Record<string, string>;
}

export const guests: Guest[] = [
  { code: signedCode, firstName: 'Zoë', lastName: 'Ångström', company: 'Σύνδεσμος Ltd', ticketType: 'Speaker', badgeFields: { Track: 'Security' } },
  { code: 'plain-code-42_x^y', firstName: 'Дмитрий', lastName: 'Иванов', company: '', ticketType: 'General' },
  { code: 'LONG-1', firstName: 'Wolfeschlegelsteinhausenbergerdorff'.repeat(5), lastName: 'Maria '.repeat(30), company: 'C'.repeat(120), ticketType: 'General' },
  { code: 'EMOJI-1', firstName: 'Ana 🎉🎉', lastName: 'Lima 👩‍💻', company: 'Acme\u0007\u001b[31m Corp\u202e', ticketType: 'VIP' },
  { code: 'RTL-1', firstName: 'דוד', lastName: 'כהן', company: 'شركة', ticketType: 'General' },
];

export interface PrintKiosk {
  kiosk: Kiosk;
  dir: string;
  /** Writes DATA/print.json as given (raw JSON, as a venue would write it). */
  writeConfig(config: Record<string, unknown>): void;
  reopen(face?: Face): Kiosk;
  close(): void;
}

/** `osPrinting` stands in for the Electron shell's OS printers. */
export function printKiosk(face: Face = 'cli', osPrinting?: OsPrinting): PrintKiosk {
  const dir = mkdtempSync(join(tmpdir(), 'arrivals-print-'));
  const open = (f: Face) => openKiosk({ dataDir: dir, face: f, ...(osPrinting ? { osPrinting } : {}) });
  let kiosk = open(face);
  const db = kiosk.context.replica();
  const at = nowIso(kiosk.context.clock);
  db.prepare('INSERT INTO events (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run('evt-1', 'Arrivals Summit', at, at);
  const colors: Record<string, string> = { General: '#1f6feb', Speaker: '#c2410c', VIP: '#facc15' };
  for (const [name, color] of Object.entries(colors)) {
    db.prepare('INSERT INTO ticket_types (event_id, name, color, updated_at) VALUES (?, ?, ?, ?)').run('evt-1', name, color, at);
  }
  const insert = db.prepare(
    `INSERT INTO attendees (event_id, code, first_name, last_name, company, ticket_type, badge_fields, created_at, updated_at)
     VALUES ('evt-1', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const g of guests) insert.run(g.code, g.firstName, g.lastName, g.company ?? '', g.ticketType ?? 'General', JSON.stringify(g.badgeFields ?? {}), at, at);
  return {
    get kiosk() {
      return kiosk;
    },
    dir,
    writeConfig(config) {
      writeFileSync(join(dir, 'print.json'), JSON.stringify(config, null, 2));
    },
    reopen(nextFace = face) {
      kiosk.close();
      kiosk = open(nextFace);
      return kiosk;
    },
    close() {
      kiosk.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name} || test -x /usr/sbin/${name}`], { stdio: 'ignore' }).status === 0;
}

/** Under CI the real tools are part of the test; elsewhere a missing tool skips with a reason. */
export function requireTools(...names: string[]): string | null {
  const missing = names.filter((n) => !hasTool(n));
  if (!missing.length) return null;
  if (process.env.CI === 'true') throw new Error(`CI=true but ${missing.join(', ')} not installed (apt-get install poppler-utils zbar-tools cups printer-driver-cups-pdf)`);
  return `skipped: ${missing.join(', ')} not installed`;
}

/** Decodes every QR symbol in a PNG with zbarimg; [] when none is found. */
export function decodeQr(pngFile: string): string[] {
  const result = spawnSync('zbarimg', ['-q', '--raw', '-Sdisable', '-Sqrcode.enable', pngFile], { encoding: 'utf8' });
  return result.stdout.split('\n').filter(Boolean);
}

/** Rasterises page 1 of a PDF to PNG at `dpi`; returns the PNG's path. */
export function rasterisePdf(pdfFile: string, dpi: number): string {
  const base = pdfFile.replace(/\.pdf$/, '');
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', pdfFile, base]);
  return `${base}.png`;
}

export const artifactsDir = join(process.cwd(), 'test-artifacts', 'print');
export function artifactPath(name: string): string {
  mkdirSync(artifactsDir, { recursive: true });
  return join(artifactsDir, name);
}
