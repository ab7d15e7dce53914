/**
 * Turns a template and one attendee into positioned primitives (millimetres, origin top-left):
 * coloured rectangles, text lines, the QR code, the logo. The PDF and ZPL renderers only draw
 * these, so both get the same fitting, the same skipped empty blocks and the same page bounds.
 */
import type { BadgeData } from './badge-data';
import { qrMatrix, qrSizeOrFail } from './qr';
import type { BadgeTemplate, Block } from './template';
import { cleanText, fitText, type BadgeNotes, type Measure } from './text';
import { PrintError } from './transports/print-error';

export type Align = 'left' | 'center' | 'right';
export type Primitive =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; color: string }
  | {
      kind: 'text';
      role: 'name' | 'band' | 'text';
      x: number;
      y: number;
      w: number;
      lines: string[];
      fontPt: number;
      lineMm: number;
      align: Align;
      bold: boolean;
      color: string;
    }
  | {
      kind: 'qr';
      /** The square the symbol is drawn in, centred (qr.ts qrSize). */
      x: number;
      y: number;
      size: number;
      /** Blank badge kept around that square (up to the nearest other primitive or the page edge):
       * the symbol's quiet zone may use it, so a QR box next to a margin or a gap need not hold
       * all four quiet modules itself. */
      clearMm: number;
      data: string;
      errorCorrection: 'L' | 'M' | 'Q' | 'H';
    }
  | { kind: 'image'; x: number; y: number; w: number; h: number; path: string; align: Align };

export interface BadgeLayout {
  /** The template's name, for the reasons a renderer gives ("template badge-4x3: …"). */
  template: string;
  widthMm: number;
  heightMm: number;
  primitives: Primitive[];
  /** What this badge shows differently from the registration (cut to fit, emoji left out…). */
  notes: string[];
}

const ptToMm = 25.4 / 72;
const lineFactor = 1.18;

