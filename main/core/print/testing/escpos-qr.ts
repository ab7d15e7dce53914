/**
 * Reads back the QR code an ESC/POS badge asks the printer to draw: thermal printers build the
 * symbol themselves from the QR commands (Epson GS ( k, Star ESC GS y), so a test takes the cell
 * size, error correction and data out of those commands, and draws what the printer would: the
 * symbol at that many dots a module, with its quiet zone, as a PNG.
 */
import QRCode from 'qrcode';
import type { EscposModel } from '../escpos';

export interface EscposQr {
  /** Dots a module (the printer's "cell size"). */
  dots: number;
  errorCorrection: 'L' | 'M' | 'Q' | 'H';
  data: string;
}

const levels = ['L', 'M', 'Q', 'H'] as const;

function find(bytes: Buffer, head: number[], from = 0): number {
  const at = bytes.indexOf(Buffer.from(head), from);
  if (at < 0) throw new Error(`ESC/POS: no ${Buffer.from(head).toString('hex')} command in the badge`);
  return at + head.length;
}

export function escposQr(bytes: Buffer, model: EscposModel): EscposQr {
  if (model === 'epson') {
    const dots = bytes[find(bytes, [0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43])]!;
    const level = bytes[find(bytes, [0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45])]! - 0x30;
    // GS ( k pL pH 31 50 30 d1…dk: k = pL + 256 pH − 3.
    const store = bytes.indexOf(Buffer.from([0x31, 0x50, 0x30]));
    const length = bytes[store - 2]! + 256 * bytes[store - 1]! - 3;
    return { dots, errorCorrection: levels[level]!, data: bytes.subarray(store + 3, store + 3 + length).toString('utf8') };
  }
  const level = bytes[find(bytes, [0x1b, 0x1d, 0x79, 0x53, 0x31])]!;
  const dots = bytes[find(bytes, [0x1b, 0x1d, 0x79, 0x53, 0x32])]!;
  const at = find(bytes, [0x1b, 0x1d, 0x79, 0x44, 0x31, 0x00]);
  const length = bytes[at]! + 256 * bytes[at + 1]!;
  return { dots, errorCorrection: levels[level]!, data: bytes.subarray(at + 2, at + 2 + length).toString('utf8') };
}

/** What the printer draws for that command: a PNG, one pixel a dot, 4 modules of quiet zone. */
export function escposQrPng(qr: EscposQr): Promise<Buffer> {
  return QRCode.toBuffer(qr.data, { errorCorrectionLevel: qr.errorCorrection, scale: qr.dots, margin: 4, type: 'png' });
}
