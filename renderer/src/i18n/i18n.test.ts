import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { de as deskDe } from './de';
import { en as deskEn } from './en';
import { extraDe, extraEn } from './extra';
import { pickLanguage } from './index';

const en = { ...deskEn, ...extraEn };
const de = { ...deskDe, ...extraDe };

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v as object, `${prefix}${k}.`)));
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('i18n', () => {
  it('German has every English key, and no string is left empty', () => {
    expect(keys(de).sort()).toEqual(keys(en).sort());
    const values = (m: object): string[] => Object.values(m).flatMap((v) => (typeof v === 'string' ? [v] : values(v as object)));
    expect(values(de).filter((v) => !v.trim())).toEqual([]);
  });

  it('every literal key the renderer asks for exists', () => {
    // A plural key (x_one, x_other) is asked for as x.
    const known = new Set(keys(en).map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')));
    const asked = sources(join(import.meta.dirname, '..')).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z_.]+)'/g)].map((m) => m[1]!));
    expect(asked.length).toBeGreaterThan(50);
    expect(asked.filter((key) => !known.has(key))).toEqual([]);
  });

  it('follows the system language (de-AT is German), a stored choice wins, anything else is English', () => {
    expect(pickLanguage(['de-AT', 'en'])).toBe('de');
    expect(pickLanguage(['fr-FR', 'de'])).toBe('de');
    expect(pickLanguage(['fr-FR'])).toBe('en');
    expect(pickLanguage(['de-DE'], 'en')).toBe('en');
    expect(pickLanguage(['en'], 'xx')).toBe('en');
  });
});