/** Black or white text, whichever reads better on the band colour. */
export function textColorOn(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  const lum = (0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
  return lum > 0.6 ? '#000000' : '#ffffff';
}

/** How a template's text source is named in a print job's notes. */
export function sourceLabel(source: string): string {
  if (source.startsWith('field:')) return `field ${source.slice(6)}`;
  return { company: 'company', ticketType: 'ticket type', eventName: 'event name', email: 'email' }[source] ?? source;
}

export function badgeText(data: BadgeData, source: string, notes?: BadgeNotes): string {
  const into = notes && { what: sourceLabel(source), into: notes };
  if (source.startsWith('field:')) return cleanText(data.badgeFields[source.slice(6)], 200, into);
  const value = { company: data.company, ticketType: data.ticketType, eventName: data.eventName, email: data.email }[source];
  return cleanText(value, 200, into);
}

export function fullName(data: BadgeData, notes?: BadgeNotes): string {
  const into = notes && { what: 'name', into: notes };
  return cleanText(`${cleanText(data.firstName, 200, into)} ${cleanText(data.lastName, 200, into)}`, 200, into);
}

export function freeFields(data: BadgeData, only: string[], max: number, notes?: BadgeNotes): string[] {
  const keys = only.length ? only : Object.keys(data.badgeFields);
  const shown = keys
    .map((key) => ({ key, label: cleanText(key, 64), value: cleanText(data.badgeFields[key]) }))
    .filter((f) => f.label && f.value)
    .slice(0, max);
  // Notes only for the fields that are printed: cleaning one left off the badge changes nothing.
  if (notes) for (const f of shown) cleanText(data.badgeFields[f.key], 200, { what: `field ${f.label}`, into: notes });
  return shown.map((f) => `${f.label}: ${f.value}`);
}

interface Box {
  x: number;
  w: number;
}
interface Placed {
  height: number;
  primitives: Primitive[];
}

/** What every block of one layout pass shares. */
interface Pass {
  page: { widthMm: number; marginMm: number };
  data: BadgeData;
  /** Scales every font (1, then smaller while the content is taller than the page). */
  scale: number;
  measure: Measure;
  /** The size the name got; later text is never set larger, so the name stays the badge's largest
   * text even when a long one had to shrink (a company must not outshout the guest's name). */
  namePt: number;
  /** What this pass changed about the text; only the last pass's notes are the badge's. */
  notes: BadgeNotes;
}

function placeX(box: Box, w: number, align: Align): number {
  if (align === 'left') return box.x;
  if (align === 'right') return box.x + box.w - w;
  return box.x + (box.w - w) / 2;
}

/** Where a primitive ends, downwards. */
export function bottomOf(p: Primitive): number {
  return p.y + (p.kind === 'text' ? p.lineMm * p.lines.length : p.kind === 'qr' ? p.size : p.h);
}

function shift(primitives: Primitive[], dy: number): Primitive[] {
  return primitives.map((p) => ({ ...p, y: p.y + dy }));
}

function textPrim(role: 'name' | 'text', box: Box, fitted: { fontPt: number; lines: string[] }, align: Align, bold: boolean): Placed {
  const lineMm = fitted.fontPt * ptToMm * lineFactor;
  return {
    height: lineMm * fitted.lines.length,
    primitives: [{ kind: 'text', role, x: box.x, y: 0, w: box.w, lines: fitted.lines, fontPt: fitted.fontPt, lineMm, align, bold, color: '#000000' }],
  };
}

/** One block at y = 0 in its box; null when it has nothing to show (so it leaves no gap). */
function placeBlock(block: Block, box: Box, pass: Pass): Placed | null {
  const { page, data, scale, measure } = pass;
  switch (block.type) {
    case 'band': {
      const label = badgeText(data, block.text, pass.notes);
      const x = block.bleed ? 0 : box.x;
      const w = block.bleed ? page.widthMm : box.w;
      const inner = { x: box.x + 1, w: box.w - 2 };
      const fitted = fitText(label, inner.w, { maxPt: block.fontPt * scale, minPt: Math.min(6, block.fontPt), maxLines: 1, bold: true }, measure);
      if (fitted.truncated) pass.notes.add(`${sourceLabel(block.text)} shortened to fit`);
      const lineMm = fitted.fontPt * ptToMm * lineFactor;
      const prims: Primitive[] = [{ kind: 'rect', x, y: 0, w, h: block.heightMm, color: data.ticketColor }];
      if (fitted.lines.length) {
        prims.push({ kind: 'text', role: 'band', x: inner.x, y: (block.heightMm - lineMm) / 2, w: inner.w, lines: fitted.lines, fontPt: fitted.fontPt, lineMm, align: 'center', bold: true, color: textColorOn(data.ticketColor) });
      }
      return { height: block.heightMm, primitives: prims };
    }
    case 'logo':
      if (!data.logoPath) return null;
      return { height: block.heightMm, primitives: [{ kind: 'image', x: box.x, y: 0, w: box.w, h: block.heightMm, path: data.logoPath, align: block.align }] };
    case 'name': {
      const fitted = fitText(fullName(data, pass.notes), box.w, { maxPt: block.maxFontPt * scale, minPt: Math.min(block.minFontPt, block.maxFontPt * scale), maxLines: block.maxLines, bold: block.bold }, measure);
      if (fitted.truncated) pass.notes.add('name shortened to fit');
      if (fitted.lines.length) pass.namePt = fitted.fontPt;
      return fitted.lines.length ? textPrim('name', box, fitted, block.align, block.bold) : null;
    }
    case 'text': {
      const max = Math.min(block.fontPt * scale, pass.namePt);
      const fitted = fitText(badgeText(data, block.source, pass.notes), box.w, { maxPt: max, minPt: Math.min(block.minFontPt ?? max, max), maxLines: block.maxLines, bold: block.bold }, measure);
      if (fitted.truncated) pass.notes.add(`${sourceLabel(block.source)} shortened to fit`);
      return fitted.lines.length ? textPrim('text', box, fitted, block.align, block.bold) : null;
    }
    case 'fields': {
      const pt = Math.min(block.fontPt * scale, pass.namePt);
      const lines = freeFields(data, block.only, block.max, pass.notes).map((l) => {
        const fitted = fitText(l, box.w, { maxPt: pt, minPt: pt, maxLines: 1, bold: false }, measure);
        if (fitted.truncated) pass.notes.add('a free field shortened to fit');
        return fitted.lines[0]!;
      });
      return lines.length ? textPrim('text', box, { fontPt: pt, lines }, block.align, false) : null;
    }
    case 'qr': {
      const size = Math.min(block.sizeMm, box.w);
      return { height: size, primitives: [{ kind: 'qr', x: placeX(box, size, block.align), y: 0, size, clearMm: 0, data: data.code, errorCorrection: block.errorCorrection }] };
    }
    case 'spacer':
      return { height: block.heightMm, primitives: [] };
    case 'row': {
      const fixed = block.columns.reduce((sum, c) => sum + (c.widthMm ?? 0), 0);
      const flexible = block.columns.filter((c) => c.widthMm === null).length;
      const flexWidth = flexible ? Math.max(5, (box.w - fixed - block.gapMm * (block.columns.length - 1)) / flexible) : 0;
      let x = box.x;
      const columns = block.columns.map((column) => {
        const w = column.widthMm ?? flexWidth;
        const placed = stack(column.blocks, { x, w }, pass, 2);
        x += w + block.gapMm;
        return placed;
      });
      const height = Math.max(0, ...columns.map((c) => c.height));
      if (height === 0) return null;
      // Columns are centred vertically against each other: name beside the middle of the QR.
      return { height, primitives: columns.flatMap((c) => shift(c.primitives, (height - c.height) / 2)) };
    }
  }
}

function stack(blocks: Block[], box: Box, pass: Pass, gap: number): Placed {
  let y = 0;
  const primitives: Primitive[] = [];
  for (const block of blocks) {
    const placed = placeBlock(block, box, pass);
    if (!placed) continue;
    if (y > 0) y += gap;
    primitives.push(...shift(placed.primitives, y));
    y += placed.height;
  }
  return { height: y, primitives };
}

/** The primitive's bounding box (text: its lines' box, which its glyphs never leave). */
function boundsOf(p: Primitive): { x: number; y: number; w: number; h: number } {
  if (p.kind === 'qr') return { x: p.x, y: p.y, w: p.size, h: p.size };
  if (p.kind === 'text') return { x: p.x, y: p.y, w: p.w, h: p.lineMm * p.lines.length };
  return { x: p.x, y: p.y, w: p.w, h: p.h };
}

/** How far the square can grow on every side before it meets another primitive or the page edge. */
function clearAround(qr: Extract<Primitive, { kind: 'qr' }>, all: Primitive[], widthMm: number, heightMm: number): number {
  let clear = Math.min(qr.x, qr.y, widthMm - qr.x - qr.size, heightMm - qr.y - qr.size);
  for (const other of all) {
    if (other === qr) continue;
    const b = boundsOf(other);
    const gapX = Math.max(b.x - (qr.x + qr.size), qr.x - (b.x + b.w));
    const gapY = Math.max(b.y - (qr.y + qr.size), qr.y - (b.y + b.h));
    clear = Math.min(clear, Math.max(gapX, gapY));
  }
  return Math.max(0, clear);
}

/**
 * Lays out a badge. On fixed-size stock, if the content is taller than the page (a long company
 * on two lines plus a long name…), every font is scaled down and the layout redone; if even that
 * is not enough (a template asking too much of a small label), what would cross the bottom margin
 * is left out, and a QR code that would be cut fails the badge: it never prints off the label.
 * So does a QR code whose modules would be under 0.9 mm (a code too long for the template's QR
 * box): checked here for vector output, and again on the printer's grid by the ZPL renderer.
 */
export function layoutBadge(template: BadgeTemplate, data: BadgeData, measure: Measure): BadgeLayout {
  const { page } = template;
  const m = page.marginMm;
  const box = { x: m, w: page.widthMm - 2 * m };
  const [first, ...rest] = template.blocks;
  // A bleeding band that opens the badge sits at the very top edge, not inside the margin.
  const topBand = first && first.type === 'band' && first.bleed ? first : null;
  for (let scale = 1; ; scale -= 0.05) {
    const pass: Pass = { page, data, scale, measure, namePt: Infinity, notes: new Set() };
    const band = topBand ? placeBlock(topBand, box, pass) : null;
    const bodyTop = band ? band.height + template.gapMm : m;
    const body = stack(topBand ? rest : template.blocks, box, pass, template.gapMm);
    const available = page.heightMm === null ? Infinity : page.heightMm - m - bodyTop;
    if (body.height <= available || scale < 0.45) {
      let primitives = shift(body.primitives, bodyTop);
      if (page.heightMm !== null && body.height < available) {
        // Spare height goes above and below the body, so a short badge is centred, not top-heavy.
        primitives = shift(primitives, (available - body.height) / 2);
      }
      if (body.height > available) {
        const fits = (p: Primitive) => bottomOf(p) <= page.heightMm! - m + 0.01;
        // Losing a free field is a smaller badge; losing the QR is a badge the door cannot scan.
        if (primitives.some((p) => p.kind === 'qr' && !fits(p))) {
          throw new PrintError(`template ${template.name}: this badge does not fit the ${page.widthMm}×${page.heightMm} mm page even at the smallest size (the QR code would be cut)`, false);
        }
        const kept = primitives.filter(fits);
        if (kept.length < primitives.length) pass.notes.add('text left out for lack of room on the label');
        primitives = kept;
      }
      const widthMm = page.widthMm;
      const heightMm = page.heightMm ?? bodyTop + body.height + m;
      const all = [...(band?.primitives ?? []), ...primitives];
      const placed = all.map((p) => (p.kind === 'qr' ? { ...p, clearMm: clearAround(p, all, widthMm, heightMm) } : p));
      for (const p of placed) {
        if (p.kind === 'qr') qrSizeOrFail(qrMatrix(p.data, p.errorCorrection), { boxMm: p.size, clearMm: p.clearMm }, { dpmm: null, printer: '' }, `template ${template.name}`);
      }
      return { template: template.name, widthMm, heightMm, primitives: placed, notes: [...pass.notes] };
    }
  }
}
