/**
 * The OpenAPI document passes `@redocly/cli lint` with no error: when the CLI is installed in
 * node_modules (or named by REDOCLY_BIN) this runs it; either way it checks what that lint required of this document
 * (servers, an operationId on every operation, and every answer documented: a 2xx, the 4xx, 413 for
 * bodies, 429 everywhere). Engine-independent, so SQLite only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCloud } from './start';
import { startTestCloud } from './test/helpers';

const dir = mkdtempSync(join(tmpdir(), 'arrivals-openapi-'));
// REDOCLY_BIN: a redocly CLI elsewhere (e.g. from the npx cache) when node_modules has none.
const redocly = process.env.REDOCLY_BIN ?? join(import.meta.dirname, '..', 'node_modules', '.bin', 'redocly');

interface Operation {
  operationId?: string;
  summary?: string;
  requestBody?: unknown;
  responses: Record<string, { description?: string }>;
}

describe('the OpenAPI document', () => {
  let cloud: RunningCloud;
  let doc: { servers?: Array<{ url: string }>; paths: Record<string, Record<string, Operation>> };
  beforeAll(async () => {
    cloud = await startTestCloud(join(dir, 'cloud.db'));
    doc = (await cloud.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  });
  afterAll(async () => {
    await cloud?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const operations = () => Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, method, op })));

  it('names the server it is served from', () => {
    expect(doc.servers).toEqual([{ url: cloud.url }]);
  });

  it('gives every operation a unique operationId and a summary', () => {
    const ids = operations().map(({ name, op }) => {
      expect(op.operationId, name).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(op.summary, name).toBeTruthy();
      return op.operationId;
    });
    expect(ids.length).toBeGreaterThan(15);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents each answer: a 2xx, bad input, rate limiting, and too large for every body', () => {
    for (const { name, method, op } of operations()) {
      const codes = Object.keys(op.responses);
      expect(codes.some((c) => c.startsWith('2')), name).toBe(true);
      expect(codes, name).toEqual(expect.arrayContaining(['400', '429']));
      if (method === 'post' || method === 'patch') expect(codes, name).toEqual(expect.arrayContaining(['413', '415']));
      if (name.includes('{')) expect(codes, name).toContain('404');
      for (const [code, response] of Object.entries(op.responses)) expect(response.description, `${name} ${code}`).toBeTruthy();
    }
    const csvImport = doc.paths['/v1/events/{id}/attendees/csv']!.post!;
    expect(Object.keys((csvImport.requestBody as { content: object }).content)).toContain('text/csv');
  });

  it.skipIf(!existsSync(redocly))('passes redocly lint with no error', () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    // Exit status 1 means errors; warnings alone exit 0.
    execFileSync(redocly, ['lint', file], { stdio: 'pipe', encoding: 'utf8' });
  });
});
