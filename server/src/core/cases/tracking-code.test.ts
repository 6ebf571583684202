import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CODE_ALPHABET, CODE_LENGTH, RANDOM_BITS, RANDOM_BYTES, format, generate, normalize } from './tracking-code.js';

/** Deterministic bytes (xorshift32), so a failing sample can be replayed. */
function bytesFrom(seed: number) {
  let x = seed >>> 0 || 1;
  return (n: number) => Uint8Array.from({ length: n }, () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x & 0xff;
  });
}

const sample = (n: number, seed = 42) => {
  const next = bytesFrom(seed);
  return Array.from({ length: n }, () => generate(next(RANDOM_BYTES)));
};

test('a code is 10 random characters and a check character from the unambiguous alphabet', () => {
  assert.equal(CODE_ALPHABET.length, 32);
  assert.doesNotMatch(CODE_ALPHABET, /[ILOU]/);
  assert.ok(RANDOM_BITS >= 40, 'at least 40 random bits');
  for (const code of sample(200)) {
    assert.equal(code.length, CODE_LENGTH);
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{11}$/);
    assert.equal(normalize(code), code, 'a generated code passes its own check');
  }
});

test('every one of the 50 random bits reaches the code (no bit is dropped)', () => {
  const base = new Uint8Array(RANDOM_BYTES);
  const seen = new Set([generate(base).slice(0, 10)]);
  for (let bit = 0; bit < RANDOM_BITS; bit++) {
    const flipped = base.slice();
    flipped[bit >> 3]! ^= 0x80 >> (bit & 7);
    seen.add(generate(flipped).slice(0, 10));
  }
  assert.equal(seen.size, RANDOM_BITS + 1);
});

test('generate refuses too few random bytes rather than making a guessable code', () => {
  assert.throws(() => generate(new Uint8Array(RANDOM_BYTES - 1)), RangeError);
});

test('the check character catches every single-character substitution in a sample', () => {
  let tried = 0;
  for (const code of sample(300, 7)) {
    for (let i = 0; i < code.length; i++) {
      for (const c of CODE_ALPHABET) {
        if (c === code[i]) continue;
        const typo = code.slice(0, i) + c + code.slice(i + 1);
        assert.equal(normalize(typo), null, `${code} → ${typo}`);
        tried++;
      }
    }
  }
  assert.equal(tried, 300 * 11 * 31);
});

test('the check character catches every adjacent (and jump) transposition in a sample', () => {
  let tried = 0;
  for (const code of sample(1000, 11)) {
    for (const gap of [1, 2]) {
      for (let i = 0; i + gap < code.length; i++) {
        if (code[i] === code[i + gap]) continue;
        const chars = [...code];
        [chars[i], chars[i + gap]] = [chars[i + gap]!, chars[i]!];
        assert.equal(normalize(chars.join('')), null, `${code} swap ${i},${i + gap}`);
        tried++;
      }
    }
  }
  assert.ok(tried > 15_000);
});

test('input is normalised: case, spaces and dashes ignored; O, I and L read as 0, 1 and 1', () => {
  // A code with 0s and 1s in it, to exercise the look-alikes.
  const code = sample(2000, 3).find((c) => c.includes('0') && c.includes('1'))!;
  assert.ok(code);
  const printed = format(code);
  assert.match(printed, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}$/);
  assert.equal(normalize(printed), code);
  assert.equal(normalize(printed.toLowerCase()), code);
  assert.equal(normalize(` ${printed.replace(/-/g, ' ')} `), code);
  assert.equal(normalize(printed.replace(/-/g, '–')), code, 'an en dash from a phone keyboard');
  assert.equal(normalize(code.replace(/0/g, 'O')), code);
  assert.equal(normalize(code.replace(/1/g, 'I')), code);
  assert.equal(normalize(code.replace(/1/g, 'l')), code);
});

test('normalize refuses what cannot be a code', () => {
  const code = sample(1)[0]!;
  for (const bad of ['', code.slice(1), `${code}0`, `${code.slice(0, 10)}U`, `${code.slice(0, 10)}*`, 'x'.repeat(10_000), `${code.slice(0, 5)}ä${code.slice(6)}`]) {
    assert.equal(normalize(bad), null, JSON.stringify(bad.slice(0, 20)));
  }
  assert.throws(() => format('not a code'), RangeError);
});
