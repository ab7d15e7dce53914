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
 */
import { systemClock } from '../common/clock';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openKiosk } from '../main/core/kiosk';
import { PrintService } from '../main/core/print/service';
import { metric, percentile } from './metrics';

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
  // Signed-code-sized codes: "AR1:" + 200 base32 characters.
  const codes = Array.from({ length: 100 }, (_, i) => `AR1:${String(i).padStart(4, '0')}${'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.repeat(7).slice(0, 196)}`);
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
} finally {
  kiosk.close();
  rmSync(dir, { recursive: true, force: true });
}
