import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topics, parseTopic } from './topics.js';

test('topic builders follow the DESIGN §5 tree and parse back', () => {
  assert.equal(topics.calls('demo'), 'entre/v1/demo/calls');
  assert.equal(topics.zoneBoard('demo', 'lobby'), 'entre/v1/demo/zones/lobby/board');
  assert.equal(topics.printerJobs('demo', 'printer-1'), 'entre/v1/demo/printers/printer-1/jobs');
  assert.deepEqual(parseTopic(topics.printerResults('demo', 'p1')), { kind: 'printerResults', site: 'demo', id: 'p1' });
  assert.deepEqual(parseTopic('entre/v1/demo/calls'), { kind: 'calls', site: 'demo' });
  assert.equal(parseTopic('other/v1/demo/calls'), null);
  assert.equal(parseTopic('entre/v1/demo/printers/p1/bogus'), null);
});

test('ids that would break the topic tree are refused', () => {
  for (const bad of ['', 'a/b', '+', '#', 'A', 'x y']) {
    assert.throws(() => topics.printerJobs('demo', bad), /invalid printer id/);
  }
});
