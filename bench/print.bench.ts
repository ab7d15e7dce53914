/**
 * `npm run bench:print`: how long a badge takes from attendee to printer-ready bytes, one JSON
 * line per metric. Each sample goes through the real service path (print.json and templates read,
 * the attendee looked up in a real replica, layout, render), like a job in the print queue:
 *   badge_pdf_p95_ms     PDF (pdfkit, embedded DejaVu subsets), badge-4x3
 *   badge_escpos_p95_ms  ESC/POS for Epson, receipt-80mm
 *   badge_zpl_p95_ms     ZPL at 203 dpi, badge-4x3
 *   badge_html_p95_ms    the HTML page the desktop app prints to OS printers, badge-4x3 (what the
 *                        core does; Chromium's own layout and spooling come after, in Electron)
 *   badges_pdf_100_ms    100 different attendees' PDFs, one after the other
 * Target: a badge ready to send in ≤ 100 ms p95. Samples: 30 warm-up, then 200 per format.
 *
 * Then what a door webcam reads (bench/webcam.ts), signed and short codes side by side, each on
 * every template as PDF and ZPL at 203 dpi, 2 cameras × 8 degradations (128 frames a code):
 *   webcam_decode_rate_signed   share of frames ZXing reads, for the two longest codes the kiosk's
 *                               own signer issues in a demo replica (so a new code format is
 *                               measured as soon as the signer issues it)
 *   webcam_decode_rate_short    the same for two 16-character base32 random codes (80 bits)
 *   webcam_4x3_clean_640_25cm   1 if the signed codes on the 4×3 badge read clean at 640×480 and
 *                               25 cm, as PDF and as ZPL; else 0
 *   webcam_signed_code_chars, webcam_signed_qr_modules, webcam_signed_badges_refused (template ×
 *   renderer pairs whose layout refused a signed code as too long for the QR box; unread)
 * Targets: signed ≥ 0.9 × short, and the 4×3 badge reads clean at 640×480 and 25 cm. Each cell
 * (camera × degradation) is written to stderr.
 */
import { systemClock } from '../common/clock';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base32Encode } from '../common/ticket-code';
import { openKiosk } from '../main/core/kiosk';
import { qrMatrix } from '../main/core/print/qr';
import { PrintService } from '../main/core/print/service';
import { shippedTemplates } from '../main/core/print/templates';
import { metric, percentile } from './metrics';
import { cameras, degradations, renderBadges, requireWebcamTools, scanBadge, type Outcome } from './webcam';

const samples = 200;
const warmUp = 30;

const names = [
  ['Zoë', 'Ångström-Papadopoulou', 'Σύνδεσμος Ltd'],
  ['Дмитрий', 'Иванов', 'ООО Ромашка'],
  ['Jean-Baptiste', 'Dupont-Aignan', 'Société Générale des Événements'],
  ['Ada', 'Lovelace', 'Analytical Engines'],
];

