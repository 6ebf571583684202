#!/usr/bin/env node
// Runs every test with node's own runner on the TypeScript sources (tsx, `source`
// export condition). Unit tests live beside their code; end-to-end tests in tests/.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const folders = ['protocol/src', 'web-common/src', 'server/src', 'firmware-bridge/src', 'kiosk/src', 'display/src', 'console/src', 'tests', 'bench/src'];
const filter = process.argv.slice(2);

function find(dir, out) {
  let entries;
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return out; }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) find(full, out);
    else if (e.name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out;
}

let files = folders.flatMap((f) => find(join(root, f), [])).sort();
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (!files.length) { console.error('no test files found'); process.exit(1); }

const res = spawnSync(process.execPath, [
  '--conditions=source', '--import', 'tsx',
  '--test', '--test-reporter=spec', '--test-concurrency=2', '--test-timeout=180000',
  ...files,
], { stdio: 'inherit', cwd: root, env: { ...process.env, NODE_ENV: 'test' } });
process.exit(res.status ?? 1);
