// The one Vite setup the three apps share: Preact, our `source` export condition (so
// apps import protocol's TypeScript directly), and a base path under the server.
import preact from '@preact/preset-vite';
import { defaultClientConditions } from 'vite';

export function appConfig(name) {
  return {
    base: `/${name}/`,
    plugins: [preact()],
    resolve: {
      conditions: ['source', ...defaultClientConditions],
      // @preact/signals must hook into the very preact the app renders with.
      dedupe: ['preact', '@preact/signals'],
    },
    build: {
      outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true,
      // The MQTT client's browser build is ~350 kB; a device on the LAN loads it once.
      chunkSizeWarningLimit: 800,
    },
    server: { proxy: { '/api': 'http://127.0.0.1:8080', '/mqtt': { target: 'ws://127.0.0.1:8080', ws: true } } },
  };
}
