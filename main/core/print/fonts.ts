/**
 * The badge fonts: DejaVu Sans (Latin with accents, Greek, Cyrillic, Hebrew, Arabic), embedded in
 * every PDF so the badge looks the same on any print server. Measurement uses the same font files
 * through a scratch pdfkit document, so layout and rendering can never disagree on a width.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import type { Measure } from './text';

// The Electron bundle is CommonJS and has __filename; the ESM CLI bundle and tsx have
// import.meta.url (esbuild notes it is empty in the CommonJS bundle, where it is never read).
const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
const require = createRequire(here);

export const fontFiles = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

const ptToMm = 25.4 / 72;
let scratch: PDFKit.PDFDocument | undefined;

/** Width in millimetres of a single line, as pdfkit will draw it. */
export const measureText: Measure = (text, fontPt, bold) => {
  scratch ??= new PDFDocument({ autoFirstPage: false });
  scratch.font(bold ? fontFiles.bold : fontFiles.regular).fontSize(fontPt);
  return scratch.widthOfString(text) * ptToMm;
};
