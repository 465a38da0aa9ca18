import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTid, tidFromTimestamp, tidTimestamp } from '../../../../src-main/connectors/bluesky/tid';

const syntax = path.resolve(process.cwd(), '../shared/corpus/atproto-interop-tests/syntax');
const lines = (f: string) =>
  readFileSync(path.join(syntax, f), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));

describe('TIDs', () => {
  it('produces valid TIDs that round-trip their timestamp', () => {
    for (const t of [0, 1, Date.UTC(2006, 2, 21), Date.UTC(2014, 4, 6, 7, 8, 9, 123), Date.UTC(2026, 0, 1), Date.UTC(2100, 0, 1)]) {
      const tid = tidFromTimestamp(t, 513, 999);
      expect(isTid(tid)).toBe(true);
      expect(tid).toHaveLength(13);
      expect(tidTimestamp(tid)).toBe(t);
    }
  });
  it('sorts like the time it encodes, and the clock id separates equal instants', () => {
    const a = tidFromTimestamp(Date.UTC(2015, 0, 1), 0);
    const b = tidFromTimestamp(Date.UTC(2015, 0, 1), 1);
    const c = tidFromTimestamp(Date.UTC(2015, 0, 1) + 1, 0);
    expect([c, b, a].sort()).toEqual([a, b, c]);
    expect(a).not.toBe(b);
  });
  it('is deterministic', () => {
    expect(tidFromTimestamp(1_700_000_000_000, 42)).toBe(tidFromTimestamp(1_700_000_000_000, 42));
  });
  it('matches a known TID from the corpus: 3jzfcijpj2z2a', () => {
    const ms = tidTimestamp('3jzfcijpj2z2a');
    // Re-encoding its instant with its clock id gives the same string back.
    const v = [...'3jzfcijpj2z2a'].reduce((acc, ch) => (acc << 5n) | BigInt('234567abcdefghijklmnopqrstuvwxyz'.indexOf(ch)), 0n);
    expect(tidFromTimestamp(ms, Number(v & 1023n), Number((v >> 10n) % 1000n))).toBe('3jzfcijpj2z2a');
  });
  it.each(lines('tid_syntax_valid.txt'))('isTid accepts %s', (t) => expect(isTid(t)).toBe(true));
  it.each(lines('tid_syntax_invalid.txt'))('isTid rejects "%s"', (t) => expect(isTid(t)).toBe(false));
  it('refuses out-of-range parts', () => {
    expect(() => tidFromTimestamp(-1)).toThrow(/non-negative/);
    expect(() => tidFromTimestamp(0, 1024)).toThrow(/clock id/);
    expect(() => tidFromTimestamp(0, 0, 1000)).toThrow(/micro offset/);
  });
});
