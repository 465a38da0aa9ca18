/**
 * FNV-1a 64-bit over the UTF-8 bytes of a string. Pure JS (BigInt) so both processes compute the
 * same value without `node:crypto`; used for content fingerprints and deterministic record keys,
 * where stability matters and cryptographic strength does not.
 */
const OFFSET_BASIS = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;
const encoder = new TextEncoder();

export function fnv1a64(input: string): bigint {
  let h = OFFSET_BASIS;
  for (const byte of encoder.encode(input)) {
    h ^= BigInt(byte);
    h = (h * PRIME) & MASK;
  }
  return h;
}

/** The hash as 16 lower-case hex digits. */
export function fnv1a64Hex(input: string): string {
  return fnv1a64(input).toString(16).padStart(16, '0');
}
