/**
 * Bytes of an attendee list → text. Exports arrive as UTF-8 (with or without a BOM), as
 * Windows-1252 from Excel on European Windows, or occasionally as UTF-16 ("Unicode text"). Invalid
 * UTF-8 is read as Windows-1252; anything that is neither is refused rather than imported as
 * mojibake, because a garbled name is worse at the door than a clear error at import time.
 */
import iconv from 'iconv-lite';
import { ArrivalsError } from '../../contract/errors';

export type TextEncodingName = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

// Bytes that Windows-1252 leaves undefined: a file containing them is not cp1252 either.
const cp1252Undefined = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

export function decodeAttendeeFile(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = strictUtf8(bytes.subarray(3));
    if (text === null) throw encodingError('starts with a UTF-8 byte-order mark but is not valid UTF-8');
    return { text, encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16le'), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(Buffer.from(bytes.subarray(2)), 'utf-16be'), encoding: 'utf-16be' };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new ArrivalsError('bad_input', 'the file is an XLSX/ZIP archive, not CSV: save it from the spreadsheet as "CSV UTF-8" and import that');
  }
  if (bytes.subarray(0, 4096).includes(0)) {
    throw encodingError('contains NUL bytes: it is binary, or UTF-16 without a byte-order mark');
  }
  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  const bad = bytes.findIndex((b) => cp1252Undefined.has(b));
  if (bad !== -1) throw encodingError(`is neither UTF-8 nor Windows-1252 (byte 0x${bytes[bad]!.toString(16)} at offset ${bad})`);
  return { text: iconv.decode(Buffer.from(bytes), 'win1252'), encoding: 'windows-1252' };
}

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function encodingError(what: string): ArrivalsError {
  return new ArrivalsError('bad_input', `the file ${what}; save it as "CSV UTF-8" and import it again`);
}
