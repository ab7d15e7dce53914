import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// base './' so the same build loads from the Electron app:// protocol and from the browser host.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: false, sourcemap: true },
});
