import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { buildBskyText, expandLinkFacets, facetsAreValid, type BskyFacet } from '../../../src-shared/text/facets';

const CASES = path.resolve(process.cwd(), '../shared/corpus/atproto-richtext/richtext-cases.json');
const corpus = JSON.parse(readFileSync(CASES, 'utf8')) as Record<string, unknown>;
function cases<T>(name: string): T[] {
  const c = corpus[name];
  if (!Array.isArray(c) || c.length === 0) throw new Error(`richtext group ${name} missing`);
  return c as T[];
}

const enc = new TextEncoder();
const dec = new TextDecoder();
/** The text a facet covers, read through UTF-8 bytes as Bluesky clients do. */
function covered(text: string, f: BskyFacet): string {
  return dec.decode(enc.encode(text).slice(f.index.byteStart, f.index.byteEnd));
}
const linkFacet = (byteStart: number, byteEnd: number, uri: string) => ({
  index: { byteStart, byteEnd },
  features: [{ $type: 'app.bsky.richtext.facet#link', uri }],
});

interface DetectCase {
  input: string;
  expected_facets_derived: BskyFacet[];
}

describe('richtext-cases.json detect_facets through buildBskyText', () => {
  // Upstream resolves every @handle to did:fake:<handle>; the equivalent here is a mapping.
  const mappingFor = (text: string) =>
    Object.fromEntries(Array.from(text.matchAll(/@([a-zA-Z0-9.-]+)/g), (m) => [m[1] as string, `did:fake:${m[1]}`]));

  it.each(cases<DetectCase>('detect_facets').map((c) => [JSON.stringify(c.input), c]))('%s', (_n, c) => {
    expect(buildBskyText(c.input, { mentionDids: mappingFor(c.input) })).toEqual({ text: c.input, facets: c.expected_facets_derived });
  });
  it.each(cases<DetectCase>('detect_facets').map((c) => [JSON.stringify(c.input), c]))('%s without a mapping has no mention', (_n, c) => {
    const expected = c.expected_facets_derived.filter((f) => f.features[0]?.$type !== 'app.bsky.richtext.facet#mention');
    expect(buildBskyText(c.input).facets).toEqual(expected);
  });
});

interface TagCase {
  input: string;
  expected_facet_indices: Array<{ byteStart: number; byteEnd: number }>;
  expected_facets_derived: BskyFacet[];
}
describe('richtext-cases.json detect_tags through buildBskyText', () => {
  it.each(cases<TagCase>('detect_tags').map((c) => [JSON.stringify(c.input), c]))('%s', (_n, c) => {
    const { facets } = buildBskyText(c.input);
    const tags = facets.filter((f) => f.features[0]?.$type === 'app.bsky.richtext.facet#tag');
    expect(tags).toEqual(c.expected_facets_derived);
    expect(tags.map((f) => f.index)).toEqual(c.expected_facet_indices);
  });
});

describe('richtext-cases.json detect_cashtags through buildBskyText', () => {
  it.each(cases<TagCase>('detect_cashtags').map((c) => [JSON.stringify(c.input), c]))('%s', (_n, c) => {
    const { facets } = buildBskyText(c.input);
    expect(facets.filter((f) => f.features.some((x) => x.$type === 'app.bsky.richtext.facet#tag' && x.tag.startsWith('$')))).toEqual(
      c.expected_facets_derived,
    );
  });
});

