/**
 * Bluesky rich-text facets (SPEC §2.2, PLATFORM.md "Text"): facets are UTF-8 byte ranges, so they
 * are computed by `@atproto/api` RichText (which converts UTF-16 → UTF-8) and never from JS string
 * indices, which drift after é, £, emoji or CJK. Hashtags become `#tag` facets (otherwise they never
 * reach tag feeds); an X `@handle` becomes a mention only through an explicit handle → DID mapping,
 * because the same handle on Bluesky may belong to an unrelated person.
 */
import { RichText } from '@atproto/api';
import { isValidDid } from '@atproto/syntax';
import { z } from 'zod';
import { AppError, ErrorCode } from '../errors';
import { utf16ToUtf8Index, utf8ToUtf16Index } from './graphemes';
import { extractXEntities } from './xLength';

export const FACET_LINK = 'app.bsky.richtext.facet#link';
export const FACET_MENTION = 'app.bsky.richtext.facet#mention';
export const FACET_TAG = 'app.bsky.richtext.facet#tag';

export interface ByteSlice {
  byteStart: number;
  byteEnd: number;
}
export type FacetFeature =
  | { $type: typeof FACET_LINK; uri: string }
  | { $type: typeof FACET_MENTION; did: string }
  | { $type: typeof FACET_TAG; tag: string };

/** An `app.bsky.richtext.facet` (the optional top-level `$type` is left out). */
export interface BskyFacet {
  index: ByteSlice;
  features: FacetFeature[];
}

export interface BuildBskyTextOptions {
  /** Handle (X or Bluesky, with or without `@`, any case) → Bluesky DID of the same person. */
  mentionDids?: Record<string, string>;
  /** Turn an unmapped X `@handle` into a link to its x.com profile instead of leaving it bare. */
  xProfileLinks?: boolean;
}

export interface BskyText {
  text: string;
  facets: BskyFacet[];
}

function normalizeMentionDids(input: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (input === undefined) return out;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AppError(ErrorCode.InvalidInput, 'mentionDids must be an object mapping a handle to a DID, e.g. { "alice": "did:plc:abc123" }.');
  }
  for (const [handle, did] of Object.entries(input as Record<string, unknown>)) {
    if (typeof did !== 'string' || !isValidDid(did)) {
      throw new AppError(
        ErrorCode.InvalidInput,
        `The mention mapping for "${handle}" is not a DID (${JSON.stringify(did)}). Use a DID such as did:plc:abc123.`,
        { field: 'mentionDids', handle },
      );
    }
    out.set(handle.trim().replace(/^@/, '').toLowerCase(), did);
  }
  return out;
}

function overlaps(a: ByteSlice, b: ByteSlice): boolean {
  return a.byteStart < b.byteEnd && b.byteStart < a.byteEnd;
}

/** RichText's own detection (links incl. bare domains, tags, cashtags, domain-style mentions). */
function detectRaw(text: string): BskyFacet[] {
  const rt = new RichText({ text });
  rt.detectFacetsWithoutResolution();
  const out: BskyFacet[] = [];
  for (const f of rt.facets ?? []) {
    const feat = f.features[0] as { $type?: string; uri?: string; did?: string; tag?: string } | undefined;
    const index = { byteStart: f.index.byteStart, byteEnd: f.index.byteEnd };
    if (feat?.$type === FACET_LINK && feat.uri) out.push({ index, features: [{ $type: FACET_LINK, uri: feat.uri }] });
    else if (feat?.$type === FACET_TAG && feat.tag) out.push({ index, features: [{ $type: FACET_TAG, tag: feat.tag }] });
    // Unresolved mention: RichText puts the handle where the DID will go.
    else if (feat?.$type === FACET_MENTION && feat.did) out.push({ index, features: [{ $type: FACET_MENTION, did: feat.did }] });
  }
  return out;
}

/** X-style `@name` mentions (no dot), which RichText does not detect. */
function xMentionFacets(text: string, dids: Map<string, string>, profileLinks: boolean): BskyFacet[] {
  const out: BskyFacet[] = [];
  for (const m of extractXEntities(text).mentions) {
    const index = { byteStart: utf16ToUtf8Index(text, m.indices[0]), byteEnd: utf16ToUtf8Index(text, m.indices[1]) };
    const did = dids.get(m.screenName.toLowerCase());
    if (did) out.push({ index, features: [{ $type: FACET_MENTION, did }] });
    else if (profileLinks) out.push({ index, features: [{ $type: FACET_LINK, uri: `https://x.com/${m.screenName}` }] });
  }
  return out;
}

/**
 * Text + facets for a Bluesky post. The text is returned unchanged; facets are sorted by start and
 * never overlap. Mentions appear only for handles in `mentionDids`.
 */
