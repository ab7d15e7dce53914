/**
 * The PDF renderer (pdfkit), for the OS print queue, the PDF folder and previews. Fonts are
 * embedded (DejaVu, subset by pdfkit), the QR is drawn as vector squares so it stays sharp at any
 * printer resolution, and right-to-left runs are drawn in visual order (see text.ts visualRuns).
 */
import PDFDocument from 'pdfkit';
import { fontFiles, measureText } from './fonts';
import type { BadgeLayout, Primitive } from './layout';
import { qrMatrix, qrSize } from './qr';
import { visualRuns } from './text';

const mmToPt = 72 / 25.4;

function drawLine(doc: PDFKit.PDFDocument, line: string, p: Extract<Primitive, { kind: 'text' }>, y: number) {
  const runs = visualRuns(line).map((r) => ({
    // pdfkit splits on ASCII spaces for word spacing and loses them inside an RTL run that fontkit
    // reverses; a no-break space keeps the run whole and correctly ordered.
    text: r.rtl ? r.text.replace(/ /g, '\u00A0') : r.text,
    width: measureText(r.text, p.fontPt, p.bold) * mmToPt,
  }));
  const space = measureText(' ', p.fontPt, p.bold) * mmToPt;
  const total = runs.reduce((s, r) => s + r.width, 0) + space * Math.max(0, runs.length - 1);
  const boxX = p.x * mmToPt;
  const boxW = p.w * mmToPt;
  let x = p.align === 'left' ? boxX : p.align === 'right' ? boxX + boxW - total : boxX + (boxW - total) / 2;
  for (const run of runs) {
    doc.text(run.text, x, y, { lineBreak: false });
    x += run.width + space;
  }
}

function draw(doc: PDFKit.PDFDocument, p: Primitive) {
  switch (p.kind) {
    case 'rect':
      doc.rect(p.x * mmToPt, p.y * mmToPt, p.w * mmToPt, p.h * mmToPt).fill(p.color);
      return;
    case 'text': {
      doc.font(p.bold ? fontFiles.bold : fontFiles.regular).fontSize(p.fontPt).fillColor(p.color);
      p.lines.forEach((line, i) => drawLine(doc, line, p, (p.y + i * p.lineMm) * mmToPt));
      return;
    }
    case 'qr': {
      const qr = qrMatrix(p.data, p.errorCorrection);
      // Modules as large as the box allows (the layout made sure that is 0.9 mm or more); the
      // quiet zone is the box's spare white plus the blank badge the layout kept around it.
      const { moduleMm, symbolMm } = qrSize(qr.size, p.size, p.clearMm, null);
      const module = moduleMm * mmToPt;
      const x0 = (p.x + (p.size - symbolMm) / 2) * mmToPt;
      const y0 = (p.y + (p.size - symbolMm) / 2) * mmToPt;
      for (let y = 0; y < qr.size; y++) {
        for (let x = 0; x < qr.size; x++) {
          // Slight overlap avoids hairline gaps between modules in some rasterisers.
          if (qr.dark(x, y)) doc.rect(x0 + x * module, y0 + y * module, module + 0.05, module + 0.05);
        }
      }
      doc.fill('#000000');
      return;
    }
    case 'image':
      doc.image(p.path, p.x * mmToPt, p.y * mmToPt, { fit: [p.w * mmToPt, p.h * mmToPt], align: p.align === 'left' ? undefined : p.align, valign: 'center' });
      return;
  }
}

export function renderPdf(layout: BadgeLayout, title: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [layout.widthMm * mmToPt, layout.heightMm * mmToPt],
    margin: 0,
    autoFirstPage: true,
    // A fixed date makes equal badges byte-equal, which keeps tests and caches honest.
    info: { Title: title, Producer: 'Arrivals', Creator: 'Arrivals', CreationDate: new Date(0) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const p of layout.primitives) draw(doc, p);
  doc.end();
  return done;
}
