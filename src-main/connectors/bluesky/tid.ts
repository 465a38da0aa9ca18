/**
 * Record keys as TIDs (timestamp identifiers): 64 bits = 0, 53 bits of microseconds since the epoch,
 * 10 bits of clock id, written as 13 characters of base32-sortable. The PDS accepts a client-chosen
 * TID — even one years in the past — so the engine derives a deterministic key from the source post
 * and a retry can never create a second record (SPEC §2.3, PLATFORM.md).
 */
import { isValidTid } from '@atproto/syntax';

const S32 = '234567abcdefghijklmnopqrstuvwxyz';

/**
 * TID for an instant. `clockId` (0–1023) and `microOffset` (0–999) separate posts created in the
 * same millisecond; derive both from the source id so the key is reproducible.
 */
export function tidFromTimestamp(epochMs: number, clockId = 0, microOffset = 0): string {
  if (!Number.isSafeInteger(epochMs) || epochMs < 0) throw new Error(`TID timestamp must be a non-negative integer of ms, got ${epochMs}`);
  if (!Number.isInteger(clockId) || clockId < 0 || clockId > 1023) throw new Error(`TID clock id must be 0–1023, got ${clockId}`);
  if (!Number.isInteger(microOffset) || microOffset < 0 || microOffset > 999) throw new Error(`TID micro offset must be 0–999, got ${microOffset}`);
  let v = ((BigInt(epochMs) * 1000n + BigInt(microOffset)) << 10n) | BigInt(clockId);
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = S32[Number(v & 31n)] + out;
    v >>= 5n;
  }
  return out;
}

/** Epoch ms encoded in a TID; throws for a string that is not a TID. */
export function tidTimestamp(tid: string): number {
  if (!isValidTid(tid)) throw new Error(`"${tid}" is not a valid TID`);
  let v = 0n;
  for (const ch of tid) v = (v << 5n) | BigInt(S32.indexOf(ch));
  return Number((v >> 10n) / 1000n);
}

export function isTid(s: string): boolean {
  return isValidTid(s);
}
