import { describe, expect, it } from 'vitest';
import { base45Alphabet, base45Decode, base45Encode } from './base45';

const bytesOf = (text: string) => new TextEncoder().encode(text);

describe('base45 (RFC 9285)', () => {
  it('matches the RFC test vectors both ways', () => {
    const vectors: Array<[string, string]> = [
      ['AB', 'BB8'],
      ['Hello!!', '%69 VD92EX0'],
      ['base-45', 'UJCLQE7W581'],
      ['ietf!', 'QED8WEX0'],
      ['', ''],
    ];
    for (const [plain, encoded] of vectors) {
      expect(base45Encode(bytesOf(plain)), plain).toBe(encoded);
      expect(new TextDecoder().decode(base45Decode(encoded)!), encoded).toBe(plain);
    }
  });

  it('round-trips every length from 0 to 80 bytes, in the 45-character alphabet only', () => {
    for (let n = 0; n <= 80; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 151 + n * 7 + 255 * (i % 2)) & 0xff);
      const text = base45Encode(bytes);
      expect(text).toHaveLength(Math.floor(n / 2) * 3 + (n % 2) * 2);
      expect([...text].every((c) => base45Alphabet.includes(c))).toBe(true);
      expect(base45Decode(text)).toEqual(bytes);
    }
    expect(base45Alphabet).toHaveLength(45);
  });

  it('never ends an encoding with a space, so trimming a scanned code cannot shorten it', () => {
    const endingInSpace: number[] = [];
    for (let n = 0; n < 65_536; n++) if (base45Encode(Uint8Array.of(n >> 8, n & 0xff)).endsWith(' ')) endingInSpace.push(n);
    for (let n = 0; n < 256; n++) if (base45Encode(Uint8Array.of(0, 0, n)).endsWith(' ')) endingInSpace.push(n);
    expect(endingInSpace).toEqual([]);
    // A space inside is fine (and happens): "Hello!!" is "%69 VD92EX0".
  });

  it('refuses text no byte string encodes to: a length of 3n+1, foreign characters, a triple over 65535, a pair over 255', () => {
    expect(base45Decode('B')).toBeNull();
    expect(base45Decode('BB8B')).toBeNull();
    expect(base45Decode('bb8')).toBeNull(); // lowercase is not in the alphabet (readers uppercase first)
    expect(base45Decode('BB=')).toBeNull();
    expect(base45Decode('BBé')).toBeNull();
    expect(base45Decode('FGW')).toEqual(Uint8Array.of(0xff, 0xff)); // 65535, the largest triple
    expect(base45Decode('GGW')).toBeNull(); // 65536
    expect(base45Decode(':::')).toBeNull();
    expect(base45Decode('U5')).toEqual(Uint8Array.of(255)); // the largest pair
    expect(base45Decode('V5')).toBeNull(); // 256
  });
});
