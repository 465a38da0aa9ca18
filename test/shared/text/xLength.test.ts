import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  extractXEntities,
  extractXReplyTo,
  isValidXHashtag,
  isValidXList,
  isValidXUrl,
  isValidXUsername,
  isWithinXLimit,
  parseXText,
  xWeightedLength,
} from '../../../src-shared/text/xLength';

// The corpus sits beside the repo (CI clones it elsewhere): resolve from the repo root.
const CORPUS = path.resolve(process.cwd(), '../shared/corpus/twitter-text/conformance-json');

interface Case<T> {
  description: string;
  text: string;
  expected: T;
}
interface Weighted {
  weightedLength: number;
  valid: boolean;
  permillage: number;
  displayRangeStart: number;
  displayRangeEnd: number;
  validRangeStart: number;
  validRangeEnd: number;
}
type Groups = Record<string, Case<unknown>[]>;

function load(name: string): Groups {
  return (JSON.parse(readFileSync(path.join(CORPUS, name), 'utf8')) as { tests: Groups }).tests;
}
function group<T>(g: Groups, name: string): Case<T>[] {
  const cases = g[name];
  if (!cases || cases.length === 0) throw new Error(`conformance group ${name} missing`);
  return cases as Case<T>[];
}

const validate = load('validate.json');
const extract = load('extract.json');

describe('twitter-text validate.json conformance', () => {
  it('covers every group of the file', () => {
    expect(Object.keys(validate).sort()).toEqual(
      [
        'UnicodeDirectionalMarkerCounterTest',
        'WeightedTweetsCounterTest',
        'WeightedTweetsWithDiscountedEmojiCounterTest',
        'hashtags',
        'lists',
        'tweets',
        'urls',
        'urls_without_protocol',
        'usernames',
      ].sort(),
    );
  });

  // This group predates the 280 limit: upstream checks it with the 140-character v1 rules.
  describe.each(group<boolean>(validate, 'tweets'))('tweets (v1, 140 limit): $description', (c) => {
    it('parseXText(v1).valid matches', () => expect(parseXText(c.text, 'v1').valid).toBe(c.expected));
    it('isWithinXLimit(text, 140) matches for non-CJK/emoji text', () => {
      // Under v3, CJK and emoji weigh 2, so "140 double byte characters" is 280 > 140.
      if (/[\u3040-\u30ff\u{1F000}-\u{1FFFF}]/u.test(c.text)) {
        expect(isWithinXLimit(c.text, 140)).toBe(false);
      } else {
        expect(isWithinXLimit(c.text, 140)).toBe(c.expected);
      }
    });
    it('is within the current 280 limit unless empty', () => expect(isWithinXLimit(c.text)).toBe(c.text.length > 0));
  });
  describe.each(group<boolean>(validate, 'usernames'))('usernames: $description', (c) => {
    it('isValidXUsername matches', () => expect(isValidXUsername(c.text)).toBe(c.expected));
  });
  describe.each(group<boolean>(validate, 'lists'))('lists: $description', (c) => {
    it('isValidXList matches', () => expect(isValidXList(c.text)).toBe(c.expected));
  });
  describe.each(group<boolean>(validate, 'hashtags'))('hashtags: $description', (c) => {
    it('isValidXHashtag matches', () => expect(isValidXHashtag(c.text)).toBe(c.expected));
  });
  describe.each(group<boolean>(validate, 'urls'))('urls: $description', (c) => {
    it('isValidXUrl matches', () => expect(isValidXUrl(c.text)).toBe(c.expected));
  });
  describe.each(group<boolean>(validate, 'urls_without_protocol'))('urls_without_protocol: $description', (c) => {
    it('isValidXUrl(requireProtocol=false) matches', () => expect(isValidXUrl(c.text, false)).toBe(c.expected));
  });

  // The upstream suite runs this group with the v2 configuration (no emoji discount).
  describe.each(group<Weighted>(validate, 'WeightedTweetsCounterTest'))('v2 weighting: $description', (c) => {
    it('parseXText(v2) matches every field', () => expect(parseXText(c.text, 'v2')).toEqual(c.expected));
  });
  // v3 = the rules in force: this is what xWeightedLength / isWithinXLimit use.
  describe.each(group<Weighted>(validate, 'WeightedTweetsWithDiscountedEmojiCounterTest'))('v3 weighting: $description', (c) => {
    it('parseXText, xWeightedLength and isWithinXLimit match', () => {
      expect(parseXText(c.text)).toEqual(c.expected);
      expect(xWeightedLength(c.text)).toBe(c.expected.weightedLength);
      expect(isWithinXLimit(c.text)).toBe(c.expected.valid);
    });
  });
  describe.each(group<Weighted>(validate, 'UnicodeDirectionalMarkerCounterTest'))('directional markers: $description', (c) => {
    it('parseXText matches', () => expect(parseXText(c.text)).toEqual(c.expected));
  });
});

