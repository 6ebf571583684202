import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertConditions, reconcileAlerts, type PrinterCondition } from './alerts.js';

const printer = (over: Partial<PrinterCondition> = {}): PrinterCondition =>
  ({ id: 'printer-1', online: true, paper: 'ok', coverOpen: false, reported: true, ...over });

test('paper near its end or out, an open cover, an offline printer or device each need someone', () => {
  assert.deepEqual(alertConditions([printer()], [{ id: 'lobby-1', state: 'online' }]), []);
  assert.deepEqual(alertConditions([printer({ paper: 'near_end' })], []), [{ kind: 'paper_near_end', subject: 'printer-1' }]);
  assert.deepEqual(alertConditions([printer({ paper: 'out', coverOpen: true })], []),
    [{ kind: 'paper_out', subject: 'printer-1' }, { kind: 'cover_open', subject: 'printer-1' }]);
  assert.deepEqual(alertConditions([printer({ online: false, paper: 'unknown' })], [{ id: 'bridge-1', state: 'offline' }]),
    [{ kind: 'printer_offline', subject: 'printer-1' }, { kind: 'device_offline', subject: 'bridge-1' }]);
  // A real printer out of paper answers DLE EOT as offline (ESCPOS.md A1): the cause is what to act on.
  assert.deepEqual(alertConditions([printer({ online: false, paper: 'out' })], []), [{ kind: 'paper_out', subject: 'printer-1' }]);
  assert.deepEqual(alertConditions([printer({ online: false, coverOpen: true })], []), [{ kind: 'cover_open', subject: 'printer-1' }]);
  assert.deepEqual(alertConditions([printer({ online: false, paper: 'unknown', reported: false })], []), [], 'never reported: no alarm');
});

test('reconciling raises what is new once, clears what is gone, and keeps what still holds', () => {
  const open = [{ id: 'a1', kind: 'paper_near_end' as const, subject: 'printer-1' }, { id: 'a2', kind: 'device_offline' as const, subject: 'lobby-1' }];
  const r = reconcileAlerts(open, [
    { kind: 'paper_out', subject: 'printer-1' }, { kind: 'paper_out', subject: 'printer-1' }, { kind: 'device_offline', subject: 'lobby-1' },
  ]);
  assert.deepEqual(r.raise, [{ kind: 'paper_out', subject: 'printer-1' }]);
  assert.deepEqual(r.clear.map((a) => a.id), ['a1']);
});