const dir = mkdtempSync(join(tmpdir(), 'arrivals-print-bench-'));
const kiosk = openKiosk({ dataDir: dir, face: 'cli' });
try {
  const db = kiosk.context.replica();
  const at = new Date().toISOString();
  db.prepare('INSERT INTO events (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run('bench', 'Arrivals Summit 2026', at, at);
  db.prepare('INSERT INTO ticket_types (event_id, name, color, updated_at) VALUES (?, ?, ?, ?)').run('bench', 'Speaker', '#c2410c', at);
  const insert = db.prepare(
    `INSERT INTO attendees (event_id, code, first_name, last_name, company, ticket_type, badge_fields, created_at, updated_at)
     VALUES ('bench', ?, ?, ?, ?, 'Speaker', ?, ?, ?)`,
  );
  // As long as the longest code a badge must print: 122 characters (QR version 5, 37 modules).
  const codes = Array.from({ length: 100 }, (_, i) => `AR1:${String(i).padStart(4, '0')}${'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.repeat(4).slice(0, 114)}`);
  codes.forEach((code, i) => {
    const [first, last, company] = names[i % names.length]!;
    insert.run(code, first, last, company, JSON.stringify({ Track: 'Security', Table: String(i) }), at, at);
  });
  const service = new PrintService({ dataDir: dir, bus: kiosk.bus, db: () => db, closers: [], background: false, clock: systemClock });

  async function timeFormat(format: Parameters<PrintService['render']>[2], template: string): Promise<number> {
    const times: number[] = [];
    for (let i = 0; i < warmUp + samples; i++) {
      const start = performance.now();
      await service.render(codes[i % codes.length]!, template, format);
      if (i >= warmUp) times.push(performance.now() - start);
    }
    return percentile(times, 95);
  }

  metric('badge_pdf_p95_ms', await timeFormat({ kind: 'pdf' }, 'badge-4x3'), 'ms');
  metric('badge_escpos_p95_ms', await timeFormat({ kind: 'escpos', model: 'epson' }, 'receipt-80mm'), 'ms');
  metric('badge_zpl_p95_ms', await timeFormat({ kind: 'zpl', dpi: 203 }, 'badge-4x3'), 'ms');
  metric('badge_html_p95_ms', await timeFormat({ kind: 'html' }, 'badge-4x3'), 'ms');
  const start = performance.now();
  for (const code of codes) await service.render(code, 'badge-4x3', { kind: 'pdf' });
  metric('badges_pdf_100_ms', performance.now() - start, 'ms');

  // The webcam: the kiosk's own signer issues the demo's codes; the two longest are measured, and
  // two random short codes beside them (two of each, so one unlucky symbol weighs less).
  requireWebcamTools();
  const demo = await kiosk.router.invoke('demo.create', { attendees: 30 });
  const signed = (db.prepare('SELECT code FROM attendees WHERE event_id = ? ORDER BY length(code) DESC, code LIMIT 2').all(demo.eventId) as Array<{ code: string }>).map((r) => r.code);
  const webcamCodes = { signed, short: [0, 1].map(() => base32Encode(randomBytes(10))) };
  const webcamDir = join(dir, 'webcam');
  mkdirSync(webcamDir);
  const outcomes: Record<'signed' | 'short', Outcome[]> = { signed: [], short: [] };
  let refused = 0;
  for (const template of shippedTemplates()) {
    for (const kind of ['signed', 'short'] as const) {
      for (const [i, code] of webcamCodes[kind].entries()) {
        for (const badge of await renderBadges(template, code, `${kind}${i}`, webcamDir)) {
          if ('refused' in badge.png && kind === 'signed') {
            refused++;
            if (i === 0) console.error(`${template.name} ${badge.renderer}: ${badge.png.refused}`);
          }
          outcomes[kind].push(...(await scanBadge(badge, code)));
        }
      }
    }
  }
  const rate = (list: Outcome[]) => list.filter((o) => o.decoded).length / list.length;
  for (const camera of cameras) {
    for (const degradation of degradations) {
      const cell = (list: Outcome[]) => {
        const inCell = list.filter((o) => o.camera === camera.name && o.degradation === degradation.name);
        return `${inCell.filter((o) => o.decoded).length}/${inCell.length}`;
      };
      console.error(`webcam ${camera.name} ${degradation.name}: signed ${cell(outcomes.signed)}, short ${cell(outcomes.short)}`);
    }
  }
  metric('webcam_decode_rate_signed', rate(outcomes.signed), 'ratio');
  metric('webcam_decode_rate_short', rate(outcomes.short), 'ratio');
  const fourByThree = outcomes.signed.filter((o) => o.template === 'badge-4x3' && o.camera === '640_25cm' && o.degradation === 'clean');
  metric('webcam_4x3_clean_640_25cm', fourByThree.every((o) => o.decoded) ? 1 : 0, 'pass');
  metric('webcam_signed_code_chars', signed[0]!.length, 'chars');
  metric('webcam_signed_qr_modules', qrMatrix(signed[0]!, 'M').size, 'modules');
  metric('webcam_signed_badges_refused', refused, 'badges');
} finally {
  kiosk.close();
  rmSync(dir, { recursive: true, force: true });
}
