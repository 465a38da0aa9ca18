/**
 * Record keys as TIDs, in the millisecond terms the connector and its tests use. The encoding
 * itself lives once, in src-shared/syntax/tid.ts (deterministic keys for sync are made there too).
 */
import { isValidTid } from '@atproto/syntax';
import { parseTid, tidFromTimestamp as tidFromMicros } from '../../../src-shared/syntax/tid';

/** TID for an instant; `clockId` (0–1023) and `microOffset` (0–999) separate posts of the same millisecond. */
export function tidFromTimestamp(epochMs: number, clockId = 0, microOffset = 0): string {
  if (!Number.isSafeInteger(epochMs) || epochMs < 0) throw new Error(`TID timestamp must be a non-negative integer of ms, got ${epochMs}`);
  if (!Number.isInteger(microOffset) || microOffset < 0 || microOffset > 999) throw new Error(`TID micro offset must be 0–999, got ${microOffset}`);
  return tidFromMicros(BigInt(epochMs) * 1000n + BigInt(microOffset), clockId);
}

/** Epoch ms encoded in a TID; throws for a string that is not a TID. */
export function tidTimestamp(tid: string): number {
  if (!isValidTid(tid)) throw new Error(`"${tid}" is not a valid TID`);
  return Number(parseTid(tid).microseconds / 1000n);
}

export function isTid(s: string): boolean {
  return isValidTid(s);
}
