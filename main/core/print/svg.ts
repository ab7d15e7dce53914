/**
 * The badge as one SVG image, from the same layout as the PDF: the setup screen's live preview and
 * the self-service kiosk's "Is this you?" show it as an <img> (the renderer's CSP allows data:
 * images and nothing inline). Text uses the page's sans-serif, so the preview is close, not exact;
 * the printed PDF keeps DejaVu.
 */
import { readFileSync } from 'node:fs';
import type { BadgeLayout, Primitive } from './layout';
import { qrMatrix, qrSize } from './qr';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string) => text.replace(/[&<>"']/g, (ch) => escapes[ch]!);
const n = (v: number) => String(Math.round(v * 1000) / 1000);
const ptToMm = 25.4 / 72;

export interface SvgOptions {
  /**
   * The QR code is left out and a neutral grey box stands in its place (marked data-masked="qr"),
   * with this label inside it: the self-service "Is this you?" preview, which anyone who found a
   * guest by name could photograph, so it must never carry a scannable ticket code.
   */
  maskQr?: { label: string };
}

/** A grey box with a dashed border and the label in a few short lines: nothing a scanner could read. */
function maskedQr(x: number, y: number, size: number, label: string): string {
  const words = label.trim().split(/\s+/).filter(Boolean);
  // About 10 characters a line at a font of size/8 (sans-serif is ~0.55 em a character).
  const font = size / 8;
  const perLine = Math.max(4, Math.floor((size * 0.86) / (font * 0.55)));
  const lines: string[] = [];
  for (const word of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && `${last} ${word}`.length <= perLine) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  const shown = lines.slice(0, 5);
  const top = y + size / 2 - ((shown.length - 1) * font * 1.2) / 2 + font * 0.35;
  const text = shown.map((line, i) => `<text x="${n(x + size / 2)}" y="${n(top + i * font * 1.2)}" font-size="${n(font)}" text-anchor="middle" fill="#374151">${esc(line)}</text>`).join('');
  return `<g data-masked="qr"><rect x="${n(x)}" y="${n(y)}" width="${n(size)}" height="${n(size)}" rx="${n(size / 20)}" fill="#e5e7eb" stroke="#9ca3af" stroke-width="${n(size / 60)}" stroke-dasharray="${n(size / 20)} ${n(size / 30)}"/>${text}</g>`;
}

function element(p: Primitive, options: SvgOptions): string {
  switch (p.kind) {
    case 'rect':
      return `<rect x="${n(p.x)}" y="${n(p.y)}" width="${n(p.w)}" height="${n(p.h)}" fill="${esc(p.color)}"/>`;
    case 'text': {
      const anchor = p.align === 'center' ? 'middle' : p.align === 'right' ? 'end' : 'start';
      const x = p.align === 'center' ? p.x + p.w / 2 : p.align === 'right' ? p.x + p.w : p.x;
      const size = p.fontPt * ptToMm;
      return p.lines
        .map((line, i) => {
          // The baseline sits about 80% down the line box.
          const y = p.y + i * p.lineMm + p.lineMm * 0.8;
          return `<text x="${n(x)}" y="${n(y)}" font-size="${n(size)}" font-weight="${p.bold ? 700 : 400}" text-anchor="${anchor}" fill="${esc(p.color)}">${esc(line)}</text>`;
        })
        .join('');
    }
    case 'qr': {
      if (options.maskQr) return maskedQr(p.x, p.y, p.size, options.maskQr.label);
      const qr = qrMatrix(p.data, p.errorCorrection);
      const { symbolMm } = qrSize(qr.size, p.size, p.clearMm, null);
      const inset = (p.size - symbolMm) / 2;
      let path = '';
      for (let y = 0; y < qr.size; y++) for (let x = 0; x < qr.size; x++) if (qr.dark(x, y)) path += `M${x} ${y}h1v1h-1z`;
      const scale = symbolMm / qr.size;
      return `<path transform="translate(${n(p.x + inset)} ${n(p.y + inset)}) scale(${n(scale)})" d="${path}" fill="#000" shape-rendering="crispEdges"/>`;
    }
    case 'image': {
      let href: string;
      try {
        const type = /\.png$/i.test(p.path) ? 'image/png' : 'image/jpeg';
        href = `data:${type};base64,${readFileSync(p.path).toString('base64')}`;
      } catch {
        return '';
      }
      return `<image x="${n(p.x)}" y="${n(p.y)}" width="${n(p.w)}" height="${n(p.h)}" href="${href}"/>`;
    }
  }
}

export function renderSvg(layout: BadgeLayout, options: SvgOptions = {}): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n(layout.widthMm)} ${n(layout.heightMm)}" width="${n(layout.widthMm)}mm" height="${n(layout.heightMm)}mm" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...layout.primitives.map((p) => element(p, options)),
    '</svg>',
  ].join('');
}