export function buildBskyText(text: string, opts: BuildBskyTextOptions = {}): BskyText {
  if (typeof text !== 'string') throw new AppError(ErrorCode.InvalidInput, 'buildBskyText needs the post text as a string.');
  const dids = normalizeMentionDids(opts.mentionDids);
  const kept: BskyFacet[] = [];
  for (const f of detectRaw(text)) {
    const feat = f.features[0];
    if (feat?.$type !== FACET_MENTION) {
      kept.push(f);
      continue;
    }
    const did = dids.get(feat.did.toLowerCase());
    if (did) kept.push({ index: f.index, features: [{ $type: FACET_MENTION, did }] });
  }
  for (const f of xMentionFacets(text, dids, opts.xProfileLinks === true)) {
    if (!kept.some((k) => overlaps(k.index, f.index))) kept.push(f);
  }
  kept.sort((a, b) => a.index.byteStart - b.index.byteStart);
  return { text, facets: kept };
}

/**
 * UTF-16 [start, end) ranges of everything Bluesky would turn into a facet (links, tags,
 * domain-style mentions), so a splitter can avoid cutting through them.
 */
export function bskyEntityRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const f of detectRaw(text)) {
    const s = utf8ToUtf16Index(text, f.index.byteStart);
    const e = utf8ToUtf16Index(text, f.index.byteEnd);
    if (s >= 0 && e > s) out.push([s, e]);
  }
  return out;
}

const facetSchema = z.object({
  index: z.object({ byteStart: z.number().int().nonnegative(), byteEnd: z.number().int().nonnegative() }),
  features: z.array(z.object({ $type: z.string() }).passthrough()).min(1),
});

/** True when the byte range is non-empty, inside the text and on UTF-8 character boundaries. */
function rangeIsValid(bytes: Uint8Array, r: ByteSlice): boolean {
  if (r.byteStart >= r.byteEnd || r.byteEnd > bytes.length) return false;
  // A UTF-8 continuation byte is 0b10xxxxxx: a range may neither start nor end before one.
  const isCont = (i: number) => i < bytes.length && ((bytes[i] ?? 0) & 0xc0) === 0x80;
  return !isCont(r.byteStart) && !isCont(r.byteEnd);
}

/** Every facet is well-formed, has at least one feature and a valid byte range for `text`. */
export function facetsAreValid(text: string, facets: readonly unknown[]): boolean {
  if (typeof text !== 'string' || !Array.isArray(facets)) return false;
  const bytes = new TextEncoder().encode(text);
  return facets.every((f) => {
    const p = facetSchema.safeParse(f);
    return p.success && rangeIsValid(bytes, p.data.index);
  });
}

const ELLIPSIS = /(?:…|\.\.\.)$/;

function stripScheme(s: string): string {
  return s.toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '');
}

/** What the X copy shows for a link facet: the full URI, or "text (uri)" for a captioned link. */
function linkReplacement(display: string, uri: string): string {
  const core = stripScheme(display.trim().replace(ELLIPSIS, ''));
  const full = stripScheme(uri);
  // Shortened display ("example.com/some…") or any URL-looking text: the URI says it better.
  if (core && full.startsWith(core)) return uri;
  if (/^(https?:\/\/)?[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+(\/\S*)?$/u.test(display.trim())) return uri;
  // Captioned link ("read this"): keep the words and add the destination, nothing is lost.
  return `${display} (${uri})`;
}

/**
 * Bluesky → X: each link facet's displayed text (often shortened, like `example.com/some…`)
 * becomes the facet's full `uri`. Facets that are malformed, not links, out of range, off a
 * character boundary or overlapping an earlier link are left as plain text.
 */
export function expandLinkFacets(text: string, facets: readonly unknown[]): string {
  if (typeof text !== 'string') throw new AppError(ErrorCode.InvalidInput, 'expandLinkFacets needs the post text as a string.');
  const bytes = new TextEncoder().encode(text);
  const links: Array<{ index: ByteSlice; uri: string }> = [];
  for (const f of Array.isArray(facets) ? facets : []) {
    const p = facetSchema.safeParse(f);
    if (!p.success || !rangeIsValid(bytes, p.data.index)) continue;
    const link = p.data.features.find((x) => x.$type === FACET_LINK && typeof x.uri === 'string' && x.uri.length > 0);
    if (link) links.push({ index: p.data.index, uri: link.uri as string });
  }
  links.sort((a, b) => a.index.byteStart - b.index.byteStart);
  const decoder = new TextDecoder();
  let out = '';
  let pos = 0;
  for (const l of links) {
    if (l.index.byteStart < pos) continue; // overlaps the previous link
    out += decoder.decode(bytes.subarray(pos, l.index.byteStart));
    out += linkReplacement(decoder.decode(bytes.subarray(l.index.byteStart, l.index.byteEnd)), l.uri);
    pos = l.index.byteEnd;
  }
  return out + decoder.decode(bytes.subarray(pos));
}
