/**
 * The ZPL renderer for Zebra label printers, from the same layout as the PDF. Geometry is in dots
 * for the printer's resolution (203 dpi = 8 dots/mm, 300 dpi = 12 dots/mm); text uses the
 * printer's scalable font 0 inside a one-line field block (^FB), so the printer itself clips
 * rather than overflows if its font runs wider than our DejaVu measurement (it runs narrower).
 *
 * Limits (documented in printer-templates/README.md): Zebra is monochrome, so the ticket colour
 * band prints black (white text) or, for light colours, as an outline; the logo is not sent (it
 * would need a ^GF bitmap); text is UTF-8 (^CI28) in logical order with ^PA bidi/shaping switched
 * on, which needs a printer font with the script (Latin/Greek/Cyrillic are in recent firmware).
 */
import type { BadgeLayout, Primitive } from './layout';
import { textColorOn } from './layout';
import { qrMatrix } from './qr';
import { hasRtl } from './text';

export type ZplDpi = 203 | 300;

const ptToMm = 25.4 / 72;

/** ^FD data may not contain the command prefixes; with ^FH they are written as _XX hex. */
export function zplEscape(text: string): string {
  return text.replace(/[\^~_\\]/g, (c) => '_' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

function justify(align: 'left' | 'center' | 'right'): string {
  return align === 'left' ? 'L' : align === 'right' ? 'R' : 'C';
}

/** `font`: a TrueType font on the printer, bound to font name 1 with ^CW; default font 0. */
export function renderZpl(layout: BadgeLayout, dpi: ZplDpi, font?: string): string {
  const dpmm = dpi === 300 ? 12 : 8;
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
        const modules = qrMatrix(p.data, p.errorCorrection).size;
        const size = d(p.size);
        // Magnification is a whole number of dots per module; keep the 4-module quiet zone inside.
        const mag = Math.max(1, Math.min(10, Math.floor(size / (modules + 8))));
        const offset = Math.round((size - mag * modules) / 2);
        return [`^FO${d(p.x) + offset},${d(p.y) + offset}^BQN,2,${mag}^FH^FD${p.errorCorrection}A,${zplEscape(p.data)}^FS`];
      }
      case 'image':
        return [];
    }
  }
}
