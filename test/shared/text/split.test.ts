import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { graphemeLength, splitGraphemes, utf8Length } from '../../../src-shared/text/graphemes';
import { splitForBsky, splitForX, truncateWithLink } from '../../../src-shared/text/split';
import { extractXEntities, xWeightedLength } from '../../../src-shared/text/xLength';

const words = (s: string) => s.split(/\s+/).filter(Boolean);
const family = '👨‍👩‍👧‍👦';

/** Properties every split must have: no empty/untrimmed part, and every word kept in order. */
function expectWellFormed(text: string, parts: string[]): void {
  expect(parts.length).toBeGreaterThan(0);
  for (const p of parts) {
    expect(p).not.toBe('');
    expect(p).toBe(p.trim());
  }
  expect(words(parts.join(' '))).toEqual(words(text));
}
const fitsBsky = (p: string) => graphemeLength(p) <= 300 && utf8Length(p) <= 3000;

describe('texts that fit', () => {
  it('come back unchanged as one part', () => {
    expect(splitForX('  hello  world ')).toEqual(['  hello  world ']);
    expect(splitForBsky('a'.repeat(300))).toEqual(['a'.repeat(300)]);
  });
  it('a blank text gives no parts at all (never an empty post)', () => {
    expect(splitForX(' \n ')).toEqual([]);
    expect(splitForBsky('')).toEqual([]);
  });
});

describe('splitForBsky: graphemes, not UTF-16 (PLATFORM.md "Text")', () => {
  // 90 words of 9 graphemes (a ZWJ family + 8 letters) and 89 spaces, plus "." = 900 graphemes.
  const word = `${family}abcdefgh`;
  const text = `${Array.from({ length: 90 }, () => word).join(' ')}.`;

  it('a 900-grapheme text becomes exactly 3 full parts', () => {
    expect(graphemeLength(text)).toBe(900);
    expect(text.length).toBe(1800); // counting UTF-16 units would make 6 parts
    const parts = splitForBsky(text);
    expectWellFormed(text, parts);
    expect(parts.map(graphemeLength)).toEqual([299, 299, 300]);
  });
  it('never cuts inside an emoji/ZWJ sequence, even with no spaces at all', () => {
    const t = family.repeat(250) + 'x'.repeat(200);
    const parts = splitForBsky(t);
    expect(parts.every(fitsBsky)).toBe(true);
    expect(parts.join('')).toBe(t);
    for (const p of parts) expect(splitGraphemes(p).every((g) => g === family || g === 'x')).toBe(true);
  });
  it('respects the 3000-byte cap as well as the grapheme cap (25-byte families: 120 a part)', () => {
    const t = family.repeat(700);
    const parts = splitForBsky(t);
    expect(parts.map(graphemeLength)).toEqual([120, 120, 120, 120, 120, 100]);
    expect(parts.every((p) => utf8Length(p) <= 3000)).toBe(true);
  });
  it('keeps a URL, @mention and #hashtag whole across a part boundary', () => {
    const url = 'https://example.com/articles/2024/some-long-slug-here';
    const filler = 'word '.repeat(58); // 290 graphemes
    const t = `${filler}${url} then @alice.bsky.social and #hashtagged ${filler}@bob.example.com #lasttag end`;
    const parts = splitForBsky(t);
    expectWellFormed(t, parts);
    expect(parts.every(fitsBsky)).toBe(true);
    for (const token of [url, '@alice.bsky.social', '#hashtagged', '@bob.example.com', '#lasttag']) {
      expect(parts.some((p) => p.includes(token))).toBe(true);
    }
  });
  it('cuts a single URL longer than the whole limit only as a last resort, losing nothing', () => {
    const url = `https://example.com/${'a'.repeat(400)}`;
    const parts = splitForBsky(`see ${url}`);
    expect(parts.every(fitsBsky)).toBe(true);
    expect(parts.length).toBe(2);
    expect(parts.join(' ').replace(/\s+/g, '')).toBe(`see${url}`);
  });
});

