import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { isValidTid } from '../../../src-shared/syntax/atproto';
import { deterministicTid, parseTid, tidFromTimestamp } from '../../../src-shared/syntax/tid';

describe('tidFromTimestamp', () => {
  it('encodes 0 and the maximum as the extreme TIDs', () => {
    expect(tidFromTimestamp(0, 0)).toBe('2222222222222');
    // 63 bits used (top bit 0), 13 chars carry 65: the first char is at most 'b'.
    expect(tidFromTimestamp((1n << 53n) - 1n, 1023)).toBe('bzzzzzzzzzzzz');
  });
  it('round-trips through parseTid and passes isValidTid', () => {
    const us = 1_700_000_000_123_456n;
    const tid = tidFromTimestamp(us, 517);
    expect(isValidTid(tid)).toBe(true);
    expect(parseTid(tid)).toEqual({ microseconds: us, clockId: 517 });
  });
  it('sorts like the timestamp', () => {
    const a = tidFromTimestamp(1_600_000_000_000_000, 1023);
    const b = tidFromTimestamp(1_600_000_000_000_001, 0);
    expect(a < b).toBe(true);
  });
  it('rejects out-of-range input with a message', () => {
    expect(() => tidFromTimestamp(-1, 0)).toThrow(/microseconds/);
    expect(() => tidFromTimestamp(1n << 53n, 0)).toThrow(AppError);
    expect(() => tidFromTimestamp(1.5, 0)).toThrow(/microseconds/);
    expect(() => tidFromTimestamp(0, 1024)).toThrow(/clock id/);
  });
  it('parseTid rejects a non-TID', () => {
    expect(() => parseTid('self')).toThrow(/not a TID/);
  });
});

describe('deterministicTid', () => {
  const createdAt = Date.UTC(2019, 4, 1, 12, 30, 45, 678);

  it('is the same for the same source, every time', () => {
    expect(deterministicTid('x:1234567890#0', createdAt)).toBe(deterministicTid('x:1234567890#0', createdAt));
  });
  it('is a valid TID whose timestamp lies in the source millisecond', () => {
    const tid = deterministicTid('x:1234567890#0', createdAt);
    expect(isValidTid(tid)).toBe(true);
    const { microseconds } = parseTid(tid);
    expect(microseconds / 1000n).toBe(BigInt(createdAt));
  });
  it('differs for different sources at the same millisecond', () => {
    const tids = new Set(Array.from({ length: 200 }, (_, i) => deterministicTid(`x:${1000 + i}#0`, createdAt)));
    expect(tids.size).toBe(200);
  });
  it('differs for the parts of one thread', () => {
    expect(deterministicTid('x:1#0', createdAt)).not.toBe(deterministicTid('x:1#1', createdAt));
  });
  it('works for old (backdated) posts', () => {
    const tid = deterministicTid('x:20', Date.UTC(2006, 2, 21, 20, 50, 14));
    expect(isValidTid(tid)).toBe(true);
    expect(parseTid(tid).microseconds / 1000n).toBe(BigInt(Date.UTC(2006, 2, 21, 20, 50, 14)));
  });
  it('rejects an empty key and a bad time', () => {
    expect(() => deterministicTid('', createdAt)).toThrow(/source key/);
    expect(() => deterministicTid('x:1', Number.NaN)).toThrow(/epoch milliseconds/);
    expect(() => deterministicTid('x:1', -5)).toThrow(AppError);
  });
});
