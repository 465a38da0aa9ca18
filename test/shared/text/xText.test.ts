import { describe, expect, it } from 'vitest';
import { decodeXEntitiesOnce, normalizeXText } from '../../../src-shared/text/xText';

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
