import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVirtualPrinter, fileNameFor } from './virtual.js';
import { PortError } from './port.js';
import { renderTicket, renderTicketText, type PrinterProfile } from '../render/ticket.js';
import { sampleTicket } from '../test-support/fixtures.js';

const profile: PrinterProfile = { widthDots: 576, codePage: 'cp858' };

async function withTempDir(fn: (dir: string) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), 'entre-virtual-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('writes the exact bytes to <jobId>.bin and a readable preview to <jobId>.txt', () =>
  withTempDir(async (root) => {
    const dir = join(root, 'nested', 'prints'); // created on open
    const printer = createVirtualPrinter({ dir });
    await printer.open();
    const ticket = sampleTicket();
    const bytes = renderTicket(ticket, profile);
    assert.equal(await printer.hasPrinted('job-1'), false);
    await printer.write(bytes, { jobId: 'job-1', preview: renderTicketText(ticket, profile) });

    assert.deepEqual(await readFile(join(dir, 'job-1.bin')), bytes);
    const txt = await readFile(join(dir, 'job-1.txt'), 'utf8');
    assert.match(txt, /Äldreomsorg/);
    assert.match(txt, /A001/);
    assert.deepEqual((await readdir(dir)).sort(), ['job-1.bin', 'job-1.txt'], 'no temp files left behind');
    assert.equal(await printer.hasPrinted('job-1'), true);
    assert.deepEqual(await printer.readStatus(), { online: true, paper: 'ok', coverOpen: false, errors: [] });
    await printer.close();
  }));

test('a simulated paper-out fails the write with a typed error and writes nothing', () =>
  withTempDir(async (dir) => {
    const printer = createVirtualPrinter({ dir });
    await printer.open();
    printer.simulateFault({ paper: 'out' });
    assert.equal((await printer.readStatus()).paper, 'out');
    await assert.rejects(printer.write(Buffer.from([0x1b, 0x40]), { jobId: 'job-2', preview: '' }), (err: unknown) => {
      assert.ok(err instanceof PortError);
      assert.equal(err.code, 'ENTRE_PRINTER_PAPER_OUT');
      assert.equal(err.reason, 'paper_out');
      return true;
    });
    assert.deepEqual(await readdir(dir), []);
    printer.clearFault();
    await printer.write(Buffer.from([0x1b, 0x40]), { jobId: 'job-2', preview: '' });
    assert.equal(await printer.hasPrinted('job-2'), true);
  }));

test('a failed write leaves neither a torn .bin nor a temp file', () =>
  withTempDir(async (dir) => {
    const printer = createVirtualPrinter({ dir });
    await printer.open();
    // A directory where the .bin should go makes the final rename fail after the data was written.
    await mkdir(join(dir, 'job-3.bin'));
    await assert.rejects(printer.write(Buffer.alloc(4096, 0x41), { jobId: 'job-3', preview: 'x' }), (err: unknown) => err instanceof PortError && err.code === 'ENTRE_PRINTER_WRITE_FAILED');
    const left = await readdir(dir);
    assert.equal(left.filter((f) => f.endsWith('.tmp')).length, 0, `temp files left: ${left.join(', ')}`);
    assert.equal(await printer.hasPrinted('job-3'), false, 'a directory is not a printed job');
  }));

test('file names are sanitized and distinct ids never share a file', () =>
  withTempDir(async (dir) => {
    assert.equal(fileNameFor('7f3c-01_A.b'), '7f3c-01_A.b');
    const evil = fileNameFor('../../etc/passwd');
    assert.match(evil, /^[A-Za-z0-9_-]+$/);
    assert.notEqual(fileNameFor('a/b'), fileNameFor('a_b'));
    assert.notEqual(fileNameFor('a/b'), fileNameFor('a?b'));
    const printer = createVirtualPrinter({ dir });
    await printer.open();
    await printer.write(Buffer.from('x'), { jobId: '../escape', preview: '' });
    const files = await readdir(dir);
    assert.equal(files.length, 2);
    assert.ok(files.every((f) => !f.includes('/') && !f.startsWith('.')));
    assert.equal(await printer.hasPrinted('../escape'), true);
    assert.equal(await printer.hasPrinted('.._escape'), false);
  }));
