import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../../src-shared/errors';
import { normaliseIdentifier } from '../../../../src-main/connectors/bluesky/resolveIdentifier';

const syntax = path.resolve(process.cwd(), '../shared/corpus/atproto-interop-tests/syntax');
/** Non-comment, non-empty lines, untrimmed (whitespace is part of some cases). */
const lines = (f: string) =>
  readFileSync(path.join(syntax, f), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));

function rejects(input: string): AppError {
  try {
    normaliseIdentifier(input);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(ErrorCode.InvalidInput);
    return e as AppError;
  }
  throw new Error(`accepted "${input}"`);
}

/**
 * People paste handles with stray spaces, so surrounding whitespace is trimmed on purpose (SPEC §2.1);
 * these two corpus lines are invalid only because of it and are checked for the trimmed result instead.
 */
const TRIMMED_ON_PURPOSE = new Set([' john.test', 'john.test ']);

describe('normaliseIdentifier with the atproto interop syntax lists', () => {
  it.each(lines('handle_syntax_valid.txt'))('accepts handle %s, lower-cased', (h) => {
    expect(normaliseIdentifier(h)).toEqual({ kind: 'handle', value: h.toLowerCase() });
  });
  it.each(lines('handle_syntax_invalid.txt').filter((h) => !TRIMMED_ON_PURPOSE.has(h)))('rejects handle "%s"', (h) => {
    expect(rejects(h).message).toContain('is not a');
  });
  it.each([...TRIMMED_ON_PURPOSE])('trims "%s" (skipped as a rejection case: whitespace is trimmed on purpose)', (h) => {
    expect(normaliseIdentifier(h)).toEqual({ kind: 'handle', value: 'john.test' });
  });
  it.each(lines('did_syntax_valid.txt'))('accepts DID %s unchanged', (d) => {
    expect(normaliseIdentifier(d)).toEqual({ kind: 'did', value: d });
  });
  // "did.method.val" is not a DID but is a well-formed handle, so it may come back as one — never as a DID.
  it.each(lines('did_syntax_invalid.txt'))('never takes "%s" for a DID', (d) => {
    let kind: string | null = null;
    try {
      kind = normaliseIdentifier(d).kind;
    } catch (e) {
      expect((e as AppError).code).toBe(ErrorCode.InvalidInput);
    }
    expect(kind === null || (kind === 'handle' && d === 'did.method.val')).toBe(true);
  });
});

describe('normaliseIdentifier on what people type', () => {
  it('strips a leading @ and lower-cases', () => {
    expect(normaliseIdentifier('@Alice.Bsky.Social')).toEqual({ kind: 'handle', value: 'alice.bsky.social' });
    expect(normaliseIdentifier('  @@bob.example.com ')).toEqual({ kind: 'handle', value: 'bob.example.com' });
  });
  it('accepts @ before a DID', () => {
    expect(normaliseIdentifier('@did:plc:ewvi7nxzyoun6zhxrhs64oiz')).toEqual({ kind: 'did', value: 'did:plc:ewvi7nxzyoun6zhxrhs64oiz' });
  });
  it('explains what a handle looks like', () => {
    expect(rejects('alice').message).toBe('"alice" is not a Bluesky handle or DID. Enter a handle like alice.bsky.social (a custom domain works too) or a DID.');
    expect(rejects('').message).toContain('is not a Bluesky handle or DID');
  });
});