describe('splitForX: weighted length, minimal parts', () => {
  it('a 600-weighted text of words becomes the minimal 3 parts, each filled', () => {
    const t = Array.from({ length: 100 }, (_, i) => `w${String(i).padStart(3, '0')}`).join(' ') + ' tail' + 'z'.repeat(96);
    expect(xWeightedLength(t)).toBe(600);
    const parts = splitForX(t);
    expectWellFormed(t, parts);
    expect(parts).toHaveLength(3);
    expect(parts.every((p) => xWeightedLength(p) <= 280)).toBe(true);
    expect(xWeightedLength(parts[0] as string)).toBeGreaterThanOrEqual(275);
  });
  it('counts URLs as 23 so a text with many long URLs is not over-split', () => {
    const urls = Array.from({ length: 20 }, (_, i) => `https://example.com/${'x'.repeat(80)}/${i}`);
    const t = urls.map((u) => `see ${u}`).join(' ');
    expect(t.length).toBeGreaterThan(2000);
    expect(xWeightedLength(t)).toBe(559);
    const parts = splitForX(t);
    expectWellFormed(t, parts);
    expect(parts).toHaveLength(2);
    expect(parts.flatMap((p) => extractXEntities(p).urls.map((u) => u.url))).toEqual(urls);
  });
  it('prefers sentence boundaries when that costs no extra part', () => {
    const t = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const parts = splitForX(t);
    expectWellFormed(t, parts);
    expect(parts).toHaveLength(Math.ceil(xWeightedLength(t) / 280));
    expect(parts.every((p) => p.endsWith('.'))).toBe(true);
  });
  it('does not take an early sentence end that would leave a part under half full', () => {
    const t = `Short one. ${'lorem ipsum dolor sit amet '.repeat(20)}`.trim();
    const parts = splitForX(t);
    expectWellFormed(t, parts);
    expect(parts[0]?.startsWith('Short one. lorem')).toBe(true);
  });
  it('splits CJK (weight 2, no spaces) at 。 and within the limit', () => {
    const t = '故人西辞黄鹤楼，烟花三月下扬州。'.repeat(30);
    const parts = splitForX(t);
    expect(parts.join('')).toBe(t);
    expect(parts.every((p) => xWeightedLength(p) <= 280 && p.endsWith('。'))).toBe(true);
    expect(parts).toHaveLength(4); // 960 weighted: 3 parts cannot hold it
  });
  it('breaks at grapheme boundaries when a word is longer than a part', () => {
    const t = 'x'.repeat(700);
    expect(splitForX(t)).toEqual(['x'.repeat(280), 'x'.repeat(280), 'x'.repeat(140)]);
  });
});

describe('numbering', () => {
  it('appends " i/n", counted in the length', () => {
    const t = Array.from({ length: 120 }, (_, i) => `item${i}`).join(' ');
    const parts = splitForX(t, { numbering: true });
    const n = parts.length;
    parts.forEach((p, i) => {
      expect(p.endsWith(` ${i + 1}/${n}`)).toBe(true);
      expect(xWeightedLength(p)).toBeLessThanOrEqual(280);
    });
    const unnumbered = parts.map((p, i) => p.slice(0, -` ${i + 1}/${n}`.length));
    expectWellFormed(t, unnumbered);
  });
  it('works for Bluesky too and leaves a fitting text unnumbered', () => {
    expect(splitForBsky('short', { numbering: true })).toEqual(['short']);
    const t = 'abc '.repeat(200).trim();
    const parts = splitForBsky(t, { numbering: true });
    expect(parts.every((p, i) => p.endsWith(` ${i + 1}/${parts.length}`) && fitsBsky(p))).toBe(true);
  });
  it('rejects a silly limit', () => {
    expect(() => splitForX('abc', { maxLength: 3 })).toThrow(AppError);
  });
});

describe('truncateWithLink', () => {
  const link = 'https://bsky.app/profile/alice.bsky.social/post/3kabcdefghij2';
  const long = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');

  it('X: one part that fits, ends in "… <link>", the link weighing 23, cut at a word', () => {
    const out = truncateWithLink(long, link, 'x');
    expect(xWeightedLength(out)).toBeLessThanOrEqual(280);
    expect(xWeightedLength(out)).toBeGreaterThan(270);
    expect(out.endsWith(`… ${link}`)).toBe(true);
    const kept = out.slice(0, -`… ${link}`.length);
    expect(long.startsWith(kept)).toBe(true);
    expect(long[kept.length]).toBe(' ');
  });
  it('Bluesky: counts the link in graphemes', () => {
    const out = truncateWithLink(long, link, 'bsky');
    expect(graphemeLength(out)).toBeLessThanOrEqual(300);
    expect(graphemeLength(out)).toBeGreaterThan(290);
    expect(out.endsWith(`… ${link}`)).toBe(true);
  });
  it('never cuts an emoji', () => {
    const out = truncateWithLink(family.repeat(400), link, 'bsky');
    const kept = out.slice(0, -`… ${link}`.length);
    expect(splitGraphemes(kept).every((g) => g === family)).toBe(true);
    expect(fitsBsky(out)).toBe(true);
  });
  it('returns a fitting text unchanged', () => {
    expect(truncateWithLink('short', link, 'x')).toBe('short');
  });
  it('rejects a link that is not an http(s) URL, or too long to fit', () => {
    expect(() => truncateWithLink(long, 'not a url', 'x')).toThrow(/http\(s\) URL/);
    expect(() => truncateWithLink(long, `https://e.com/${'a'.repeat(400)}`, 'bsky')).toThrow(/too long/);
  });
});
