#!/usr/bin/env node
// Builds every part in dependency order: protocol → server, bridge (tsc) → apps (vite).
// `--if-stale` skips a part whose output is newer than all of its inputs, so `npm start`
// and `npm test` stay quick after the first build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const ifStale = process.argv.includes('--if-stale');

const parts = [
  { name: 'protocol', kind: 'tsc', inputs: ['protocol'] },
  { name: 'server', kind: 'tsc', inputs: ['protocol', 'server'] },
  { name: 'firmware-bridge', kind: 'tsc', inputs: ['protocol', 'firmware-bridge'] },
  { name: 'kiosk', kind: 'vite', inputs: ['protocol', 'web-common', 'kiosk', 'scripts/vite.shared.mjs'] },
  { name: 'display', kind: 'vite', inputs: ['protocol', 'web-common', 'display', 'scripts/vite.shared.mjs'] },
  { name: 'console', kind: 'vite', inputs: ['protocol', 'web-common', 'console', 'scripts/vite.shared.mjs'] },
];

function newest(path) {
  const full = join(root, path);
  if (!existsSync(full)) return 0;
  const st = statSync(full);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    if (entry.isFile() && entry.name.endsWith('.test.ts')) continue;
    max = Math.max(max, newest(join(path, entry.name)));
  }
  return max;
}

const stampOf = (part) => join(root, part.name, 'dist', '.built');

let failed = false;
for (const part of parts) {
  const stamp = stampOf(part);
  if (ifStale && existsSync(stamp)) {
    const built = statSync(stamp).mtimeMs;
    if (Math.max(...part.inputs.map(newest), statSync(join(root, 'package-lock.json')).mtimeMs) <= built) continue;
  }
  const started = Date.now();
  const args = part.kind === 'tsc'
    ? [require.resolve('typescript/bin/tsc'), '-p', join(root, part.name, 'tsconfig.build.json')]
    : [join(root, 'scripts', 'vite-build.mjs'), join(root, part.name)];
  const res = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
  if (res.status !== 0) {
    console.error(`build: ${part.name} failed`);
    failed = true;
    break;
  }
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, new Date().toISOString());
  console.log(`build: ${part.name} in ${Date.now() - started} ms`);
}
process.exit(failed ? 1 : 0);
