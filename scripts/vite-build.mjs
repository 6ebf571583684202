// Builds one app folder with its own vite.config (kept as a script so build.mjs can run
// each app in a fresh process and stop at the first failure).
import { build } from 'vite';
const root = process.argv[2];
await build({ root, configFile: `${root}/vite.config.ts`, logLevel: 'warn' });
