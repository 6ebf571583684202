import { test } from 'node:test';
import assert from 'node:assert/strict';
import { covers, mayRead } from './topic-access.js';

test('a requested filter is covered only by an equal or wider allowed one', () => {
  assert.equal(covers('entre/v1/+/zones/+/board', 'entre/v1/demo/zones/lobby/board'), true);
  assert.equal(covers('entre/v1/+/zones/+/board', 'entre/v1/demo/zones/+/board'), true);
  assert.equal(covers('entre/v1/+/zones/+/board', 'entre/v1/demo/zones/#'), false, '# is wider than one level');
  assert.equal(covers('entre/v1/+/zones/+/board', 'entre/v1/demo/#'), false);
  assert.equal(covers('entre/v1/+/zones/+/board', 'entre/v1/demo/zones/lobby'), false, 'shorter is another topic');
  assert.equal(covers('entre/v1/+/zones/+/board', 'entre/v1/demo/zones/lobby/board/x'), false);
  assert.equal(covers('entre/v1/+/#', 'entre/v1/demo/printers/p1/jobs'), true);
  assert.equal(covers('entre/v1/+/#', 'entre/v1/#'), false, '# at a higher level is wider');
  assert.equal(covers('entre/v1/+/calls', 'entre/v1/+/calls'), true);
});

test('each role reads its own topics; a display (anonymous) only what a wall shows', () => {
  const anon = null;
  const counter = { roles: ['counter'] as const };
  const facility = { roles: ['facility'] as const };
  const admin = { roles: ['admin'] as const };
  assert.equal(mayRead(anon, 'entre/v1/demo/zones/lobby/board'), true);
  assert.equal(mayRead(anon, 'entre/v1/demo/calls'), true);
  assert.equal(mayRead(anon, 'entre/v1/demo/printers/printer-1/jobs'), false);
  assert.equal(mayRead(anon, 'entre/v1/demo/counters/disk-1/keypad'), false);
  assert.equal(mayRead(anon, '#'), false);
  assert.equal(mayRead(anon, '$SYS/#'), false);
  assert.equal(mayRead(counter, 'entre/v1/demo/printers/+/status'), false, 'printers are facility business');
  assert.equal(mayRead(counter, 'entre/v1/demo/devices/+/availability'), false);
  assert.equal(mayRead(facility, 'entre/v1/demo/printers/+/status'), true);
  assert.equal(mayRead(facility, 'entre/v1/demo/printers/+/jobs'), false, 'not the tickets themselves');
  assert.equal(mayRead(admin, 'entre/v1/demo/printers/+/jobs'), true);
  assert.equal(mayRead(admin, '$SYS/broker/uptime'), false);
});
