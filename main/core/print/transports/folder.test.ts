import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { nameSlug, writeToFolder } from './folder';

const dir = mkdtempSync(join(tmpdir(), 'arrivals-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('turns a guest name into a file name any file system and print server takes', () => {
  expect(nameSlug('Ana Lima')).toBe('ana-lima');
  expect(nameSlug('Jürgen Straße')).toBe('jurgen-strasse');
  expect(nameSlug('  Søren  Kierkegaard-Łukasz ')).toBe('soren-kierkegaard-lukasz');
  expect(nameSlug('Ana 🎉 Lima\u0007')).toBe('ana-lima');
  expect(nameSlug('../../etc/passwd')).toBe('etc-passwd');
  expect(nameSlug('Ωμέγα Ψ')).toBe('');
  expect(nameSlug('A'.repeat(100))).toHaveLength(40);
});

it('writes the badge under that name, and nothing half-written stays behind', () => {
  const file = writeToFolder(dir, 'ana-lima-1a2b3c4d', 'pdf', Buffer.from('%PDF-'));
  expect(file).toBe(join(dir, 'ana-lima-1a2b3c4d.pdf'));
  expect(readFileSync(file, 'utf8')).toBe('%PDF-');
  expect(readdirSync(dir)).toEqual(['ana-lima-1a2b3c4d.pdf']);
});