describe('richtext-cases.json facet indices after edits are accepted by facetsAreValid', () => {
  interface EditCase {
    source_test: string;
    expected_text: string;
    expected_facet_indices?: Array<{ byteStart: number; byteEnd: number }>;
  }
  const edits = [...cases<EditCase>('insert'), ...cases<EditCase>('delete')].filter((c) => c.expected_facet_indices?.length);
  it.each(edits.map((c) => [c.source_test, c]))('%s', (_n, c) => {
    const facets = (c.expected_facet_indices ?? []).map((index) => ({ index, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://x.test' }] }));
    expect(facetsAreValid(c.expected_text, facets)).toBe(true);
  });
});

describe('richtext-cases.json: every group is accounted for', () => {
  // entities_to_facets, segments and sanitize_* exercise RichText's editing/rendering API, which
  // nothing of ours wraps (we build facets for a final text and expand them back). They are listed
  // here on purpose, so a group added to the corpus fails this test until someone decides about it.
  const TESTED = ['detect_facets', 'detect_tags', 'detect_cashtags', 'insert', 'delete', 'length_and_graphemes', 'grapheme_length'];
  const NOT_WRAPPED = ['entities_to_facets', 'segments', 'sanitize_clean_newlines', 'sanitize_clean_newlines_with_facets'];
  it('is either tested (here or in graphemes.test.ts) or named as not wrapped by our code', () => {
    const groups = Object.keys(corpus).filter((k) => k !== '_meta');
    expect(groups.filter((g) => !TESTED.includes(g) && !NOT_WRAPPED.includes(g))).toEqual([]);
    for (const g of TESTED) expect(cases(g).length, g).toBeGreaterThan(0);
  });
});

describe('PLATFORM.md "Text": facets', () => {
  const text = 'Café à 5 £ 😀 日本語 https://example.com/путь?q=1 #Tagged and more.com';

  it('puts link and tag byte ranges exactly on their text after é, £, emoji and CJK', () => {
    const { facets } = buildBskyText(text);
    expect(facets.map((f) => covered(text, f))).toEqual(['https://example.com/путь?q=1', '#Tagged', 'more.com']);
    // The first facet starts after 2-byte é/à/£, a 4-byte emoji and 3-byte CJK: not at the JS index.
    expect(facets[0]?.index.byteStart).toBe(enc.encode(text.slice(0, text.indexOf('https'))).length);
    expect(facets[0]?.index.byteStart).not.toBe(text.indexOf('https'));
    expect(facetsAreValid(text, facets)).toBe(true);
  });
  it('turns hashtags into tag facets', () => {
    const { facets } = buildBskyText('Reading #TypeScript and #日本 today');
    expect(facets.map((f) => f.features[0])).toEqual([
      { $type: 'app.bsky.richtext.facet#tag', tag: 'TypeScript' },
      { $type: 'app.bsky.richtext.facet#tag', tag: '日本' },
    ]);
  });
  it('links bare domains with https://', () => {
    expect(buildBskyText('see example.com now').facets[0]?.features[0]).toEqual({ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com' });
  });
  it('never makes an X @handle a Bluesky mention without a mapping', () => {
    const { text: out, facets } = buildBskyText('thanks @jack and @alice.bsky.social!');
    expect(out).toBe('thanks @jack and @alice.bsky.social!');
    expect(facets).toEqual([]);
  });
  it('makes a mapped X @handle (any case, with or without @ in the key) a mention of the mapped DID', () => {
    const t = 'thanks @Jack 😀';
    const { facets } = buildBskyText(t, { mentionDids: { '@jack': 'did:plc:ewvi7nxzyoun6zhxrhs64oiz' } });
    expect(facets).toHaveLength(1);
    expect(facets[0]?.features).toEqual([{ $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:ewvi7nxzyoun6zhxrhs64oiz' }]);
    expect(covered(t, facets[0] as BskyFacet)).toBe('@Jack');
  });
  it('can link an unmapped X @handle to its x.com profile instead', () => {
    const { facets } = buildBskyText('hi @jack', { xProfileLinks: true });
    expect(facets).toEqual([linkFacet(3, 8, 'https://x.com/jack')]);
  });
  it('refuses a mapping whose value is not a DID, naming the handle', () => {
    try {
      buildBskyText('hi @jack', { mentionDids: { jack: 'jack.bsky.social' } });
      expect.unreachable('a bad mapping must throw');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe(ErrorCode.InvalidInput);
      expect((e as AppError).message).toContain('"jack"');
    }
  });
});

describe('expandLinkFacets (Bluesky → X)', () => {
  it('replaces a shortened display text with the full URI, with non-ASCII before and after', () => {
    const text = 'é 😀 lire example.com/some… 日本 fin';
    const start = enc.encode('é 😀 lire ').length;
    const end = start + enc.encode('example.com/some…').length;
    expect(expandLinkFacets(text, [linkFacet(start, end, 'https://example.com/something/long?x=1')])).toBe(
      'é 😀 lire https://example.com/something/long?x=1 日本 fin',
    );
  });
  it('expands several links in byte order, whatever the facet order', () => {
    const text = 'a.com/x… and b.org/y…';
    const f1 = linkFacet(0, enc.encode('a.com/x…').length, 'https://a.com/x/1');
    const s2 = enc.encode('a.com/x… and ').length;
    const f2 = linkFacet(s2, s2 + enc.encode('b.org/y…').length, 'https://b.org/y/2');
    expect(expandLinkFacets(text, [f2, f1])).toBe('https://a.com/x/1 and https://b.org/y/2');
  });
  it('keeps the words of a captioned link and adds the destination', () => {
    expect(expandLinkFacets('read this now', [linkFacet(0, 9, 'https://example.com/a')])).toBe('read this (https://example.com/a) now');
  });
  it('leaves text alone for malformed, non-link, out-of-range and mid-character facets', () => {
    const text = 'café time';
    const facets: unknown[] = [
      null,
      { index: { byteStart: 'x', byteEnd: 2 }, features: [] },
      { index: { byteStart: 0, byteEnd: 4 }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'caf' }] },
      linkFacet(4, 99, 'https://example.com'),
      linkFacet(0, 4, 'https://example.com'), // ends inside the 2-byte é
    ];
    expect(expandLinkFacets(text, facets)).toBe(text);
  });
  it('round-trips buildBskyText output to the same text when links are shown in full', () => {
    const t = 'Prix 5 £ → https://example.com/a?b=c et #tag 😀';
    expect(expandLinkFacets(t, buildBskyText(t).facets)).toBe(t);
  });
});

describe('facetsAreValid', () => {
  const text = 'é😀x';
  it('accepts ranges on character boundaries inside the text', () => {
    expect(facetsAreValid(text, [linkFacet(0, 2, 'https://a.b'), linkFacet(2, 7, 'https://a.b')])).toBe(true);
    expect(facetsAreValid(text, [])).toBe(true);
  });
  it('rejects a range inside a multi-byte character', () => {
    expect(facetsAreValid(text, [linkFacet(1, 2, 'https://a.b')])).toBe(false);
    expect(facetsAreValid(text, [linkFacet(0, 4, 'https://a.b')])).toBe(false);
  });
  it('rejects out-of-range, empty, reversed and feature-less facets', () => {
    expect(facetsAreValid(text, [linkFacet(0, 8, 'https://a.b')])).toBe(false);
    expect(facetsAreValid(text, [linkFacet(2, 2, 'https://a.b')])).toBe(false);
    expect(facetsAreValid(text, [linkFacet(6, 2, 'https://a.b')])).toBe(false);
    expect(facetsAreValid(text, [{ index: { byteStart: 0, byteEnd: 2 }, features: [] }])).toBe(false);
    expect(facetsAreValid(text, [{ index: { byteStart: -1, byteEnd: 2 }, features: [{ $type: 'x' }] }])).toBe(false);
  });
});
