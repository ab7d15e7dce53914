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

function element(p: Primitive): string {
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

export function renderSvg(layout: BadgeLayout): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n(layout.widthMm)} ${n(layout.heightMm)}" width="${n(layout.widthMm)}mm" height="${n(layout.heightMm)}mm" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    ...layout.primitives.map(element),
    '</svg>',
  ].join('');
}
