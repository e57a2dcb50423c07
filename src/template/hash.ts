/**
 * Small deterministic hashing for physical ids. Ids must be the same on every run and every
 * machine (tests, diffs, the lab's object names), so they derive from (stack, logical id) through
 * FNV-1a 64 — no randomness and no node:crypto, which the pure layers may not import.
 */
import { utf8Bytes } from './utf8.js';

/**
 * FNV-1a 64-bit of the UTF-8 bytes of `text`, as 16 lowercase hex digits.
 * Computed on four 16-bit limbs so it stays in float-exact integer range without BigInt.
 */
export function fnv1a64Hex(text: string): string {
  // Offset basis 0xcbf29ce484222325, little-endian 16-bit limbs.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (const byte of utf8Bytes(text)) {
    h0 ^= byte;
    // Multiply by the FNV prime 0x100000001b3 = 2^40 + 0x1b3 (limb 0: 0x1b3, limb 2: 0x100).
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + h0 * 0x100 + Math.floor(t1 / 0x10000);
    const t3 = h3 * 0x1b3 + h1 * 0x100 + Math.floor(t2 / 0x10000);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  return hex4(h3) + hex4(h2) + hex4(h1) + hex4(h0);
}

function hex4(limb: number): string {
  return limb.toString(16).padStart(4, '0');
}

/** `length` lowercase hex digits derived from `seed` (several hash rounds when more than 16 are needed). */
export function hexDigits(seed: string, length: number): string {
  let out = '';
  for (let round = 0; out.length < length; round++) out += fnv1a64Hex(round === 0 ? seed : `${seed}#${round}`);
  return out.slice(0, length);
}

/** `length` characters of `alphabet` derived from `seed`; each hex pair picks one character. */
export function digitsFrom(seed: string, length: number, alphabet: string): string {
  const hex = hexDigits(seed, length * 2);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
  return out;
}

/** Uppercase letters and digits, the alphabet of CloudFormation's generated name suffixes (`stack-Res-1A2B3C4D5E6F7`). */
export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** Lowercase letters and digits, used by API Gateway and Cloud Map ids. */
export const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Decimal digits. */
export const DECIMAL = '0123456789';

/** A version-4-shaped UUID derived from `seed`, for stack ids and App Mesh Uids. */
export function deterministicUuid(seed: string): string {
  const h = hexDigits(seed, 32);
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A non-negative integer below `modulo` derived from `seed`, for picking among a few choices. */
export function pickIndex(seed: string, modulo: number): number {
  return parseInt(fnv1a64Hex(seed).slice(0, 8), 16) % modulo;
}
