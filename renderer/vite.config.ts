import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// base './' so the same build loads from the Electron app:// protocol and from the browser host.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  // The QR decoder's worker is an ES module (zxing-wasm locates its wasm from the worker's URL).
  worker: { format: 'es' },
  build: { outDir: '../dist/renderer', emptyOutDir: false, sourcemap: true },
});
