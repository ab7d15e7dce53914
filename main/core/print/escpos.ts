/**
 * The ESC/POS renderer (node-thermal-printer) for Epson and Star thermal printers. Receipt
 * printers are text-mode: the template's blocks are printed in order as lines of font A, the name
 * magnified as far as it fits (then wrapped, then smaller), and the QR code with the printer's own
 * QR command so it is sharp at any size, in whole dots a module of at least 0.9 mm at the printer's
 * resolution (qr.ts). The buffer is built without a printer connection.
 *
 * Text is sent in the printer's code pages (node-thermal-printer switches page per character:
 * Latin, Greek, Cyrillic, Hebrew, Arabic pages). Thermal printers do not reorder right-to-left
 * text, so each line is sent in visual order (text.ts visualOrder): a Hebrew name reads right.
 */
import { readFile } from 'node:fs/promises';
import thermal from 'node-thermal-printer';
import type { BadgeData } from './badge-data';
import { badgeText, freeFields, fullName, sourceLabel } from './layout';
import { dotsPerMm, qrMatrix, qrSizeOrFail } from './qr';
import { visualOrder, type BadgeNotes } from './text';
import type { BadgeTemplate, Block } from './template';

export type EscposModel = 'epson' | 'star';

const { printer: ThermalPrinter, types } = thermal as unknown as typeof import('node-thermal-printer');

/** Wraps words into lines of at most `width` characters; long words are cut. */
export function wrapColumns(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    for (let w = word; w.length; ) {
      const candidate = current ? `${current} ${w}` : w;
      if ([...candidate].length <= width) {
        current = candidate;
        w = '';
      } else if (current) {
        lines.push(current);
        current = '';
      } else {
        lines.push([...w].slice(0, width).join(''));
        w = [...w].slice(width).join('');
      }
    }
  }
  if (current) lines.push(current);
  return lines;
}

function fitColumns(text: string, width: number, maxLines: number, onCut?: () => void): string[] {
  const lines = wrapColumns(text, width);
  if (lines.length <= maxLines) return lines;
  onCut?.();
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = [...kept[maxLines - 1]!].slice(0, width - 3).join('') + '...';
  return kept;
}

// Our own QR command for both dialects, since the library's is wrong for some: node-thermal-printer
// 4.6.1 counts characters, not bytes, in Epson's length field (non-ASCII codes), and its Star
// printQR omits the "ESC GS y D 1" store header, so a Star would print the code's bytes as text. Byte-exact per the
// Epson ESC/POS reference (GS ( k) and the Star Line Mode manual (ESC GS y).
function qrCommand(model: EscposModel, data: string, cellSize: number, ecc: 'L' | 'M' | 'Q' | 'H'): Buffer {
  const bytes = Buffer.from(data, 'utf8');
  const level = { L: 0, M: 1, Q: 2, H: 3 }[ecc];
  if (model === 'epson') {
    const n = bytes.length + 3;
    return Buffer.concat([
      Buffer.from([0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]), // model 2
      Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, cellSize]),
      Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x30 + level]),
      Buffer.from([0x1d, 0x28, 0x6b, n % 256, Math.floor(n / 256), 0x31, 0x50, 0x30]),
      bytes,
      Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]), // print
    ]);
  }
  return Buffer.concat([
    Buffer.from([0x1b, 0x1d, 0x79, 0x53, 0x30, 0x02]), // model 2
    Buffer.from([0x1b, 0x1d, 0x79, 0x53, 0x31, level]),
    Buffer.from([0x1b, 0x1d, 0x79, 0x53, 0x32, cellSize]),
    Buffer.from([0x1b, 0x1d, 0x79, 0x44, 0x31, 0x00, bytes.length % 256, Math.floor(bytes.length / 256)]),
    bytes,
    Buffer.from([0x1b, 0x1d, 0x79, 0x50]), // print
  ]);
}

/** The largest QR cell each dialect's command takes: Epson GS ( k <167> 1–16, Star ESC GS y S 2 1–8. */
export const maxCellDots: Record<EscposModel, number> = { epson: 16, star: 8 };

function flatten(blocks: Block[]): Block[] {
  return blocks.flatMap((b) => (b.type === 'row' ? b.columns.flatMap((c) => flatten(c.blocks)) : [b]));
}

