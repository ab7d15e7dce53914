// Fake-camera videos for Chromium (--use-file-for-fake-video-capture takes a .y4m), made with
// ffmpeg from an image: optionally blank (grey) for a while first, so the moment the code appears is
// known. Used by the desk's e2e (a rendered badge's QR) and by `npm run bench:ui` (the QR photos).
import { execFileSync } from 'node:child_process';

/**
 * Writes `out` (.y4m, yuv420p): `blankSeconds` of grey, then `image` for `codeSeconds`, scaled to fit
 * `width`×`height` (never enlarged unless `enlarge`) on grey, at `fps` frames a second.
 */
export function imageToY4m(image, out, { width = 640, height = 480, fps = 10, blankSeconds = 0, codeSeconds = 2, enlarge = true } = {}) {
  const fit = enlarge
    ? `scale=${width}:${height}:force_original_aspect_ratio=decrease`
    : `scale='min(${width},iw)':'min(${height},ih)':force_original_aspect_ratio=decrease`;
  const shown = `[1:v]${fit},pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:color=gray,setsar=1,fps=${fps},format=yuv420p[code]`;
  const args = ['-y', '-loglevel', 'error'];
  if (blankSeconds > 0) {
    args.push('-f', 'lavfi', '-i', `color=c=gray:s=${width}x${height}:d=${blankSeconds}:r=${fps}`);
  } else {
    args.push('-f', 'lavfi', '-i', `color=c=gray:s=${width}x${height}:d=0.1:r=${fps}`);
  }
  args.push('-loop', '1', '-t', String(codeSeconds), '-i', image);
  const blank = `[0:v]setsar=1,format=yuv420p${blankSeconds > 0 ? '' : ',trim=end_frame=0'}[blank]`;
  const graph = blankSeconds > 0 ? `${blank};${shown};[blank][code]concat=n=2:v=1:a=0[v]` : `${shown};[code]null[v]`;
  args.push('-filter_complex', graph, '-map', '[v]', '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', out);
  execFileSync('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return out;
}

/** Chromium flags that make `y4m` the camera and accept the permission prompt. */
export function fakeCameraArgs(y4m) {
  return ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${y4m}`];
}
