// The CLI starts fast because it loads only what a command needs (bench: npm run bench:cli). That
// rests on the import graph of the bundle, which one careless static import would undo; so build
// the CLI exactly as scripts/build.mjs does and check what each part loads before its first await.
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { cliBuildOptions } from './build.mjs';

const { metafile } = await build({ ...(cliBuildOptions('out/cli') as object), write: false, metafile: true, logLevel: 'silent' });

/** Everything loaded, before any dynamic import(), when `output` is: its bundled sources and the packages it imports. */
function staticClosure(meta: Metafile, output: string): { sources: string[]; packages: string[] } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const edge of meta.outputs[file]!.imports) {
      if (edge.kind !== 'import-statement') continue;
      if (edge.external) packages.add(edge.path.startsWith('@') ? edge.path.split('/').slice(0, 2).join('/') : edge.path.split('/')[0]!);
      else visit(edge.path);
    }
  };
  visit(output);
  const sources = [...seen].flatMap((file) => Object.keys(meta.outputs[file]!.inputs));
  return { sources, packages: [...packages].filter((p) => !p.startsWith('node:')) };
}

function outputWith(meta: Metafile, source: string): string {
  const found = Object.keys(meta.outputs).find((file) => file.endsWith('.js') && source in meta.outputs[file]!.inputs);
  if (!found) throw new Error(`no chunk holds ${source}`);
  return found;
}

const serverOnly = ['fastify', '@fastify/compress', '@fastify/rate-limit', '@fastify/swagger', 'kysely', 'pg', 'pino', 'ws'];
const renderers = ['pdfkit', 'node-thermal-printer', 'qrcode', 'iconv-lite', 'exceljs'];

describe('the CLI bundle', () => {
  it('loads no core, host, cloud, zod or other package for --help and usage errors', () => {
    const entry = staticClosure(metafile, 'out/cli/main.js');
    expect(entry.packages).toEqual([]);
    expect(entry.sources.filter((s) => /^(main\/core|main\/host|cloud)\/|node_modules\/zod\//.test(s))).toEqual([]);
  });

  it('opens a kiosk and checks a guest in without the cloud server, the browser host, the badge renderers or the list reader', () => {
    const core = staticClosure(metafile, outputWith(metafile, 'main/core/kiosk.ts'));
    expect(core.packages).toEqual(['better-sqlite3']);
    expect(core.sources.filter((s) => /^(main\/host|cloud)\//.test(s))).toEqual([]);
    for (const lazy of ['main/core/print/pdf.ts', 'main/core/print/escpos.ts', 'main/core/print/fonts.ts', 'main/core/print/qr.ts', 'common/node/import/decode.ts']) {
      expect(core.sources, lazy).not.toContain(lazy);
    }
    expect(core.packages.filter((p) => [...serverOnly, ...renderers].includes(p))).toEqual([]);
  });

  it('keeps each heavy part behind a dynamic import: the host, the cloud, each renderer', () => {
    const reached = (source: string) => staticClosure(metafile, outputWith(metafile, source)).packages;
    expect(reached('main/host/server.ts')).toContain('ws');
    expect(reached('cloud/start.ts')).toEqual(expect.arrayContaining(['fastify', 'kysely', 'pino']));
    expect(reached('main/core/print/pdf.ts')).toContain('pdfkit');
    expect(reached('main/core/print/escpos.ts')).toContain('node-thermal-printer');
    // The XLSX reader loads only when a list is an XLSX file: not with a CSV import, nor a dry run.
    const xlsxChunk = metafile.outputs[outputWith(metafile, 'common/node/import/xlsx.ts')]!;
    expect(xlsxChunk.imports.filter((e) => e.kind === 'dynamic-import' && e.external).map((e) => e.path)).toContain('exceljs');
    expect(reached('common/node/import/parse-attendees.ts')).not.toContain('exceljs');
    expect(reached('common/node/import/preview.ts')).not.toContain('exceljs');
    expect(reached('main/core/import/import-attendees.ts')).not.toContain('exceljs');
  });
});
