/** The page's side of the decoder worker: one request per frame, answered with the QR texts found. */
import type { DecodeReply, DecodeRequest } from './decoder.worker';

export class QrDecoder {
  private readonly worker: Worker;
  private next = 1;
  private readonly pending = new Map<number, (texts: string[]) => void>();

  constructor() {
    this.worker = new Worker(new URL('./decoder.worker.ts', import.meta.url), { type: 'module', name: 'qr-decoder' });
    this.worker.onmessage = (event: MessageEvent<DecodeReply>) => {
      const done = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      done?.(event.data.texts);
    };
  }

  /** The QR texts in one RGBA frame; [] when none. The frame's buffer is handed to the worker. */
  decode(frame: ImageData, tryHarder = true): Promise<string[]> {
    const id = this.next++;
    const request: DecodeRequest = { id, width: frame.width, height: frame.height, pixels: frame.data.buffer as ArrayBuffer, tryHarder };
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage(request, [request.pixels]);
    });
  }

  close(): void {
    this.worker.terminate();
    for (const done of this.pending.values()) done([]);
    this.pending.clear();
  }
}
