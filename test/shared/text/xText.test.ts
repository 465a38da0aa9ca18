import { describe, expect, it } from 'vitest';
import { splitForBsky } from '../../../src-shared/text/split';
import { decodeXEntitiesOnce, normalizeXText, stripReplyPrefix } from '../../../src-shared/text/xText';
import { isWithinXLimit, xWeightedLength } from '../../../src-shared/text/xLength';

describe('HTML entities (PLATFORM.md "Text")', () => {
  it('decodes &amp; &lt; &gt; once', () => {
    expect(decodeXEntitiesOnce('Fish &amp; chips &lt;3 &gt; all')).toBe('Fish & chips <3 > all');
  });
  it('decodes exactly once: &amp;amp; becomes &amp;, never &', () => {
    expect(decodeXEntitiesOnce('a &amp;amp; b &amp;lt;')).toBe('a &amp; b &lt;');
    expect(normalizeXText({ fullText: 'a &amp;amp; b' })).toBe('a &amp; b');
  });
  it('leaves unknown entities and bare ampersands alone', () => {
    expect(decodeXEntitiesOnce('AT&T &copy; &#169;')).toBe('AT&T &copy; &#169;');
  });
});

describe('reply mentions do not eat the length budget', () => {
  const typed = 'w'.repeat(270);
  const mentions = Array.from({ length: 10 }, (_, i) => `@user_number${i}`).join(' ') + ' ';

  it('drops the auto-prepended run given by display_text_range', () => {
    const fullText = mentions + typed;
    expect(xWeightedLength(fullText)).toBeGreaterThan(280);
    const text = normalizeXText({ fullText, displayTextRange: [mentions.length, fullText.length] });
    expect(text).toBe(typed);
    expect(isWithinXLimit(text)).toBe(true);
    expect(splitForBsky(text)).toEqual([typed]);
  });
  it('keeps a mention the person typed after the auto-added ones', () => {
    expect(stripReplyPrefix('@alice @bob look at this', '@alice '.length)).toBe('@bob look at this');
  });
  it('keeps everything when display_text_range starts at 0 or beyond the mention run', () => {
    expect(stripReplyPrefix('@alice hi', 0)).toBe('@alice hi');
    expect(stripReplyPrefix('@alice hi there', 12)).toBe('@alice hi there');
  });
});

describe('links', () => {
  it('expands t.co links and drops media links', () => {
    const out = normalizeXText({
      fullText: 'Look https://t.co/abc and https://t.co/abcd https://t.co/media1',
      urls: [
        { url: 'https://t.co/abc', expanded_url: 'https://example.com/one' },
        { url: 'https://t.co/abcd', expanded_url: 'https://example.com/two' },
      ],
      media: [{ url: 'https://t.co/media1' }],
    });
    expect(out).toBe('Look https://example.com/one and https://example.com/two');
  });
});

// Cases added with the display_text_range fix (28c3a1f), kept alongside the ones above.
describe('normalizeXText (PLATFORM.md "Text")', () => {
  it('decodes entities exactly once: &amp;amp; becomes &amp;, never &', () => {
    expect(decodeXEntitiesOnce('Tom &amp;amp; Jerry &lt;3 &gt; x')).toBe('Tom &amp; Jerry <3 > x');
  });

  it('drops only the auto-prepended reply mentions, keeping a mention the author typed first', () => {
    expect(normalizeXText({ fullText: '@bob @carol thanks!', displayTextRange: [12, 19] })).toBe('thanks!');
    expect(normalizeXText({ fullText: '@Fort @Fort plz fix', displayTextRange: [6, 19] })).toBe('@Fort plz fix');
  });

  it('expands t.co links, removes the appended media link and leaves note text unescaped', () => {
    const t = normalizeXText({
      fullText: 'read https://t.co/abc &amp; see https://t.co/media',
      urls: [{ url: 'https://t.co/abc', expanded_url: 'https://example.com/a?x=1&y=2' }],
      media: [{ url: 'https://t.co/media' }],
    });
    expect(t).toBe('read https://example.com/a?x=1&y=2 & see');
    expect(normalizeXText({ fullText: 'AT&amp;T is literal in notes', htmlEscaped: false })).toBe('AT&amp;T is literal in notes');
  });
});
