/**
 * TIDs (atproto timestamp identifiers): 13 chars of base32-sortable encoding a 64-bit integer
 * whose top bit is 0, then 53 bits of microseconds since the epoch, then a 10-bit clock id.
 * `deterministicTid` gives each source post a fixed record key so a retried create cannot make a
 * second record (SPEC §2.3 "No duplicates"); a local PDS accepts backdated TID keys (PLATFORM.md).
 */
import { AppError, ErrorCode } from '../errors';
import { fnv1a64 } from '../text/fnv1a';

const ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';
const MAX_MICROS = (1n << 53n) - 1n;

/** The TID for a timestamp in microseconds and a clock id (0..1023). */
export function tidFromTimestamp(microseconds: bigint | number, clockId: number): string {
  const us = typeof microseconds === 'bigint' ? microseconds : Number.isSafeInteger(microseconds) ? BigInt(microseconds) : -1n;
  if (us < 0n || us > MAX_MICROS) {
    throw new AppError(ErrorCode.InvalidInput, `A TID timestamp must be a whole number of microseconds from 0 to 2^53-1, got ${String(microseconds)}.`);
  }
  if (!Number.isInteger(clockId) || clockId < 0 || clockId > 1023) {
    throw new AppError(ErrorCode.InvalidInput, `A TID clock id must be an integer from 0 to 1023, got ${clockId}.`);
  }
  let v = (us << 10n) | BigInt(clockId);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = ALPHABET[Number(v & 31n)] + out;
    v >>= 5n;
  }
  return out;
}

/** The microsecond timestamp and clock id inside a TID. */
export function parseTid(tid: string): { microseconds: bigint; clockId: number } {
  if (typeof tid !== 'string' || !/^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/.test(tid)) {
    throw new AppError(ErrorCode.InvalidInput, `"${String(tid)}" is not a TID (13 characters of 2-7 and a-z, first one 2-7 or a-j).`);
  }
  let v = 0n;
  for (const ch of tid) v = (v << 5n) | BigInt(ALPHABET.indexOf(ch));
  return { microseconds: v >> 10n, clockId: Number(v & 1023n) };
}

/**
 * A TID fixed by the source: its timestamp is `createdAtMs` in microseconds plus 0..999 µs taken
 * from a hash of `sourceKey` (so it stays inside the source's millisecond and sorts with it), and
 * its clock id is 10 more bits of that hash. Two sources in the same millisecond collide only if
 * their hashes agree on all 20 bits (≈ 1 in a million); the same source always gets the same TID.
 */
export function deterministicTid(sourceKey: string, createdAtMs: number): string {
  if (typeof sourceKey !== 'string' || sourceKey === '') {
    throw new AppError(ErrorCode.InvalidInput, 'deterministicTid needs a non-empty source key (e.g. "x:1234567890#0").');
  }
  if (!Number.isFinite(createdAtMs) || createdAtMs < 0) {
    throw new AppError(ErrorCode.InvalidInput, `deterministicTid needs createdAt as epoch milliseconds ≥ 0, got ${createdAtMs}.`);
  }
  const h = fnv1a64(sourceKey);
  const offsetUs = h % 1000n;
  const clockId = Number((h >> 10n) & 1023n);
  return tidFromTimestamp(BigInt(Math.floor(createdAtMs)) * 1000n + offsetUs, clockId);
}
