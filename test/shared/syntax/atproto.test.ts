import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import {
  isValidAtIdentifier,
  isValidAtUri,
  isValidCid,
  isValidDatetime,
  isValidDid,
  isValidHandle,
  isValidLanguage,
  isValidNsid,
  isValidRecordKey,
  isValidTid,
  isValidUri,
  normalizeBskyIdentifier,
} from '../../../src-shared/syntax/atproto';

const SYNTAX = path.resolve(process.cwd(), '../shared/corpus/atproto-interop-tests/syntax');

/** Non-comment, non-blank lines, exactly as written (leading/trailing spaces are part of some cases). */
function lines(file: string): string[] {
  return readFileSync(path.join(SYNTAX, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
}

const validators: Array<[string, (s: string) => boolean]> = [
  ['atidentifier', isValidAtIdentifier],
  ['aturi', isValidAtUri],
  ['cid', isValidCid],
  ['datetime', isValidDatetime],
  ['did', isValidDid],
  ['handle', isValidHandle],
  ['language', isValidLanguage],
  ['nsid', isValidNsid],
  ['recordkey', isValidRecordKey],
  ['tid', isValidTid],
  ['uri', isValidUri],
];

const label = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…(${s.length} chars)` : s);

describe.each(validators)('interop syntax: %s', (name, fn) => {
  const valid = lines(`${name}_syntax_valid.txt`);
  const invalid = lines(`${name}_syntax_invalid.txt`);

  it('has cases', () => {
    expect(valid.length).toBeGreaterThan(0);
    expect(invalid.length).toBeGreaterThan(0);
  });
  it.each(valid.map((v) => [label(v), v]))('accepts %s', (_l, v) => expect(fn(v)).toBe(true));
  it.each(invalid.map((v) => [label(v), v]))('rejects %s', (_l, v) => expect(fn(v)).toBe(false));
});

// Syntactically fine but semantically invalid (month 13, repeated variant subtag…): rejected too.
describe.each([
  ['datetime', isValidDatetime],
  ['language', isValidLanguage],
] as const)('interop parse-invalid: %s', (name, fn) => {
  it.each(lines(`${name}_parse_invalid.txt`).map((v) => [label(v), v]))('rejects %s', (_l, v) => expect(fn(v)).toBe(false));
});

describe('normalizeBskyIdentifier', () => {
  it('accepts a Bluesky handle typed with a leading @ (PLATFORM.md "Accounts")', () => {
    expect(normalizeBskyIdentifier('@alice.bsky.social')).toEqual({ kind: 'handle', value: 'alice.bsky.social' });
  });
  it('trims and lower-cases handles, custom domains included', () => {
    expect(normalizeBskyIdentifier('  @Alice.Example.COM \n')).toEqual({ kind: 'handle', value: 'alice.example.com' });
  });
  it('accepts a bsky.app profile URL', () => {
    expect(normalizeBskyIdentifier('https://bsky.app/profile/Bob.bsky.social')).toEqual({ kind: 'handle', value: 'bob.bsky.social' });
  });
  it('keeps DIDs as typed', () => {
    expect(normalizeBskyIdentifier(' did:plc:z72i7hdynmk6r22z27h6tvur ')).toEqual({ kind: 'did', value: 'did:plc:z72i7hdynmk6r22z27h6tvur' });
    expect(normalizeBskyIdentifier('@did:web:example.com')).toEqual({ kind: 'did', value: 'did:web:example.com' });
  });
  it('strips only one leading @', () => {
    expect(() => normalizeBskyIdentifier('@@alice.bsky.social')).toThrow(AppError);
  });

  function errorOf(input: unknown): AppError {
    try {
      normalizeBskyIdentifier(input);
    } catch (e) {
      if (e instanceof AppError) return e;
      throw e;
    }
    throw new Error(`expected ${String(input)} to be rejected`);
  }
  it('rejects a bare name with a readable message naming the input and suggesting a handle', () => {
    const e = errorOf('@alice');
    expect(e.code).toBe(ErrorCode.InvalidInput);
    expect(e.message).toContain('"@alice"');
    expect(e.message).toContain('alice.bsky.social');
  });
  it('rejects a malformed DID, saying what a DID looks like', () => {
    const e = errorOf('did:plc');
    expect(e.code).toBe(ErrorCode.InvalidInput);
    expect(e.message).toMatch(/"did:plc" is not a valid DID.*did:plc:/);
  });
  it('rejects empty and non-string input', () => {
    expect(errorOf('   ').code).toBe(ErrorCode.InvalidInput);
    expect(errorOf(42).message).toMatch(/Enter a Bluesky handle/);
  });
  it('rejects the reserved handle.invalid', () => {
    expect(errorOf('handle.invalid').code).toBe(ErrorCode.InvalidInput);
  });
});
