import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startFlags } from './load-bench.js';

const root = (path: string) => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8');

test('the load bench runs the server with the node flags npm start gives it, and so does docker compose', () => {
  const flags = startFlags();
  for (const flag of ['--max-semi-space-size=2', '--heap-growing-percent=50']) assert.ok(flags.includes(flag), `npm start's flags: ${flags.join(' ')}`);
  const command = /^\s{2}server:[\s\S]*?^\s+command: (\[.*\])$/m.exec(root('docker-compose.yml'));
  assert.ok(command, 'the compose file names the server command');
  assert.deepEqual(JSON.parse(command[1]!), ['node', ...flags, 'server/dist/main.js']);
});

test('the start script is read as it is written: flags between node and the entry point, none, or a clear error', () => {
  const pkg = (start: string) => JSON.stringify({ scripts: { start } });
  assert.deepEqual(startFlags(pkg('node scripts/build.mjs --if-stale && node --a=1 --b server/dist/main.js')), ['--a=1', '--b']);
  assert.deepEqual(startFlags(pkg('node server/dist/main.js')), []);
  assert.throws(() => startFlags(pkg('tsx server/src/main.ts')), /cannot find/);
});
