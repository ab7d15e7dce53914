/**
 * The HTML renderer, for the desktop app's OS printers: Electron prints a page silently to a named
 * device (`webContents.print`), so the badge becomes one self-contained page the size of the
 * stock, drawn from the same layout as the PDF and ZPL. Chromium does the bidi and shaping of
 * right-to-left names itself; the fonts are the same DejaVu files the layout measured with,
 * referenced by file URL (a data URL of both fonts would pass Chromium's 2 MB URL limit when the
 * page is loaded as one).
 */
import { pathToFileURL } from 'node:url';
import { fontFiles } from './fonts';
import type { BadgeLayout, Primitive } from './layout';
import { qrMatrix, qrSize } from './qr';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => escapes[ch]!);
}

const mm = (n: number) => `${Math.round(n * 1000) / 1000}mm`;
const place = (x: number, y: number, w: number, h: number) => `left:${mm(x)};top:${mm(y)};width:${mm(w)};height:${mm(h)}`;

/** The QR symbol as one SVG path, modules as unit squares, sized and centred as in the PDF. */
function qrSvg(p: Extract<Primitive, { kind: 'qr' }>): string {
  const qr = qrMatrix(p.data, p.errorCorrection);
  let path = '';
  for (let y = 0; y < qr.size; y++) {
    for (let x = 0; x < qr.size; x++) if (qr.dark(x, y)) path += `M${x} ${y}h1v1h-1z`;
  }
  const { symbolMm } = qrSize(qr.size, p.size, p.clearMm, null);
  const inset = (p.size - symbolMm) / 2;
  return `<svg class="p" style="${place(p.x + inset, p.y + inset, symbolMm, symbolMm)}" viewBox="0 0 ${qr.size} ${qr.size}" shape-rendering="crispEdges"><path d="${path}" fill="#000"/></svg>`;
}

function element(p: Primitive): string {
  switch (p.kind) {
    case 'rect':
      return `<div class="p" style="${place(p.x, p.y, p.w, p.h)};background:${p.color}"></div>`;
    case 'text':
      return p.lines
        .map((line, i) => {
          const style = `${place(p.x, p.y + i * p.lineMm, p.w, p.lineMm)};line-height:${mm(p.lineMm)};font-size:${p.fontPt}pt;font-weight:${p.bold ? 700 : 400};text-align:${p.align};color:${p.color}`;
          // dir=auto: each line takes the direction of its first strong character, as the PDF does.
          return `<div class="p t" dir="auto" style="${style}">${escapeHtml(line)}</div>`;
        })
        .join('');
    case 'qr':
      return qrSvg(p);
    case 'image':
      return `<img class="p" style="${place(p.x, p.y, p.w, p.h)};object-fit:contain;object-position:${p.align} center" src="${escapeHtml(pathToFileURL(p.path).href)}" alt="">`;
  }
}

export function renderHtml(layout: BadgeLayout, title: string): string {
  const font = (file: string, weight: number) =>
    `@font-face{font-family:ArrivalsBadge;font-weight:${weight};src:url("${pathToFileURL(file).href}") format("truetype")}`;
  const size = `${mm(layout.widthMm)} ${mm(layout.heightMm)}`;
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8">',
    // Nothing on this page runs or loads from the network: fonts and the logo are local files.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; font-src file:; img-src file:; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(title)}</title>`,
    '<style>',
    font(fontFiles.regular, 400),
    font(fontFiles.bold, 700),
    `@page{size:${size};margin:0}`,
    `html,body{margin:0;padding:0;width:${mm(layout.widthMm)};height:${mm(layout.heightMm)};overflow:hidden}`,
    // Colour bands are backgrounds: without this, print drops them.
    'body{position:relative;-webkit-print-color-adjust:exact;print-color-adjust:exact;font-family:ArrivalsBadge,sans-serif}',
    '.p{position:absolute;box-sizing:border-box;margin:0}',
    '.t{white-space:pre;overflow:visible}',
    '</style></head><body>',
    ...layout.primitives.map(element),
    '</body></html>',
    '',
  ].join('\n');
}
