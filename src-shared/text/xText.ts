/**
 * X's stored text → our display text, done once and in one place for live GraphQL posts and archive
 * posts alike (SPEC §2.2, PLATFORM.md "Text"):
 * - the auto-prepended reply mentions (before display_text_range[0]) are dropped,
 * - media links (appended t.co URLs of photos/videos) are dropped,
 * - every other t.co URL becomes its expanded URL,
 * - HTML entities (X escapes &, <, >) are decoded exactly once, after the URL work, so `&amp;amp;`
 *   becomes `&amp;` and never `&`.
 * URLs are matched by their t.co string rather than by `indices` because X's indices are code-point
 * based in some payloads and UTF-16 based in others; the t.co string is unambiguous.
 */
export interface XUrlEntity {
  url: string;
  expanded_url?: string | null;
  display_url?: string | null;
}

export interface XTextInput {
  fullText: string;
  displayTextRange?: readonly [number, number] | readonly number[] | null;
  urls?: readonly XUrlEntity[];
  /** entities.media / extended_entities.media: only `url` (the t.co link) matters here. */
  media?: readonly { url?: string | null }[];
  /** `legacy.full_text` and archive text are HTML-escaped; note-tweet text is not (X-WEB-API.md). Default true. */
  htmlEscaped?: boolean;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'" };

/** Decodes the entities X produces, in a single pass (never twice). */
export function decodeXEntitiesOnce(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#39|#x27);/g, (_, name: string) => ENTITY[name] ?? _);
}

/** The leading `@a @b ` run that X prepends to replies. Only ASCII, so its length is the same in any index unit. */
const REPLY_PREFIX = /^(?:\.?@[A-Za-z0-9_]{1,15}\s+)+/;

export function stripReplyPrefix(fullText: string, displayStart: number): string {
  if (displayStart <= 0) return fullText;
  const m = REPLY_PREFIX.exec(fullText);
  // Trust display_text_range only when it ends inside the mention run it describes, and cut exactly
  // there: a mention the author typed first ("@a @a plz fix", range [3, …]) is part of the text.
  if (m && displayStart <= m[0].length) return fullText.slice(displayStart).replace(/^\s+/, '');
  return fullText;
}

export function normalizeXText(input: XTextInput): string {
  const start = input.displayTextRange?.[0] ?? 0;
  let text = stripReplyPrefix(input.fullText, start);
  for (const m of input.media ?? []) {
    if (m.url) text = text.split(m.url).join('');
  }
  // Longest first so a t.co URL that is a prefix of another cannot corrupt it.
  const urls = [...(input.urls ?? [])].sort((a, b) => b.url.length - a.url.length);
  for (const u of urls) {
    if (u.url) text = text.split(u.url).join(u.expanded_url || u.url);
  }
  const decoded = input.htmlEscaped === false ? text : decodeXEntitiesOnce(text);
  return decoded.replace(/[ \t]+$/gm, '').trim();
}
