import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv-cells';

describe('csvCell', () => {
  it('quotes delimiters, quotes, newlines and edge spaces', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell(null)).toBe('');
  });

  it('keeps formula triggers as text with a leading apostrophe', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+49 170 1234')).toBe("'+49 170 1234");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=cmd')).toBe("'\t=cmd");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('Ada')).toBe('Ada');
  });

  it('ends a line with CRLF', () => {
    expect(csvLine(['a', 1, true, null])).toBe('a,1,true,\r\n');
  });
});