/**
 * Renders a thermal badge; `notes` collects what the badge shows differently from the registration.
 * `dpi`: the printhead's resolution (8 or 12 dots/mm), which sets the QR's dots a module.
 */
export async function renderEscpos(template: BadgeTemplate, data: BadgeData, model: EscposModel, notes: BadgeNotes = new Set(), dpi: 203 | 300 = 203): Promise<Buffer> {
  // No interface: the buffer is built here and sent by our own transports (timeouts, clear errors).
  const p = new ThermalPrinter({ type: model === 'star' ? types.STAR : types.EPSON, width: template.escpos.columns, breakLine: 'NONE' as never, interface: '' });
  const cols = template.escpos.columns;
  // ESC @ first: it resets the code page, so the page is chosen after it, not in the constructor.
  p.setBuffer(Buffer.from([0x1b, 0x40]));
  p.setCharacterSet('WPC1252');
  p.alignCenter();
  for (const block of flatten(template.blocks)) {
    switch (block.type) {
      case 'band': {
        const label = badgeText(data, block.text, notes);
        if (!label) break;
        const line = fitColumns(label.toUpperCase(), cols - 2, 1, () => notes.add(`${sourceLabel(block.text)} shortened to fit`))[0]!;
        const pad = cols - [...line].length;
        p.bold(true);
        p.invert(true);
        p.println(' '.repeat(Math.floor(pad / 2)) + visualOrder(line) + ' '.repeat(Math.ceil(pad / 2)));
        p.invert(false);
        p.bold(false);
        break;
      }
      case 'logo':
        // PNG only: the printer gets a raster image; a JPEG logo is left out on thermal badges.
        if (data.logoPath && /\.png$/i.test(data.logoPath)) await p.printImageBuffer(await readFile(data.logoPath));
        else if (data.logoPath) notes.add('logo left out (thermal printers take PNG only)');
        break;
      case 'name': {
        const name = fullName(data, notes);
        if (!name) break;
        let scale = template.escpos.nameMaxScale;
        while (scale > 1 && wrapColumns(name, Math.floor(cols / scale)).length > block.maxLines) scale--;
        const lines = fitColumns(name, Math.floor(cols / scale), block.maxLines, () => notes.add('name shortened to fit'));
        p.bold(true);
        // Star line mode has no GS !; its own "ESC i n1 n2" expands height and width (0…5).
        if (model === 'star') p.add(Buffer.from([0x1b, 0x69, Math.min(5, scale - 1), Math.min(5, scale - 1)]));
        else p.setTextSize(scale - 1, scale - 1);
        for (const line of lines) p.println(visualOrder(line));
        p.setTextNormal();
        p.bold(false);
        break;
      }
      case 'text': {
        const text = badgeText(data, block.source, notes);
        if (!text) break;
        if (block.bold) p.bold(true);
        for (const line of fitColumns(text, cols, block.maxLines, () => notes.add(`${sourceLabel(block.source)} shortened to fit`))) p.println(visualOrder(line));
        if (block.bold) p.bold(false);
        break;
      }
      case 'fields':
        for (const field of freeFields(data, block.only, block.max, notes)) {
          p.println(visualOrder(fitColumns(field, cols, 1, () => notes.add('a free field shortened to fit'))[0]!));
        }
        break;
      case 'qr': {
        const qr = qrMatrix(data.code, block.errorCorrection);
        // Whole dots a module, as large as the template's QR box allows and at least 0.9 mm; the
        // quiet zone is the paper around the symbol's own lines (centred, blank lines above and
        // below), so the box need only hold the symbol.
        const { dots } = qrSizeOrFail(
          qr,
          { boxMm: block.sizeMm, clearMm: Infinity },
          { dpmm: dotsPerMm(dpi), maxDots: maxCellDots[model], printer: `at ${dpi} dpi${model === 'star' ? ` (a Star QR module is at most ${maxCellDots.star} dots)` : ''}` },
          `template ${template.name}`,
        );
        p.newLine();
        p.newLine();
        p.add(qrCommand(model, data.code, dots!, block.errorCorrection));
        p.newLine();
        p.newLine();
        break;
      }
      case 'spacer':
        p.newLine();
        break;
      case 'row':
        break;
    }
  }
  p.cut();
  return p.getBuffer();
}
