import { test } from 'node:test';
import assert from 'node:assert/strict';
import { covers, mayRead, mayWrite, writableTopics } from './topic-access.js';

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

test('an enrolled display reads its own zone and config on its own site, and writes only its availability', () => {
  const display = { device: { kind: 'display' as const, id: 'lobby-1', site: 'demo', zone: 'lobby' } };
  assert.equal(mayRead(display, 'entre/v1/demo/zones/lobby/board'), true);
  assert.equal(mayRead(display, 'entre/v1/demo/displays/lobby-1/config'), true);
  assert.equal(mayRead(display, 'entre/v1/demo/calls'), true);
  assert.equal(mayRead(display, 'entre/v1/demo/zones/floor-2/board'), false, 'another zone');
  assert.equal(mayRead(display, 'entre/v1/demo/zones/+/board'), false, 'every zone');
  assert.equal(mayRead(display, 'entre/v1/demo/displays/lobby-2/config'), false, 'another display');
  assert.equal(mayRead(display, 'entre/v1/other/zones/lobby/board'), false, 'another site');
  assert.equal(mayRead(display, 'entre/v1/+/calls'), false, 'every site');
  assert.equal(mayRead(display, 'entre/v1/demo/printers/printer-1/jobs'), false);
  assert.equal(mayWrite(display.device, 'entre/v1/demo/devices/lobby-1/availability'), true);
  assert.equal(mayWrite(display.device, 'entre/v1/demo/calls'), false, 'a display never announces a call');
  assert.equal(mayWrite(display.device, 'entre/v1/demo/devices/bridge-1/availability'), false);
});

test('a bridge reads and writes only its own printers and counters; a kiosk nearly nothing', () => {
  const bridge = { kind: 'bridge' as const, id: 'bridge-1', site: 'demo', printers: ['printer-1'], counters: ['disk-1'] };
  assert.equal(mayRead({ device: bridge }, 'entre/v1/demo/printers/printer-1/jobs'), true);
  assert.equal(mayRead({ device: bridge }, 'entre/v1/demo/printers/printer-2/jobs'), false);
  assert.equal(mayRead({ device: bridge }, 'entre/v1/demo/printers/+/jobs'), false);
  assert.equal(mayRead({ device: bridge }, 'entre/v1/demo/calls'), true, 'for its counters\' LED signs');
  assert.equal(mayRead({ device: { ...bridge, counters: [] } }, 'entre/v1/demo/calls'), false, 'no signs, no calls');
  assert.equal(mayWrite(bridge, 'entre/v1/demo/printers/printer-1/results'), true);
  assert.equal(mayWrite(bridge, 'entre/v1/demo/printers/printer-1/status'), true);
  assert.equal(mayWrite(bridge, 'entre/v1/demo/printers/printer-2/status'), false);
  assert.equal(mayWrite(bridge, 'entre/v1/demo/counters/disk-1/keypad'), true);
  assert.equal(mayWrite(bridge, 'entre/v1/demo/counters/disk-2/keypad'), false);
  assert.equal(mayWrite(bridge, 'entre/v1/demo/printers/printer-1/jobs'), false, 'jobs come from the server');
  assert.equal(mayWrite(bridge, 'entre/v1/demo/printers/+/status'), false);
  const kiosk = { kind: 'kiosk' as const, id: 'kiosk-1', site: 'demo' };
  assert.equal(mayRead({ device: kiosk }, 'entre/v1/demo/queues/+/summary'), true);
  assert.equal(mayRead({ device: kiosk }, 'entre/v1/demo/calls'), false);
  assert.deepEqual(writableTopics(kiosk), ['entre/v1/demo/devices/kiosk-1/availability']);
});
