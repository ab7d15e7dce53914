/**
 * The camera scanner: @zxing/browser runs the camera (the device list, the stream on the preview
 * <video>, the torch where the track has one), and every frame goes to the zxing-wasm decoder in
 * its worker, one frame at a time, for as long as the camera runs. The chosen camera is remembered
 * on this machine. Loaded only when the camera is started (dynamic import), so the desk starts
 * without @zxing's code.
 */
import { BrowserCodeReader } from '@zxing/browser';
import { QrDecoder } from './decoder';

export type CameraProblem = 'denied' | 'none' | 'failed';

export class CameraError extends Error {
  constructor(
    readonly problem: CameraProblem,
    message: string,
  ) {
    super(message);
  }
}

const storageKey = 'arrivals.camera';

export function rememberedCamera(): string | undefined {
  try {
    return globalThis.localStorage?.getItem(storageKey) ?? undefined;
  } catch {
    return undefined;
  }
}

export function rememberCamera(deviceId: string): void {
  try {
    globalThis.localStorage?.setItem(storageKey, deviceId);
  } catch {
    // not remembered on a kiosk without storage
  }
}

export async function listCameras(): Promise<MediaDeviceInfo[]> {
  return BrowserCodeReader.listVideoInputDevices();
}

export interface CameraSession {
  deviceId: string;
  torch: boolean;
  setTorch(on: boolean): Promise<void>;
  stop(): void;
}

/**
 * Starts `deviceId` (or the remembered camera, or the first) on `video` and calls `onCode` for
 * every QR text decoded; `frameAt` is the performance.now() at which that frame was taken.
 */
export async function startCamera(video: HTMLVideoElement, onCode: (text: string, frameAt: number) => void, deviceId?: string): Promise<CameraSession> {
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraError('none', 'no camera API in this browser');
  const wanted = deviceId ?? rememberedCamera();
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: wanted ? { deviceId: { ideal: wanted } } : { facingMode: 'environment' }, audio: false });
  } catch (error) {
    const name = (error as DOMException).name;
    if (name === 'NotAllowedError' || name === 'SecurityError') throw new CameraError('denied', (error as Error).message);
    if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') throw new CameraError('none', (error as Error).message);
    throw new CameraError('failed', (error as Error).message);
  }
  const track = stream.getVideoTracks()[0];
  const actualId = track?.getSettings().deviceId ?? wanted ?? '';
  if (actualId) rememberCamera(actualId);
  BrowserCodeReader.addVideoSource(video, stream);
  video.muted = true;
  video.playsInline = true;
  await video.play().catch(() => undefined);

  const decoder = new QrDecoder();
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  let running = true;
  let busy = false;
  // A frame that arrived while the decoder was busy: taken the moment it is free, not at the next frame.
  let waiting = false;
  let frames = 0;

  const grab = () => {
    if (video.readyState < 2 || video.videoWidth === 0) return;
    busy = true;
    const frameAt = performance.now();
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    context.drawImage(video, 0, 0);
    const frame = context.getImageData(0, 0, canvas.width, canvas.height);
    // Every other frame is decoded the thorough way (tilted, blurred, small codes); the others fast.
    void decoder.decode(frame, frames++ % 2 === 0).then((texts) => {
      busy = false;
      if (!running) return;
      for (const text of texts) onCode(text, frameAt);
      if (waiting) {
        waiting = false;
        grab();
      }
    });
  };
  const onFrame = () => {
    if (!running) return;
    schedule();
    if (busy) waiting = true;
    else grab();
  };
  const schedule = () => {
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(onFrame);
    else setTimeout(onFrame, 40);
  };
  schedule();

  return {
    deviceId: actualId,
    torch: track ? BrowserCodeReader.mediaStreamIsTorchCompatibleTrack(track) : false,
    async setTorch(on) {
      if (track) await BrowserCodeReader.mediaStreamSetTorch(track, on);
    },
    stop() {
      running = false;
      decoder.close();
      for (const t of stream.getTracks()) t.stop();
      BrowserCodeReader.cleanVideoSource(video);
    },
  };
}
