/**
 * Base45 (RFC 9285): two bytes become three characters of the QR alphanumeric set
 * `0-9A-Z $%*+-./:`, so a QR code stores them in alphanumeric mode at 5.5 bits a character. The EU
 * digital COVID certificate uses it for the same reason.
 *
 * Decoding is strict, so no two texts decode to the same bytes: only the 45 characters, no length
 * of the form 3n+1, and no triple above 65535 or pair above 255.
 *
 * The last character of an encoding is never a space (a triple's last digit is at most 32, a
 * pair's at most 5, and space is digit 36), so trimming a scanned code cannot cut one short.
 */

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const alphabetIndex = new Map([...alphabet].map((char, i) => [char, i]));

export const base45Alphabet = alphabet;

export function base45Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const n = bytes[i]! * 256 + bytes[i + 1]!;
    out += alphabet[n % 45]! + alphabet[Math.floor(n / 45) % 45]! + alphabet[Math.floor(n / 2025)]!;
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1]!;
    out += alphabet[n % 45]! + alphabet[Math.floor(n / 45)]!;
  }
  return out;
}

export function base45Decode(text: string): Uint8Array | null {
  if (text.length % 3 === 1) return null;
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let at = 0;
  for (let i = 0; i < text.length; i += 3) {
    const c = alphabetIndex.get(text[i]!);
    const d = alphabetIndex.get(text[i + 1]!);
    if (c === undefined || d === undefined) return null;
    if (i + 2 < text.length) {
      const e = alphabetIndex.get(text[i + 2]!);
      if (e === undefined) return null;
      const n = c + d * 45 + e * 2025;
      if (n > 0xffff) return null;
      out[at++] = n >> 8;
      out[at++] = n & 0xff;
    } else {
      const n = c + d * 45;
      if (n > 0xff) return null;
      out[at++] = n;
    }
  }
  return out;
}
