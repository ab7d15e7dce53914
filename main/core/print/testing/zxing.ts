/**
 * ZXing-C++ (zxing-wasm), the decoder the kiosk's camera uses, for tests and the webcam bench. Its
 * wasm is read from node_modules, never fetched from a CDN.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

let ready: Promise<unknown> | undefined;

function load(): Promise<unknown> {
  const file = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  const bytes = readFileSync(file);
  const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
}

/** The texts of the QR codes ZXing finds in an image (PNG or JPEG bytes); [] when none. */
export async function zxingDecode(image: Uint8Array): Promise<string[]> {
  ready ??= load();
  await ready;
  const results = await readBarcodes(new Blob([image]), { formats: ['QRCode'], tryHarder: true });
  return results.map((r) => r.text);
}
