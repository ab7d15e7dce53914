/**
 * The camera's QR decoder: ZXing-C++ compiled to WebAssembly (zxing-wasm), in a Web Worker so a
 * decode never holds up the page. QR only. The wasm is a file of this build, fetched from our own
 * origin (the host or app://) as application/wasm; nothing is loaded from a CDN.
 */
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

export interface DecodeRequest {
  id: number;
  width: number;
  height: number;
  /** RGBA pixels (transferred). */
  pixels: ArrayBuffer;
  /** ZXing's thorough mode: slower, reads tilted, blurred and small codes too. */
  tryHarder: boolean;
}

export interface DecodeReply {
  id: number;
  texts: string[];
  error?: string;
}

prepareZXingModule({
  overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? new URL(wasmUrl, self.location.href).href : prefix + path) },
});

const scope = self as unknown as { onmessage: ((event: MessageEvent<DecodeRequest>) => void) | null; postMessage(reply: DecodeReply): void };

scope.onmessage = (event) => {
  const { id, width, height, pixels, tryHarder } = event.data;
  readBarcodes(new ImageData(new Uint8ClampedArray(pixels), width, height), { formats: ['QRCode'], tryHarder, maxNumberOfSymbols: 1 })
    .then((results) => scope.postMessage({ id, texts: results.filter((r) => r.isValid).map((r) => r.text) }))
    .catch((error: unknown) => scope.postMessage({ id, texts: [], error: error instanceof Error ? error.message : String(error) }));
};
