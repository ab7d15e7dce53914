/**
 * A minimal PNG reader for tests (8-bit grey, grey+alpha, RGB, RGBA; no interlace): enough to ask
 * "is there ink in the name's box?" of a rendered label without another image dependency.
 */
import { inflateSync } from 'node:zlib';

export interface Gray {
  width: number;
  height: number;
  /** 0 = black … 255 = white. */
  at(x: number, y: number): number;
}

export function readPng(png: Buffer): Gray {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const depth = png[24];
  const type = png[25]!;
  if (depth !== 8 || png[28] !== 0) throw new Error(`test PNG reader: unsupported depth ${depth} / interlace`);
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[type];
  if (!channels) throw new Error(`test PNG reader: unsupported colour type ${type}`);
  const chunks: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? pixels[y * stride + i - channels]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
      const c = i >= channels && y > 0 ? pixels[(y - 1) * stride + i - channels]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const predictor = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter]!;
      pixels[y * stride + i] = (line[i]! + predictor) & 255;
    }
  }
  return {
    width,
    height,
    at(x, y) {
      const o = y * stride + x * channels;
      if (channels < 3) return pixels[o]!;
      return Math.round((pixels[o]! + pixels[o + 1]! + pixels[o + 2]!) / 3);
    },
  };
}

/** Share of dark pixels (< 128) in a box given in pixels, clipped to the image. */
export function inkRatio(image: Gray, box: { x: number; y: number; w: number; h: number }): number {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(image.width, Math.ceil(box.x + box.w));
  const y1 = Math.min(image.height, Math.ceil(box.y + box.h));
  let dark = 0;
  let total = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      total++;
      if (image.at(x, y) < 128) dark++;
    }
  }
  return total ? dark / total : 0;
}

/** The box (pixels, inclusive) around the dark pixels (< 128) inside a box, or null if it has none. */
export function darkBounds(image: Gray, box: { x: number; y: number; w: number; h: number }): { x0: number; y0: number; x1: number; y1: number } | null {
  let bounds: { x0: number; y0: number; x1: number; y1: number } | null = null;
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(image.width, Math.ceil(box.x + box.w));
  const y1 = Math.min(image.height, Math.ceil(box.y + box.h));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (image.at(x, y) >= 128) continue;
      if (!bounds) bounds = { x0: x, y0: y, x1: x, y1: y };
      else {
        bounds.x0 = Math.min(bounds.x0, x);
        bounds.y0 = Math.min(bounds.y0, y);
        bounds.x1 = Math.max(bounds.x1, x);
        bounds.y1 = Math.max(bounds.y1, y);
      }
    }
  }
  return bounds;
}

/**
 * Checks a QR symbol found at `symbol` (from darkBounds): its module width in pixels, and whether
 * the `quiet`-pixel ring around it lies on the image and is blank.
 */
export function symbolCheck(image: Gray, symbol: { x0: number; y0: number; x1: number; y1: number }, modules: number, quiet: number): { modulePx: number; quietOnPage: boolean; quietInk: number } {
  const side = symbol.x1 - symbol.x0 + 1;
  const ring = { x: symbol.x0 - quiet, y: symbol.y0 - quiet, w: side + 2 * quiet, h: symbol.y1 - symbol.y0 + 1 + 2 * quiet };
  const quietOnPage = ring.x >= 0 && ring.y >= 0 && ring.x + ring.w <= image.width && ring.y + ring.h <= image.height;
  const strips = [
    { x: ring.x, y: ring.y, w: ring.w, h: quiet - 1 },
    { x: ring.x, y: symbol.y1 + 2, w: ring.w, h: quiet - 1 },
    { x: ring.x, y: ring.y, w: quiet - 1, h: ring.h },
    { x: symbol.x1 + 2, y: ring.y, w: quiet - 1, h: ring.h },
  ];
  // One pixel next to the symbol is left out: rasterisers anti-alias the symbol's edge into it.
  const quietInk = Math.max(...strips.map((s) => inkRatio(image, s)));
  return { modulePx: side / modules, quietOnPage, quietInk };
}
