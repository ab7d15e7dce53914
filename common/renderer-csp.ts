/**
 * The renderer's Content-Security-Policy, one truth for both faces: renderer/index.html carries it
 * in its meta tag (a test keeps the two equal), and the browser host and Electron's app:// protocol
 * send it as a header with every file, so the camera decoder's worker (which a page's meta tag does
 * not cover) runs under it too. No remote code, no inline script, no eval; 'wasm-unsafe-eval' lets
 * the QR decoder (ZXing-C++ as WebAssembly, served locally) compile, and nothing else.
 */
export const rendererCsp = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
