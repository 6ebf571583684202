#!/usr/bin/env node
// Type-checks every workspace against the TypeScript sources (no emit).
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
let failed = 0;
for (const ws of ['protocol', 'web-common', 'server', 'firmware-bridge', 'kiosk', 'display', 'console', 'tests', 'bench']) {
  const res = spawnSync(process.execPath, [tsc, '-p', join(root, ws, 'tsconfig.json'), '--noEmit'], { stdio: 'inherit' });
  if (res.status !== 0) { console.error(`typecheck: ${ws} failed`); failed++; }
}
process.exit(failed ? 1 : 0);
