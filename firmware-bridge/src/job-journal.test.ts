import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJobJournal } from './job-journal.js';

test('printed jobs are remembered across a restart; a struck one is not; the file is compacted', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'entre-journal-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'state', 'bridge-1-printed-jobs.log');
  const first = createJobJournal(path, 3);
  first.intend('job-1');
  first.intend('job-2');
  first.strike('job-2'); // the write failed: may be printed later
  const again = createJobJournal(path, 3);
  assert.equal(again.has('job-1'), true);
  assert.equal(again.has('job-2'), false);
  for (let i = 3; i <= 9; i++) again.intend(`job-${i}`);
  const third = createJobJournal(path, 3);
  assert.deepEqual(['job-7', 'job-8', 'job-9'].map((id) => third.has(id)), [true, true, true]);
  assert.equal(third.has('job-1'), false, 'only the newest are kept');
  assert.ok(readFileSync(path, 'utf8').split('\n').filter(Boolean).length <= 2 * 3, 'compacted');
  assert.throws(() => third.intend('bad\nid'), /line break/);
});
