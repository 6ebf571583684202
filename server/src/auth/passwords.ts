/**
 * Password hashing with scrypt (node:crypto). The encoded form carries its own cost
 * parameters, `scrypt$N$r$p$saltB64$hashB64`, so raising the cost later keeps every
 * existing hash verifiable.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@entre/protocol';
import { EntreError } from '../core/errors.js';

export interface ScryptCost { N: number; r: number; p: number }

/** 2^15 × 8 × 128 B = 32 MiB and roughly 50–100 ms per hash on a server core. */
export const DEFAULT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 64;
const SALT_LENGTH = 16;
/** Verification refuses stored parameters beyond this, so a tampered row cannot eat the memory. */
const MAX_N = 2 ** 20;

export interface PasswordHasher {
  /** Checks the policy, then hashes with a fresh salt. */
  hash(password: string): Promise<string>;
  /** Hashes a secret with its own rules (a kiosk's PIN), without the password policy. */
  hashSecret(secret: string): Promise<string>;
  /** False for a wrong password and for anything that is not one of our encodings. */
  verify(password: string, encoded: string): Promise<boolean>;
}

/** Throws ENTRE_WEAK_PASSWORD with a message fit for the person choosing it. */
export function assertPasswordPolicy(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new EntreError('ENTRE_WEAK_PASSWORD', `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new EntreError('ENTRE_WEAK_PASSWORD', `A password may have at most ${MAX_PASSWORD_LENGTH} characters.`);
  }
}

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  // The default maxmem (32 MiB) is just below what N = 2^15, r = 8 needs.
  const options: ScryptOptions = { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function parse(encoded: string): { cost: ScryptCost; salt: Buffer; hash: Buffer } | null {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const powerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > MAX_N || !Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return null;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const hash = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length < 8 || hash.length < 32) return null;
  return { cost: { N, r, p }, salt, hash };
}

export function createPasswordHasher(cost: ScryptCost = DEFAULT_COST): PasswordHasher {
  async function hashSecret(secret: string): Promise<string> {
    const salt = randomBytes(SALT_LENGTH);
    const key = await derive(secret, salt, cost);
    return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
  }
  return {
    async hash(password) {
      assertPasswordPolicy(password);
      return hashSecret(password);
    },
    hashSecret,
    async verify(password, encoded) {
      const parsed = parse(encoded);
      if (!parsed) return false;
      const key = await derive(password, parsed.salt, parsed.cost);
      return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
    },
  };
}

/**
 * A hash of a random throwaway password at the given cost. Sign-in verifies against it
 * when the username is unknown, so a wrong username takes as long as a wrong password.
 */
export function dummyHash(hasher: PasswordHasher): Promise<string> {
  return hasher.hash(randomBytes(24).toString('base64url'));
}
