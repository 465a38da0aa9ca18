/**
 * Grapheme and UTF-8 measures for Bluesky's limits (≤ 300 graphemes, facet offsets in UTF-8 bytes;
 * PLATFORM.md "Bluesky text"). Graphemes come from `Intl.Segmenter`, the same segmentation the
 * Bluesky libraries use (`@atproto/lex-data` graphemeLen), so our count matches the server's.
 * Never use `text.length`: it counts UTF-16 units and splits emoji in half.
 */

const encoder = new TextEncoder();
let segmenter: Intl.Segmenter | null = null;

function graphemeSegmenter(): Intl.Segmenter {
  // Created lazily: constructing a Segmenter is costly and not every caller needs one.
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter;
}

/** Number of user-perceived characters (extended grapheme clusters). */
export function graphemeLength(text: string): number {
  let n = 0;
  for (const _ of graphemeSegmenter().segment(text)) n++;
  return n;
}

/** Number of bytes of the UTF-8 encoding. */
export function utf8Length(text: string): number {
  return encoder.encode(text).byteLength;
}

/** The grapheme clusters of `text`, in order; joining them gives `text` back. */
export function splitGraphemes(text: string): string[] {
  return Array.from(graphemeSegmenter().segment(text), (s) => s.segment);
}

/** UTF-16 offsets where a grapheme cluster starts, plus `text.length` (all safe cut points). */
export function graphemeBoundaries(text: string): number[] {
  const out: number[] = [];
  for (const s of graphemeSegmenter().segment(text)) out.push(s.index);
  out.push(text.length);
  return out;
}

/** UTF-16 index → UTF-8 byte offset of the same position. */
export function utf16ToUtf8Index(text: string, index: number): number {
  return encoder.encode(text.slice(0, index)).byteLength;
}

/**
 * UTF-8 byte offset → UTF-16 index, or -1 when the offset is outside the text or falls inside a
 * multi-byte character (not a character boundary).
 */
export function utf8ToUtf16Index(text: string, byteOffset: number): number {
  if (!Number.isInteger(byteOffset) || byteOffset < 0) return -1;
  let bytes = 0;
  let i = 0;
  while (i < text.length && bytes < byteOffset) {
    const cp = text.codePointAt(i) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  return bytes === byteOffset ? i : -1;
}
