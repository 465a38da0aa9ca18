import { describe, expect, it } from 'vitest';
import { buildBskyText, expandLinkFacets } from '../../../src-shared/text/facets';
import { fingerprint, isTruncatedText, normalizeForFingerprint, sameContent } from '../../../src-shared/text/fingerprint';
import { truncateWithLink } from '../../../src-shared/text/split';
import { normalizeXText } from '../../../src-shared/text/xText';

describe('normalizeForFingerprint', () => {
  it('applies NFC, folds case, collapses whitespace and trims', () => {
    expect(normalizeForFingerprint('  Cafe\u0301   DU\tMonde\n\n ')).toBe('café du monde');
  });
  it('removes every URL: scheme URLs, t.co, bare domains, shortened display forms', () => {
    expect(normalizeForFingerprint('a https://t.co/AbC123 b example.com/x c www.example.org d example.com/some… e')).toBe('a b c d e');
  });
  it('ignores a trailing ellipsis, "…" or "..."', () => {
    expect(normalizeForFingerprint('and then…')).toBe('and then');
    expect(normalizeForFingerprint('and then...')).toBe('and then');
    expect(normalizeForFingerprint('and then … ')).toBe('and then');
  });
  it('keeps hashtags, mentions and ordinary dotted words', () => {
    expect(normalizeForFingerprint('#Tag @alice e.g. file.jpg')).toBe('#tag @alice e.g. file.jpg');
  });
});

describe('fingerprint as the second loop guard', () => {
  const original = 'Café news: read https://example.com/articles/2024/how-it-works-in-detail and tell me… #news';

  it('is a stable 16-digit hex value', () => {
    expect(fingerprint(original)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(original)).toBe(fingerprint(original));
  });
  it('matches between the X copy with t.co links and the original with expanded links', () => {
    const xCopy = 'Café news: read https://t.co/Zx81kQpLm2 and tell me… #news';
    expect(fingerprint(xCopy)).toBe(fingerprint(original));
  });
  it('matches the X copy after normalizeXText (entities decoded, t.co expanded)', () => {
    const xText = normalizeXText({
      fullText: 'Fish &amp; chips: https://t.co/Zx81kQpLm2',
      urls: [{ url: 'https://t.co/Zx81kQpLm2', expanded_url: 'https://example.com/fish' }],
    });
    expect(fingerprint(xText)).toBe(fingerprint('Fish & chips: example.com/fish'));
  });
  it('matches a Bluesky original whose link shows shortened, after expandLinkFacets on the way to X', () => {
    const bskyText = 'Read this: example.com/articles/2024/how-it… now';
    const bytes = new TextEncoder();
    const start = bytes.encode('Read this: ').length;
    const facet = {
      index: { byteStart: start, byteEnd: start + bytes.encode('example.com/articles/2024/how-it…').length },
      features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/articles/2024/how-it-works' }],
    };
    const xText = expandLinkFacets(bskyText, [facet]);
    expect(xText).toBe('Read this: https://example.com/articles/2024/how-it-works now');
    expect(fingerprint(xText)).toBe(fingerprint(bskyText));
  });
  it('matches across case, NFC/NFD and whitespace differences', () => {
    expect(fingerprint('CAFE\u0301  news')).toBe(fingerprint('café news'));
  });
  it('differs for different words', () => {
    expect(fingerprint('café news today')).not.toBe(fingerprint('café news tomorrow'));
  });
  it('gives link-only posts distinct non-empty fingerprints, and empty text none', () => {
    const a = fingerprint('https://example.com/a');
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(a).not.toBe(fingerprint('https://example.com/b'));
    expect(fingerprint('   ')).toBe('');
  });
  it('is unaffected by the facets buildBskyText adds (text is returned unchanged)', () => {
    expect(fingerprint(buildBskyText(original).text)).toBe(fingerprint(original));
  });
});

describe('truncated copies', () => {
  const long = Array.from({ length: 70 }, (_, i) => `word${i}`).join(' ');
  const link = 'https://x.com/alice/status/1790000000000000000';

  it('isTruncatedText sees the ellipsis before a trailing link', () => {
    expect(isTruncatedText(truncateWithLink(long, link, 'bsky'))).toBe(true);
    expect(isTruncatedText(long)).toBe(false);
  });
  it('sameContent matches a truncateWithLink copy to its original, and not to another text', () => {
    const copy = truncateWithLink(long, link, 'bsky');
    expect(sameContent(copy, long)).toBe(true);
    expect(sameContent(long, copy)).toBe(true);
    expect(sameContent(copy, long.replace('word3 ', 'other '))).toBe(false);
  });
  it('sameContent does not call a short untruncated prefix the same post', () => {
    expect(sameContent('word0 word1', long)).toBe(false);
    expect(sameContent('word0 word1…', long)).toBe(false); // too short to be sure
  });
});
