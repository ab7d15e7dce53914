import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The managers' console, served by the cloud at /console/ (cloud/routes/console-static.ts).
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [react()],
  build: { outDir: '../../dist/console', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 700 },
});
