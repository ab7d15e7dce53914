/**
 * What a door webcam reads off our badges: every shipped template, as a PDF rasterised at 203 dpi
 * (pdftoppm) and as ZPL drawn at 203 dpi (zpl-renderer-js), seen by a 70° webcam at 640×480 from
 * 25 cm and at 1280×720 from 40 cm, under eight degradations made with ImageMagick 6 from apt
 * (/usr/bin/convert), and decoded by ZXing-C++ (zxing-wasm), the decoder the kiosk uses.
 *
 * The badge image is resampled (area average) to the camera's pixels per millimetre at that
 * distance, turned or tilted if the degradation says so, and set in the middle of a grey frame;
 * blur, contrast and JPEG apply to the whole frame. A badge the layout refuses (a code too long
 * for the template's QR box) counts as unread in every condition: the door cannot scan a badge
 * that was not printed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ready as zplReady } from 'zpl-renderer-js';
import { sampleBadge } from '../main/core/print/badge-data';
import { measureText } from '../main/core/print/fonts';
import { layoutBadge } from '../main/core/print/layout';
import { renderPdf } from '../main/core/print/pdf';
import { renderZpl } from '../main/core/print/zpl';
import type { BadgeTemplate } from '../main/core/print/template';
import { zxingDecode } from '../main/core/print/testing/zxing';

const convert = '/usr/bin/convert';
const frameGrey = 'gray60';

/** The tools the webcam bench runs, or a clear error naming what is missing and where it comes from. */
export function requireWebcamTools(): void {
  if (!existsSync(convert)) throw new Error(`webcam bench: ${convert} not found (ImageMagick from apt: apt-get install imagemagick)`);
  if (spawnSync('pdftoppm', ['-v']).error) throw new Error('webcam bench: pdftoppm not found (apt-get install poppler-utils)');
}

export interface Camera {
  name: string;
  width: number;
  height: number;
  distanceMm: number;
}

/** A 70° horizontal field of view. */
export const cameras: Camera[] = [
  { name: '640_25cm', width: 640, height: 480, distanceMm: 250 },
  { name: '1280_40cm', width: 1280, height: 720, distanceMm: 400 },
];

/** Pixels per millimetre of badge: the frame's width over the width the lens sees at that distance. */
export function cameraPxPerMm(camera: Camera, fovDeg = 70): number {
  return camera.width / (2 * camera.distanceMm * Math.tan(((fovDeg / 2) * Math.PI) / 180));
}

interface Degradation {
  name: string;
  /** Applied to the resampled badge before it is set in the frame. */
  badge?: (w: number, h: number) => string[];
  /** Applied to the whole frame. */
  frame?: string[];
  jpeg?: number;
}

const rotate = () => ['-background', frameGrey, '-rotate', '12', '+repage'];
// The badge turned about 30° about its vertical axis: the far edge shorter, the badge narrower.
const perspective = (w: number, h: number) => [
  '-background', frameGrey, '-virtual-pixel', 'background', '+distort', 'Perspective',
  `0,0 0,0  ${w},0 ${0.87 * w},${0.07 * h}  ${w},${h} ${0.87 * w},${0.93 * h}  0,${h} 0,${h}`, '+repage',
];
const blur = ['-gaussian-blur', '0x0.8'];

export const degradations: Degradation[] = [
  { name: 'clean' },
  { name: 'blur_0.8px', frame: blur },
  { name: 'jpeg_q40', jpeg: 40 },
  { name: 'rotation_12deg', badge: rotate },
  { name: 'perspective', badge: perspective },
  { name: 'low_contrast', frame: ['+level', '30%,70%'] },
  { name: 'mild_blur_jpeg60', frame: blur, jpeg: 60 },
  { name: 'harsh_rotation_perspective_blur', badge: (w, h) => [...perspective(w, h), ...rotate()], frame: blur },
];

/** One webcam frame of a badge image (PNG at `badgePxPerMm`), as PNG or JPEG bytes. */
export function cameraFrame(badgePng: string, size: { width: number; height: number }, badgePxPerMm: number, camera: Camera, degradation: Degradation): Buffer {
  const scale = cameraPxPerMm(camera) / badgePxPerMm;
  const w = Math.round(size.width * scale);
  const h = Math.round(size.height * scale);
  const args = [
    badgePng, '-colorspace', 'Gray', '-filter', 'Box', '-resize', `${w}x${h}!`,
    ...(degradation.badge?.(w, h) ?? []),
    '(', '-size', `${camera.width}x${camera.height}`, `xc:${frameGrey}`, ')', '+swap', '-gravity', 'center', '-composite',
    ...(degradation.frame ?? []),
    ...(degradation.jpeg ? ['-quality', String(degradation.jpeg), 'jpg:-'] : ['-define', 'png:compression-level=1', 'png:-']),
  ];
  return execFileSync(convert, args, { maxBuffer: 64 * 1024 * 1024 });
}

export interface Badge {
  template: string;
  renderer: 'pdf203' | 'zpl203';
  /** The 203 dpi PNG, or the reason the badge could not be printed. */
  png: { file: string; width: number; height: number; pxPerMm: number } | { refused: string };
}

/** The badge of `code` on `template`, rendered at 203 dpi both ways, written into `dir`. */
export async function renderBadges(template: BadgeTemplate, code: string, label: string, dir: string): Promise<Badge[]> {
  const data = { ...sampleBadge, code };
  let layout;
  try {
    layout = layoutBadge(template, data, measureText);
  } catch (error) {
    const refused = { refused: (error as Error).message };
    return [
      { template: template.name, renderer: 'pdf203', png: refused },
      { template: template.name, renderer: 'zpl203', png: refused },
    ];
  }
  const base = join(dir, `${template.name}-${label}`);
  writeFileSync(`${base}.pdf`, await renderPdf(layout, template.title));
  execFileSync('pdftoppm', ['-r', '203', '-gray', '-png', '-singlefile', `${base}.pdf`, `${base}-pdf203`]);
  const pdfPx = 203 / 25.4;
  const pdf: Badge = {
    template: template.name,
    renderer: 'pdf203',
    png: { file: `${base}-pdf203.png`, width: Math.round(layout.widthMm * pdfPx), height: Math.round(layout.heightMm * pdfPx), pxPerMm: pdfPx },
  };
  let zpl: Badge;
  try {
    const { api } = await zplReady;
    const png = Buffer.from(await api.zplToBase64Async(renderZpl(layout, 203), layout.widthMm, layout.heightMm, 8), 'base64');
    writeFileSync(`${base}-zpl203.png`, png);
    zpl = { template: template.name, renderer: 'zpl203', png: { file: `${base}-zpl203.png`, width: png.readUInt32BE(16), height: png.readUInt32BE(20), pxPerMm: 8 } };
  } catch (error) {
    zpl = { template: template.name, renderer: 'zpl203', png: { refused: (error as Error).message } };
  }
  return [pdf, zpl];
}

export interface Outcome {
  template: string;
  renderer: string;
  camera: string;
  degradation: string;
  decoded: boolean;
}

/** Every camera and degradation of one badge; `decoded` when ZXing reads exactly `code`. */
export async function scanBadge(badge: Badge, code: string): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const camera of cameras) {
    for (const degradation of degradations) {
      let decoded = false;
      if (!('refused' in badge.png)) {
        const frame = cameraFrame(badge.png.file, badge.png, badge.png.pxPerMm, camera, degradation);
        decoded = (await zxingDecode(frame)).includes(code);
      }
      outcomes.push({ template: badge.template, renderer: badge.renderer, camera: camera.name, degradation: degradation.name, decoded });
    }
  }
  return outcomes;
}
