/**
 * The camera: a picker that remembers its choice, a live preview, continuous scanning, a torch
 * toggle where the camera has one, and a clear message when access is refused or there is no
 * camera. The camera code (@zxing/browser, the decoder worker) loads when the camera starts.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CameraProblem, CameraSession } from '../scanner/camera';

type CameraModule = typeof import('../scanner/camera');

export function CameraPanel({
  onCode,
  autoStart,
  onProblem,
}: {
  onCode(text: string, frameAt: number): void;
  autoStart?: boolean;
  /** Told the camera's problem (no camera, access refused, failed) or null when it works again. */
  onProblem?(problem: CameraProblem | null): void;
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const session = useRef<CameraSession | null>(null);
  const module = useRef<CameraModule | null>(null);
  const codeRef = useRef(onCode);
  codeRef.current = onCode;
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [deviceId, setDeviceId] = useState<string>('');
  const [running, setRunning] = useState(false);
  const [torch, setTorch] = useState<{ available: boolean; on: boolean }>({ available: false, on: false });
  const [problem, setProblem] = useState<{ kind: CameraProblem; message: string } | null>(null);
  const problemRef = useRef(onProblem);
  problemRef.current = onProblem;
  useEffect(() => problemRef.current?.(problem?.kind ?? null), [problem]);

  const stop = useCallback(() => {
    session.current?.stop();
    session.current = null;
    setRunning(false);
    setTorch({ available: false, on: false });
  }, []);

  const start = useCallback(
    async (id?: string) => {
      stop();
      setProblem(null);
      try {
        module.current ??= await import('../scanner/camera');
        const started = await module.current.startCamera(video.current!, (text, at) => codeRef.current(text, at), id || undefined);
        session.current = started;
        setDeviceId(started.deviceId);
        setRunning(true);
        setTorch({ available: started.torch, on: false });
        const list = await module.current.listCameras();
        setDevices(list);
        if (list.length === 0) setProblem({ kind: 'none', message: '' });
      } catch (error) {
        const kind = (error as { problem?: CameraProblem }).problem ?? 'failed';
        setProblem({ kind, message: (error as Error).message });
      }
    },
    [stop],
  );

  useEffect(() => stop, [stop]);
  // The self-service kiosk's camera runs from the start (issue 14); the desk's waits for a press.
  useEffect(() => {
    if (!autoStart) return;
    void start();
    return stop;
  }, [autoStart, start, stop]);

  return (
    <section className="camera" aria-label={t('camera.title')} data-testid="camera-panel">
      <div className="camera-controls">
        {running ? (
          <button type="button" onClick={stop} data-testid="camera-stop">
            {t('camera.stop')}
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void start(deviceId)} data-testid="camera-start">
            {t('camera.start')}
          </button>
        )}
        {devices.length > 1 && (
          <label>
            <span className="visually-hidden">{t('camera.device')}</span>
            <select value={deviceId} onChange={(e) => void start(e.target.value)} data-testid="camera-device">
              {devices.map((d, i) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label || `${t('camera.device')} ${i + 1}`}
                </option>
              ))}
            </select>
          </label>
        )}
        {torch.available && (
          <button
            type="button"
            aria-pressed={torch.on}
            onClick={() => {
              const on = !torch.on;
              void session.current?.setTorch(on).then(() => setTorch({ available: true, on }));
            }}
          >
            {torch.on ? t('camera.torchOff') : t('camera.torchOn')}
          </button>
        )}
      </div>
      <video ref={video} className={running ? 'preview' : 'preview hidden'} aria-label={t('camera.preview')} muted playsInline data-testid="camera-preview" />
      {running && <p className="muted">{t('camera.scanning')}</p>}
      {problem && (
        <p role="alert" className="form-error" data-testid="camera-problem" data-problem={problem.kind}>
          {problem.kind === 'denied' ? t('camera.denied') : problem.kind === 'none' ? t('camera.none') : t('camera.failed', { message: problem.message })}
        </p>
      )}
    </section>
  );
}
