import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  graphemeBoundaries,
  graphemeLength,
  splitGraphemes,
  utf16ToUtf8Index,
  utf8Length,
  utf8ToUtf16Index,
} from '../../../src-shared/text/graphemes';

const CASES = path.resolve(process.cwd(), '../shared/corpus/atproto-richtext/richtext-cases.json');
const corpus = JSON.parse(readFileSync(CASES, 'utf8')) as {
  length_and_graphemes: Array<{ text: string; expected_utf8_length: number; expected_grapheme_length: number }>;
  grapheme_length: Array<{ text: string; expected_grapheme_length: number }>;
};

describe('richtext-cases.json length_and_graphemes', () => {
  it.each(corpus.length_and_graphemes.map((c) => [JSON.stringify(c.text), c]))('%s', (_n, c) => {
    expect(graphemeLength(c.text)).toBe(c.expected_grapheme_length);
    expect(utf8Length(c.text)).toBe(c.expected_utf8_length);
  });
});

describe('richtext-cases.json grapheme_length', () => {
  it.each(corpus.grapheme_length.map((c) => [JSON.stringify(c.text), c]))('%s', (_n, c) => {
    expect(graphemeLength(c.text)).toBe(c.expected_grapheme_length);
  });
});

describe('graphemes, not UTF-16 units', () => {
  const family = '👨‍👩‍👧‍👦';
  it('counts a ZWJ family as one grapheme of 11 UTF-16 units and 25 bytes', () => {
    expect(family.length).toBe(11);
    expect(graphemeLength(family)).toBe(1);
    expect(utf8Length(family)).toBe(25);
  });
  it('splits into clusters that join back to the text', () => {
    const t = `a${family}é🇫🇷`;
    expect(splitGraphemes(t)).toEqual(['a', family, 'é', '🇫🇷']);
    expect(splitGraphemes(t).join('')).toBe(t);
    expect(graphemeBoundaries(t)).toEqual([0, 1, 12, 13, 17]);
  });
});

describe('UTF-16 ⇄ UTF-8 offsets', () => {
  const t = 'é£😀日x';
  it('maps each boundary both ways', () => {
    const pairs: Array<[number, number]> = [
      [0, 0],
      [1, 2],
      [2, 4],
      [4, 8],
      [5, 11],
      [6, 12],
    ];
    for (const [u16, u8] of pairs) {
      expect(utf16ToUtf8Index(t, u16)).toBe(u8);
      expect(utf8ToUtf16Index(t, u8)).toBe(u16);
    }
  });
  it('answers -1 for a byte offset inside a character or past the end', () => {
    expect(utf8ToUtf16Index(t, 1)).toBe(-1);
    expect(utf8ToUtf16Index(t, 5)).toBe(-1);
    expect(utf8ToUtf16Index(t, 13)).toBe(-1);
    expect(utf8ToUtf16Index(t, -1)).toBe(-1);
  });
});

describe('long texts (segmented in chunks)', () => {
  const direct = (t: string) => Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(t), (x) => x.index);
  it('finds exactly the boundaries of one Segmenter pass, across chunk edges', () => {
    const family = '👨‍👩‍👧‍👦';
    const zalgo = `e${'\u0301'.repeat(300)}`; // one cluster far longer than the look-ahead
    const unit = `ab ${family} é 🇫🇷🇩🇪 日本 ${zalgo} x\r\ny `;
    const t = unit.repeat(12);
    expect(t.length).toBeGreaterThan(4000);
    expect(graphemeBoundaries(t)).toEqual([...direct(t), t.length]);
    expect(graphemeLength(t)).toBe(direct(t).length);
    expect(splitGraphemes(t).join('')).toBe(t);
  });
  it('counts printable ASCII by length and CRLF as one', () => {
    expect(graphemeLength('a'.repeat(5000))).toBe(5000);
    expect(graphemeLength('a\r\nb')).toBe(3);
  });
});
