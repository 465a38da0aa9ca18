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

/** Segment at most this many UTF-16 units at a time, plus a look-ahead for the rules' context. */
const CHUNK = 1024;
const LOOKAHEAD = 64;

/**
 * UTF-16 offsets where each grapheme cluster starts (ascending, starting with 0 for non-empty
 * text). Long texts are segmented in chunks that begin on a known cluster start: iterating one
 * Intl.Segmenter over a whole long string is quadratic in V8 (seconds for 50k characters).
 */
function clusterStarts(text: string): number[] {
  const seg = graphemeSegmenter();
  const out: number[] = [];
  let a = 0;
  let win = CHUNK;
  while (a < text.length) {
    const stop = a + win;
    const slice = text.slice(a, stop + LOOKAHEAD);
    let next = -1;
    for (const s of seg.segment(slice)) {
      const p = a + s.index;
      if (p >= stop && p > a) {
        next = p;
        break;
      }
      out.push(p);
    }
    if (next >= 0) {
      a = next;
      win = CHUNK;
    } else if (a + slice.length >= text.length) {
      break;
    } else {
      // One cluster runs past the look-ahead (e.g. a long run of combining marks): redo it wider.
      a = out.pop() ?? a;
      win *= 2;
    }
  }
  return out;
}

/** Number of user-perceived characters (extended grapheme clusters). */
export function graphemeLength(text: string): number {
  // Fast path: between two printable ASCII characters there is always a cluster boundary.
  if (/^[\x20-\x7e\t\n]*$/.test(text)) return text.length;
  return clusterStarts(text).length;
}

/** Number of bytes of the UTF-8 encoding. */
export function utf8Length(text: string): number {
  return encoder.encode(text).byteLength;
}

/** The grapheme clusters of `text`, in order; joining them gives `text` back. */
export function splitGraphemes(text: string): string[] {
  const starts = clusterStarts(text);
  return starts.map((s, i) => text.slice(s, starts[i + 1] ?? text.length));
}

/** UTF-16 offsets where a grapheme cluster starts, plus `text.length` (all safe cut points). */
export function graphemeBoundaries(text: string): number[] {
  const out = clusterStarts(text);
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
