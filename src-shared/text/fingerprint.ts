/**
 * Content fingerprints: the second loop guard after the link table (SPEC §2.3 "No loops"). The X
 * copy of a Bluesky post and the original (or the reverse) must give the same fingerprint even
 * though one carries t.co links, the other expanded or shortened (`example.com/some…`) links, and
 * one may end in "…". So the normalised form drops every URL-bearing token, folds case, applies
 * NFC, collapses whitespace and ignores a trailing ellipsis.
 */
import { bskyEntityRanges } from './facets';
import { fnv1a64Hex } from './fnv1a';
import { extractXEntities } from './xLength';

const SCHEME_URL = /\bhttps?:\/\/\S*/giu;
const TRAILING_ELLIPSIS = /(?:\s*(?:…|\.\.\.))+$/u;

/** UTF-16 ranges of everything either network would link (incl. bare domains and t.co). */
function urlRanges(text: string): Array<[number, number]> {
  const x = extractXEntities(text).urls.map((u) => u.indices);
  // RichText's link detection also catches what twitter-text's TLD list misses, and vice versa.
  const bsky = bskyEntityRanges(text).filter(([s]) => !/^[#＃$@]/u.test(text[s] ?? ''));
  return [...x, ...bsky];
}

/**
 * Removes each whitespace-separated token that contains a URL. Whole tokens go, so a shortened
 * display form (`example.com/some…`) and its full URL (`https://example.com/something`) both
 * disappear without leaving a stray "…" or punctuation behind on one side only.
 */
function dropUrlTokens(text: string): string {
  const ranges = urlRanges(text);
  const out: string[] = [];
  for (const m of text.matchAll(/\S+/gu)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const hasUrl = ranges.some(([s, e]) => s < end && e > start) || SCHEME_URL.test(m[0]);
    SCHEME_URL.lastIndex = 0;
    if (!hasUrl) out.push(m[0]);
  }
  return out.join(' ');
}

/** NFC, lower-cased, URLs (incl. t.co and bare domains) removed, whitespace collapsed, trailing ellipsis dropped, trimmed. */
export function normalizeForFingerprint(text: string): string {
  if (typeof text !== 'string') return '';
  const nfc = text.normalize('NFC').toLowerCase();
  return dropUrlTokens(nfc).replace(/\s+/gu, ' ').replace(TRAILING_ELLIPSIS, '').trim();
}

/**
 * Stable 16-hex-digit FNV-1a 64 hash of the normalised text. A text that is nothing but links has
 * no words left after normalising; it is then hashed on its whitespace-collapsed, lower-cased
 * form (a marker keeps the two spaces apart), so two different link-only posts never collide —
 * at the cost that its t.co and expanded forms differ. Only an empty text gives ''.
 */
export function fingerprint(text: string): string {
  if (typeof text !== 'string' || text.trim() === '') return '';
  const n = normalizeForFingerprint(text);
  if (n !== '') return fnv1a64Hex(n);
  return fnv1a64Hex(`\u0000links-only:${text.normalize('NFC').toLowerCase().replace(/\s+/gu, ' ').trim()}`);
}

/** True when the text ends with an ellipsis (before any trailing links): it was cut short. */
export function isTruncatedText(text: string): boolean {
  const withoutLinks = dropUrlTokens(text.normalize('NFC')).trim();
  return /(?:…|\.\.\.)$/u.test(withoutLinks);
}

/** Below this many normalised characters a prefix says too little to call two posts the same. */
const MIN_PREFIX_CHARS = 40;

/**
 * Same content, allowing for truncation: equal fingerprints, or one text is a truncated copy
 * ("…", optionally followed by a link back) whose normalised form is a prefix of the other's.
 */
export function sameContent(a: string, b: string): boolean {
  const na = normalizeForFingerprint(a);
  const nb = normalizeForFingerprint(b);
  if (na === '' || nb === '') return false;
  if (na === nb) return true;
  const [short, long, shortRaw] = na.length < nb.length ? [na, nb, a] : [nb, na, b];
  if (!isTruncatedText(shortRaw)) return false;
  // The cut may have fallen mid-word: then only the words before the last space must match.
  const lastSpace = short.lastIndexOf(' ');
  const head = long.startsWith(short) ? short : lastSpace > 0 ? short.slice(0, lastSpace) : '';
  return head.length >= MIN_PREFIX_CHARS && long.startsWith(head);
}