describe('twitter-text extract.json conformance', () => {
  const names = (t: string) => extractXEntities(t).mentions.map((m) => m.screenName);

  describe.each(group<string[]>(extract, 'mentions'))('mentions: $description', (c) => {
    it('extracts the screen names', () => expect(names(c.text)).toEqual(c.expected));
  });
  describe.each(group<{ screen_name: string; indices: number[] }[]>(extract, 'mentions_with_indices'))(
    'mentions_with_indices: $description',
    (c) => {
      it('extracts names and code point indices', () => {
        const got = extractXEntities(c.text, { indices: 'codepoint' }).mentions;
        expect(got.map((m) => ({ screen_name: m.screenName, indices: m.indices }))).toEqual(c.expected);
      });
    },
  );
  describe.each(group<{ screen_name: string; list_slug: string; indices: number[] }[]>(extract, 'mentions_or_lists_with_indices'))(
    'mentions_or_lists_with_indices: $description',
    (c) => {
      it('extracts mentions and lists in text order', () => {
        const e = extractXEntities(c.text, { indices: 'codepoint' });
        const all = [
          ...e.mentions.map((m) => ({ screen_name: m.screenName, list_slug: '', indices: m.indices })),
          ...e.lists.map((l) => ({ screen_name: l.screenName, list_slug: l.listSlug, indices: l.indices })),
        ].sort((a, b) => (a.indices[0] ?? 0) - (b.indices[0] ?? 0));
        expect(all).toEqual(c.expected);
      });
    },
  );
  describe.each(group<string | null>(extract, 'replies'))('replies: $description', (c) => {
    it('extracts the replied-to name', () => expect(extractXReplyTo(c.text)).toBe(c.expected));
  });
  for (const g of ['urls', 'tco_urls_with_params']) {
    describe.each(group<string[]>(extract, g))(`${g}: $description`, (c) => {
      it('extracts the URLs', () => expect(extractXEntities(c.text).urls.map((u) => u.url)).toEqual(c.expected));
    });
  }
  for (const g of ['urls_with_indices', 'urls_with_directional_markers']) {
    describe.each(group<{ url: string; indices: number[] }[]>(extract, g))(`${g}: $description`, (c) => {
      it('extracts URLs with code point indices', () => {
        expect(extractXEntities(c.text, { indices: 'codepoint' }).urls).toEqual(c.expected);
      });
    });
  }
  for (const g of ['hashtags', 'hashtags_from_astral']) {
    describe.each(group<string[]>(extract, g))(`${g}: $description`, (c) => {
      it('extracts the hashtags', () => expect(extractXEntities(c.text).hashtags.map((h) => h.hashtag)).toEqual(c.expected));
    });
  }
  describe.each(group<{ hashtag: string; indices: number[] }[]>(extract, 'hashtags_with_indices'))('hashtags_with_indices: $description', (c) => {
    it('extracts hashtags with code point indices', () => {
      expect(extractXEntities(c.text, { indices: 'codepoint' }).hashtags).toEqual(c.expected);
    });
  });
  describe.each(group<string[]>(extract, 'cashtags'))('cashtags: $description', (c) => {
    it('extracts the cashtags', () => expect(extractXEntities(c.text).cashtags.map((h) => h.cashtag)).toEqual(c.expected));
  });
  describe.each(group<{ cashtag: string; indices: number[] }[]>(extract, 'cashtags_with_indices'))('cashtags_with_indices: $description', (c) => {
    it('extracts cashtags with code point indices', () => {
      expect(extractXEntities(c.text, { indices: 'codepoint' }).cashtags).toEqual(c.expected);
    });
  });
});

describe('extractXEntities index units', () => {
  it('returns UTF-16 indices by default, so text.slice gives the entity back after an emoji', () => {
    const text = '😷 see https://example.com/x and #tag';
    const e = extractXEntities(text);
    const [u] = e.urls;
    const [h] = e.hashtags;
    expect(u && text.slice(u.indices[0], u.indices[1])).toBe('https://example.com/x');
    expect(h && text.slice(h.indices[0], h.indices[1])).toBe('#tag');
    // Code point indices are one less after the astral emoji.
    expect(extractXEntities(text, { indices: 'codepoint' }).urls[0]?.indices).toEqual([6, 27]);
  });
});

describe('X weighting facts the sync relies on', () => {
  it('counts every URL as 23, however long', () => {
    const long = `https://example.com/${'a'.repeat(200)}`;
    expect(xWeightedLength(long)).toBe(23);
    expect(xWeightedLength('example.com')).toBe(23);
  });
  it('counts CJK and emoji as 2', () => {
    expect(xWeightedLength('日本')).toBe(4);
    expect(xWeightedLength('👨‍👩‍👧‍👦')).toBe(2);
  });
  it('rejects a non-positive limit instead of answering', () => {
    expect(() => isWithinXLimit('x', 0)).toThrow(/positive integer/);
  });
  it('applies a custom limit', () => {
    expect(isWithinXLimit('abcd', 4)).toBe(true);
    expect(isWithinXLimit('abcde', 4)).toBe(false);
  });
});
