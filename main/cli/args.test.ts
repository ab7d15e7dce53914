import { describe, expect, it } from 'vitest';
import { intFlag, listFlag, parseArgs, stringFlag, UsageError } from './args';

describe('parseArgs', () => {
  const spec = { kiosk: 'string', exit: 'boolean', map: 'list', port: 'string' } as const;

  it('reads positionals, global and command flags in any order', () => {
    const args = parseArgs(['CODE-1', '--data', '/tmp/d', '--exit', '--kiosk=k1', '--json'], spec);
    expect(args.positionals).toEqual(['CODE-1']);
    expect(stringFlag(args, 'data')).toBe('/tmp/d');
    expect(stringFlag(args, 'kiosk')).toBe('k1');
    expect(args.flags.exit).toBe(true);
    expect(args.flags.json).toBe(true);
  });

  it('collects repeated list flags', () => {
    const args = parseArgs(['--map', 'Barcode=code', '--map', 'Full Name=name'], spec);
    expect(listFlag(args, 'map')).toEqual(['Barcode=code', 'Full Name=name']);
  });

  it('rejects typos, missing values and repeated single flags instead of guessing', () => {
    expect(() => parseArgs(['--exti'], spec)).toThrow(UsageError);
    expect(() => parseArgs(['--kiosk'], spec)).toThrow(/needs a value/);
    expect(() => parseArgs(['--kiosk', 'a', '--kiosk', 'b'], spec)).toThrow(/twice/);
    expect(() => parseArgs(['--exit=yes'], spec)).toThrow(/takes no value/);
  });

  it('validates whole numbers in range', () => {
    expect(intFlag(parseArgs(['--port', '0'], spec), 'port', { min: 0, max: 65535 })).toBe(0);
    expect(() => intFlag(parseArgs(['--port', '12x'], spec), 'port', { min: 0, max: 65535 })).toThrow(/whole number/);
    expect(() => intFlag(parseArgs(['--port', '70000'], spec), 'port', { min: 0, max: 65535 })).toThrow(/between/);
  });

  it('treats everything after -- as positional', () => {
    expect(parseArgs(['--', '--not-a-flag'], spec).positionals).toEqual(['--not-a-flag']);
  });
});
