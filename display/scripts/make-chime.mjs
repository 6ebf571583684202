#!/usr/bin/env node
// Writes public/chime.wav: the display's call chime, a soft two-tone "ding-dong" (E5, then
// C5) made of a few bell-like partials with a quick attack and a long exponential decay.
// Deterministic, so re-running it reproduces the committed file byte for byte:
//   node display/scripts/make-chime.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RATE = 22_050;
const SECONDS = 1.7;
const PEAK = 0.7; // about −3 dBFS: loud enough, never clipping

/** Partials of a soft bell: [frequency ratio, amplitude, decay time constant in s]. */
const PARTIALS = [[1, 1, 0.55], [2, 0.35, 0.3], [3, 0.12, 0.18], [4.2, 0.05, 0.1]];
const NOTES = [{ freq: 659.25, start: 0 }, { freq: 523.25, start: 0.42 }];
const ATTACK = 0.006;

const n = Math.round(RATE * SECONDS);
const samples = new Float64Array(n);
for (const note of NOTES) {
  const from = Math.round(note.start * RATE);
  for (let i = from; i < n; i++) {
    const t = (i - from) / RATE;
    const attack = Math.min(1, t / ATTACK);
    let v = 0;
    for (const [ratio, amp, tau] of PARTIALS) v += amp * Math.exp(-t / tau) * Math.sin(2 * Math.PI * note.freq * ratio * t);
    samples[i] += attack * v;
  }
}
// Fade the last 50 ms to silence so the file ends without a click.
const fade = Math.round(0.05 * RATE);
for (let i = 0; i < fade; i++) samples[n - 1 - i] *= i / fade;
const max = samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

// RIFF/WAVE, PCM 16-bit mono.
const data = Buffer.alloc(n * 2);
for (let i = 0; i < n; i++) data.writeInt16LE(Math.round((samples[i] / max) * PEAK * 32767), i * 2);
const header = Buffer.alloc(44);
header.write('RIFF', 0, 'ascii');
header.writeUInt32LE(36 + data.length, 4);
header.write('WAVE', 8, 'ascii');
header.write('fmt ', 12, 'ascii');
header.writeUInt32LE(16, 16);       // fmt chunk size
header.writeUInt16LE(1, 20);        // PCM
header.writeUInt16LE(1, 22);        // mono
header.writeUInt32LE(RATE, 24);
header.writeUInt32LE(RATE * 2, 28); // byte rate
header.writeUInt16LE(2, 32);        // block align
header.writeUInt16LE(16, 34);       // bits per sample
header.write('data', 36, 'ascii');
header.writeUInt32LE(data.length, 40);

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'chime.wav');
writeFileSync(out, Buffer.concat([header, data]));
console.log(`wrote ${out} (${SECONDS} s, ${RATE} Hz, ${header.length + data.length} bytes)`);
