import { describe, expect, it } from 'vitest';
import type { PrinterInfo } from '../../status/status-store';
import { defaultPrinterForm, formFromPrinter, formKey, printerIdFrom, printerNamePattern } from './printer-form';

describe('setup printer form', () => {
  it('makes a valid printer name from what was typed, and keeps one that is valid already', () => {
    expect(printerIdFrom('Zebra foyer')).toBe('zebra-foyer');
    expect(printerIdFrom('  Drucker Empfang (2. OG) ')).toBe('drucker-empfang-2.-og');
    expect(printerIdFrom('Café')).toBe('cafe');
    expect(printerIdFrom('zebra_1.b')).toBe('zebra_1.b');
    expect(printerIdFrom('Office')).toBe('Office');
    expect(printerIdFrom(' ---')).toBe('');
    expect(printerIdFrom('!!')).toBe('');
    const long = printerIdFrom('a '.repeat(60));
    expect(long.length).toBeLessThanOrEqual(64);
    for (const name of ['Zebra foyer', '  Drucker Empfang (2. OG) ', 'Café', 'a '.repeat(60), '_x y']) expect(printerIdFrom(name)).toMatch(printerNamePattern);
  });

  it('fills the form from a configured printer, so an untouched form is the printer badges print on', () => {
    const info = (p: Partial<PrinterInfo>) => ({ name: 'x', kind: 'folder', language: 'pdf', target: '/d', source: 'config', isDefault: true, template: null, ...p }) as PrinterInfo;
    expect(formFromPrinter(info({ name: 'zebra', kind: 'tcp', language: 'escpos', target: 'tcp://10.0.0.5:9101' }))).toEqual({
      kind: 'tcp',
      form: { ...defaultPrinterForm, name: 'zebra', host: '10.0.0.5', port: '9101', language: 'escpos' },
    });
    expect(formFromPrinter(info({ name: 'office', kind: 'cups', target: 'cups:arrivals-pdf' }))?.form.queue).toBe('arrivals-pdf');
    expect(formFromPrinter(info({ name: 'proofs', target: '/data/proofs' }))?.form.dir).toBe('/data/proofs');
    expect(formFromPrinter(info({ name: 'pdf-folder', source: 'builtin' }))).toBeNull();
    const f = { ...defaultPrinterForm, name: 'zebra', host: '10.0.0.5' };
    expect(formKey('tcp', f)).toBe(formKey('tcp', { ...f, dir: 'elsewhere' }));
    expect(formKey('tcp', f)).not.toBe(formKey('tcp', { ...f, name: 'Zebra foyer' }));
  });
});
