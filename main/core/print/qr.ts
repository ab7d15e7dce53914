/**
 * QR symbols for badges. The `qrcode` package picks the densest mode per segment, so a signed
 * code ("AR1:" + base32, all in QR's alphanumeric set) is encoded in alphanumeric mode (5.5 bits
 * a character instead of 8) and a plain code with lowercase falls back to byte mode.
 */
import QRCode from 'qrcode';

export interface QrMatrix {
  size: number;
  version: number;
  dark(x: number, y: number): boolean;
}

export function qrMatrix(data: string, errorCorrection: 'L' | 'M' | 'Q' | 'H'): QrMatrix {
  const qr = QRCode.create(data, { errorCorrectionLevel: errorCorrection });
  return { size: qr.modules.size, version: qr.version, dark: (x, y) => qr.modules.get(y, x) === 1 };
}
