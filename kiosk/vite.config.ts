import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { appConfig } from '../scripts/vite.shared.mjs';

const shared = appConfig('kiosk');

// Two pages from one app: the kiosk itself and the visitor's mobile ticket page (/t/<id>),
// which share the catalogs, fonts and pictograms.
export default defineConfig({
  ...shared,
  build: {
    ...shared.build,
    rollupOptions: {
      input: {
        kiosk: fileURLToPath(new URL('./index.html', import.meta.url)),
        mobile: fileURLToPath(new URL('./mobile.html', import.meta.url)),
      },
    },
  },
});
