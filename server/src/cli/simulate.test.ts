import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from './simulate.js';

async function run(...argv: string[]) {
  const out: string[] = [], err: string[] = [];
  const code = await main(argv, { env: {}, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('--dry-run prints the plan per hour without a server, the same for the same seed', async () => {
  const a = await run('--profile', 'orebro-day', '--dry-run', '--seed', '42');
  assert.equal(a.code, 0, a.err);
  assert.match(a.out, /^Plan orebro-day, seed 42: \d+ contacts 07:00–17:00/);
  assert.match(a.out, /\n09:00–10:00 /);
  assert.equal((await run('--profile', 'orebro-day', '--dry-run', '--seed', '42')).out, a.out);
  const short = await run('--profile', 'orebro-day', '--dry-run', '--minutes', '90');
  assert.match(short.out, /07:00–08:30/);
});

test('usage mistakes exit 2 with a reason; a remote server needs --allow-remote', async () => {
  assert.match((await run('--profile', 'nope')).err, /unknown profile "nope"/);
  assert.equal((await run()).code, 2);
  assert.equal((await run('--profile', 'small', '--speed', '0', '--dry-run')).code, 2);
  assert.equal((await run('--profile', 'small', '--bogus')).code, 2);
  const remote = await run('--profile', 'small', '--url', 'http://example.org:8080');
  assert.equal(remote.code, 2);
  assert.match(remote.err, /--allow-remote/);
  assert.equal((await run('--help')).code, 0);
});
