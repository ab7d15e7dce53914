/**
 * The ZPL renderer for Zebra label printers, from the same layout as the PDF. Geometry is in dots
 * for the printer's resolution (203 dpi = 8 dots/mm, 300 dpi = 12 dots/mm); text uses the
 * printer's scalable font 0 inside a one-line field block (^FB), so the printer itself clips
 * rather than overflows if its font runs wider than our DejaVu measurement (it runs narrower).
 * The QR code is the printer's ^BQ with whole dots a module of at least 0.9 mm (8 at 203 dpi), or
 * where ^BQ cannot go that large (300 dpi), our own symbol as a ^GF bitmap; a code too long for the
 * template's QR box at this resolution fails the badge with the reason (qr.ts).
 *
 * Limits (documented in printer-templates/README.md): Zebra is monochrome, so the ticket colour
 * band prints black (white text) or, for light colours, as an outline; the logo is not sent (it
 * would need a ^GF bitmap); text is UTF-8 (^CI28) in logical order with ^PA bidi/shaping switched
 * on, which needs a printer font with the script (Latin/Greek/Cyrillic are in recent firmware).
 */
import type { BadgeLayout, Primitive } from './layout';
import { textColorOn } from './layout';
import { dotsPerMm, minModuleMm, qrMatrix, qrSizeOrFail, type QrMatrix } from './qr';
import { hasRtl } from './text';

export type ZplDpi = 203 | 300;

const ptToMm = 25.4 / 72;

/** How far below its ^FO a printer puts a ^BQ symbol: the ^BY bar height, which we set. */
const bqDrop = 10;

/**
 * The symbol as a ^GF graphic field (ASCII hex, one bit a dot, 1 = black), `dots` a module; a row
 * equal to the one before is sent as ":" (ZPL's row repeat), so a module row costs one hex row.
 */
export function qrBitmap(qr: QrMatrix, dots: number): string {
  const side = qr.size * dots;
  const bytesPerRow = Math.ceil(side / 8);
  const rows: string[] = [];
  for (let my = 0; my < qr.size; my++) {
    const bytes = Buffer.alloc(bytesPerRow);
    for (let x = 0; x < side; x++) if (qr.dark(Math.floor(x / dots), my)) bytes[x >> 3]! |= 0x80 >> (x & 7);
    rows.push(bytes.toString('hex').toUpperCase() + ':'.repeat(dots - 1));
  }
  const total = bytesPerRow * side;
  return `^GFA,${total},${total},${bytesPerRow},${rows.join('')}`;
}

/** ^FD data may not contain the command prefixes; with ^FH they are written as _XX hex. */
export function zplEscape(text: string): string {
  return text.replace(/[\^~_\\]/g, (c) => '_' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

function justify(align: 'left' | 'center' | 'right'): string {
  return align === 'left' ? 'L' : align === 'right' ? 'R' : 'C';
}

/** `font`: a TrueType font on the printer, bound to font name 1 with ^CW; default font 0. */
export function renderZpl(layout: BadgeLayout, dpi: ZplDpi, font?: string): string {
  const dpmm = dotsPerMm(dpi);
  const d = (mm: number) => Math.max(0, Math.round(mm * dpmm));
  const out: string[] = ['^XA', '^CI28', `^PW${d(layout.widthMm)}`, `^LL${d(layout.heightMm)}`, '^LH0,0'];
  const anyRtl = layout.primitives.some((p) => p.kind === 'text' && p.lines.some(hasRtl));
  if (anyRtl) out.push('^PA0,1,1,0');
  if (font) out.push(`^CW1,${font}`);
  const fontName = font ? '1' : '0';
  const bandIsDark: boolean[] = [];

  for (const p of layout.primitives) out.push(...draw(p));
  out.push('^PQ1', '^XZ', '');
  return out.join('\n');

  function draw(p: Primitive): string[] {
    switch (p.kind) {
      case 'rect': {
        const dark = textColorOn(p.color) === '#ffffff';
        bandIsDark.push(dark);
        const w = d(p.w);
        const h = d(p.h);
        return [`^FO${d(p.x)},${d(p.y)}^GB${w},${h},${dark ? Math.min(w, h) : 3},B,0^FS`];
      }
      case 'text': {
        const h = Math.max(10, d(p.fontPt * ptToMm));
        // Reverse (white on black) only for text on a dark band.
        const reverse = p.role === 'band' && bandIsDark[bandIsDark.length - 1] === true ? '^FR' : '';
        return p.lines.map(
          (line, i) => `^FO${d(p.x)},${d(p.y + i * p.lineMm)}^A${fontName}N,${h},${h}^FB${d(p.w)},1,0,${justify(p.align)},0${reverse}^FH^FD${zplEscape(line)}^FS`,
        );
      }
      case 'qr': {
        const qr = qrMatrix(p.data, p.errorCorrection);
        const { dots } = qrSizeOrFail(qr, { boxMm: p.size, clearMm: p.clearMm }, { dpmm, printer: `at ${dpi} dpi` }, `template ${layout.template}`);
        // ^BQ takes magnifications 1–10: at 203 dpi 8 dots (1.0 mm) is enough, and larger symbols
        // stop at 10 (1.25 mm). At 300 dpi 10 dots are 0.83 mm, so the symbol goes as a bitmap
        // with 11 dots (0.92 mm at 12 dots/mm) or more a module.
        const mag = dots! > 10 && 10 / dpmm >= minModuleMm ? 10 : dots!;
        const inset = Math.max(0, Math.floor((d(p.size) - mag * qr.size) / 2));
        const x = d(p.x) + inset;
        const y = d(p.y) + inset;
        if (mag > 10) return [`^FO${x},${y}${qrBitmap(qr, mag)}^FS`];
        // The firmware prints ^BQ lower than its ^FO by the ^BY bar height (10 dots by default but
        // kept by the printer between labels), so the height is set and taken off the origin.
        return [`^BY2,3,${bqDrop}^FO${x},${Math.max(0, y - bqDrop)}^BQN,2,${mag}^FH^FD${p.errorCorrection}A,${zplEscape(p.data)}^FS`];
      }
      case 'image':
        return [];
    }
  }
}
