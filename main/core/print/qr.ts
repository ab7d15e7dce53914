/**
 * QR symbols for badges, and how big their modules print. The `qrcode` package picks the densest
 * mode per segment, so a signed code (all in QR's alphanumeric set) is encoded in alphanumeric mode
 * (5.5 bits a character instead of 8) and a plain code with lowercase falls back to byte mode.
 *
 * Sizing for a door webcam: a module is printed at least `minModuleMm` wide, or the badge fails
 * with the reason. A 70° webcam sees about 1.8 px per mm at 640×480 and 25 cm, 2.3 px per mm at
 * 1280×720 and 40 cm; it needs about 1.5 px per module on a sharp image, 2–2.5 px with slight blur.
 */
import QRCode from 'qrcode';
import { PrintError } from './transports/print-error';

export interface QrMatrix {
  size: number;
  version: number;
  dark(x: number, y: number): boolean;
}

export function qrMatrix(data: string, errorCorrection: 'L' | 'M' | 'Q' | 'H'): QrMatrix {
  const qr = QRCode.create(data, { errorCorrectionLevel: errorCorrection });
  return { size: qr.modules.size, version: qr.version, dark: (x, y) => qr.modules.get(y, x) === 1 };
}

/** The smallest printed module a door webcam reads reliably. */
export const minModuleMm = 0.9;
/** Light modules on every side of the symbol (ISO/IEC 18004). */
export const quietZoneModules = 4;
/**
 * The longest code a shipped template must print: a compact signed code (format 2) is at most 122
 * QR-alphanumeric characters, which is QR version 5 at level M, 37 modules. Short codes (16
 * characters) are version 1, 21 modules. Every shipped template holds a 37-module symbol at
 * `minModuleMm` or more on every printer grid (tests: qr-size.test.ts).
 */
export const longestCodeVersion = 5;
export const modulesOfVersion = (version: number): number => 17 + 4 * version;
export const longestCodeModules = modulesOfVersion(longestCodeVersion);

/** Dots per millimetre of a printer: 203 dpi is 8 dots/mm, 300 dpi 12 (Zebra and thermal heads). */
export function dotsPerMm(dpi: 203 | 300): number {
  return dpi === 300 ? 12 : 8;
}

export interface QrSize {
  /** The module's width in mm; on a printer, a whole number of dots. */
  moduleMm: number;
  /** Dots per module on a printer; null for vector output (PDF, HTML). */
  dots: number | null;
  /** The symbol's side without its quiet zone (modules × moduleMm), centred in its box. */
  symbolMm: number;
}

/**
 * The largest module a symbol of `modules` gets in a square box of `boxMm` with `clearMm` of blank
 * badge kept around the box (gaps, margins; Infinity where the medium is all white around, as on a
 * receipt): the symbol stays inside the box and its 4-module quiet zone is the box's spare white
 * plus that clear room. `dpmm` null: vector output; else whole dots, rounded down, at most
 * `maxDots` (a printer command's limit).
 */
export function qrSize(modules: number, boxMm: number, clearMm: number, dpmm: number | null, maxDots = Infinity): QrSize {
  const fit = Math.min(boxMm / modules, (boxMm + 2 * clearMm) / (modules + 2 * quietZoneModules));
  if (dpmm === null) return { moduleMm: fit, dots: null, symbolMm: fit * modules };
  const dots = Math.max(0, Math.min(maxDots, Math.floor(fit * dpmm + 1e-9)));
  return { moduleMm: dots / dpmm, dots, symbolMm: (dots / dpmm) * modules };
}

/** The largest QR symbol (in modules) that prints at `minModuleMm` or more in that box, 0 if none. */
export function largestFittingModules(boxMm: number, clearMm: number, dpmm: number | null, maxDots = Infinity): number {
  for (let version = 40; version >= 1; version--) {
    const modules = modulesOfVersion(version);
    if (qrSize(modules, boxMm, clearMm, dpmm, maxDots).moduleMm >= minModuleMm - 1e-9) return modules;
  }
  return 0;
}

const mm = (n: number) => String(Math.round(n * 100) / 100);

/**
 * The QR size for one badge, or the failure staff see: a code too long for the template's QR box
 * fails the badge (not retryable) rather than print a symbol the door camera cannot read.
 * `where`: "template badge-4x3"; `printer`: "at 203 dpi" or "" for vector output.
 */
export function qrSizeOrFail(
  qr: Pick<QrMatrix, 'size' | 'version'>,
  box: { boxMm: number; clearMm: number },
  grid: { dpmm: number | null; maxDots?: number; printer: string },
  where: string,
): QrSize {
  const size = qrSize(qr.size, box.boxMm, box.clearMm, grid.dpmm, grid.maxDots);
  if (size.moduleMm >= minModuleMm - 1e-9) return size;
  const takes = largestFittingModules(box.boxMm, box.clearMm, grid.dpmm, grid.maxDots);
  const at = grid.printer ? ` ${grid.printer}` : '';
  throw new PrintError(
    `${where}: this badge's QR code would be too small to scan at the door (${mm(size.moduleMm)} mm modules${at}, under ${minModuleMm} mm): ` +
      `the code needs ${qr.size} modules (QR version ${qr.version}) and the ${mm(box.boxMm)} mm QR box takes ${takes ? `up to ${takes}` : 'none'}${at}; ` +
      'print it with a template that has a larger QR box, or give the ticket a shorter code',
    false,
  );
}
