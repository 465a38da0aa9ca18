/**
 * X (Twitter) text length and entity extraction, as `twitter-text` v3 counts them (SPEC §2.2,
 * PLATFORM.md "X text"): every URL (incl. bare domains like `example.com`) weighs 23, CJK and emoji
 * weigh 2, Latin and general punctuation weigh 1, 280 is the limit. We wrap the official library
 * instead of re-implementing its tables so the count stays identical to what X enforces.
 */
import * as twitterTextNs from 'twitter-text';
import type { ParsedTweet, ParseTweetOptions } from 'twitter-text';

type TwitterText = typeof twitterTextNs & {
  configs: { version1: ParseTweetOptions; version2: ParseTweetOptions; version3: ParseTweetOptions };
  isValidTweetText?: (text: string) => boolean;
};

// twitter-text ships CJS (`module.exports = {...}`) and an ESM build with a default export; under
// Node the namespace holds only `default`, under a bundler it may hold the names: accept both.
const nsWithDefault = twitterTextNs as unknown as { default?: TwitterText };
export const twitterText: TwitterText = nsWithDefault.default ?? (twitterTextNs as TwitterText);

export const X_MAX_WEIGHTED_LENGTH = 280;
/** Weight of any URL (t.co wrapping), from config/v3.json `transformedURLLength`. */
export const X_URL_WEIGHT = 23;

export type XConfigVersion = 'v1' | 'v2' | 'v3';

export type XParseResult = ParsedTweet;

function configFor(version: XConfigVersion): ParseTweetOptions {
  const c = twitterText.configs;
  return version === 'v1' ? c.version1 : version === 'v2' ? c.version2 : c.version3;
}

/**
 * Full twitter-text parse (weighted length, validity, valid/display ranges in UTF-16 indices).
 * `v3` is the configuration in force; `v2`/`v1` exist only so the conformance suite's older
 * groups can be checked through the same function.
 */
export function parseXText(text: string, version: XConfigVersion = 'v3'): XParseResult {
  if (typeof text !== 'string') throw new TypeError('parseXText expects a string');
  return twitterText.parseTweet(text, configFor(version));
}

/** Weighted length under the v3 rules (URLs 23, CJK/emoji 2). */
export function xWeightedLength(text: string): number {
  return parseXText(text).weightedLength;
}

/**
 * True when X would accept the text as a post of at most `max` weighted characters: non-empty,
 * no characters X rejects (U+FFFE, U+FFFF, unpaired direction marks…), weighted length ≤ max.
 */
export function isWithinXLimit(text: string, max: number = X_MAX_WEIGHTED_LENGTH): boolean {
  if (!Number.isInteger(max) || max <= 0) throw new RangeError(`isWithinXLimit: max must be a positive integer, got ${max}`);
  const opts = { ...configFor('v3'), maxWeightedTweetLength: max };
  return twitterText.parseTweet(text, opts).valid;
}

export interface XMention {
  screenName: string;
  indices: [number, number];
}
export interface XList {
  screenName: string;
  listSlug: string;
  indices: [number, number];
}
export interface XUrl {
  url: string;
  indices: [number, number];
}
export interface XHashtag {
  hashtag: string;
  indices: [number, number];
}
export interface XCashtag {
  cashtag: string;
  indices: [number, number];
}
export interface XEntities {
  mentions: XMention[];
  /** `@user/list` references (X lists); not mentions of a person. */
  lists: XList[];
  urls: XUrl[];
  hashtags: XHashtag[];
  cashtags: XCashtag[];
}

export interface ExtractXOptions {
  /**
   * `utf16` (default): JavaScript string indices, usable with `text.slice`.
   * `codepoint`: Unicode code point indices, as X's API and the conformance suite report them.
   */
  indices?: 'utf16' | 'codepoint';
}

/** Mentions, lists, URLs (with and without protocol), hashtags and cashtags with their indices. */
export function extractXEntities(text: string, opts: ExtractXOptions = {}): XEntities {
  if (typeof text !== 'string') throw new TypeError('extractXEntities expects a string');
  const tt = twitterText;
  const mentionsOrLists = tt.extractMentionsOrListsWithIndices(text);
  const out: XEntities = {
    mentions: mentionsOrLists.filter((m) => !m.listSlug).map((m) => ({ screenName: m.screenName, indices: m.indices })),
    lists: mentionsOrLists.filter((m) => !!m.listSlug).map((m) => ({ ...m })),
    urls: tt.extractUrlsWithIndices(text).map((u) => ({ url: u.url, indices: u.indices })),
    hashtags: tt.extractHashtagsWithIndices(text).map((h) => ({ ...h })),
    cashtags: tt.extractCashtagsWithIndices(text).map((c) => ({ ...c })),
  };
  if (opts.indices === 'codepoint') {
    for (const group of [out.mentions, out.lists, out.urls, out.hashtags, out.cashtags]) {
      tt.modifyIndicesFromUTF16ToUnicode(text, group);
    }
  }
  return out;
}

/** The screen name a text replies to (a leading `@name`), or null — twitter-text `extractReplies`. */
export function extractXReplyTo(text: string): string | null {
  const r = twitterText.extractReplies(text) as unknown;
  // The typings say string[], the library returns a single string or null.
  if (Array.isArray(r)) return (r[0] as string | undefined) ?? null;
  return typeof r === 'string' ? r : null;
}

/** `@name` validity as X defines it (1–15 of [A-Za-z0-9_]), input includes the `@`. */
export function isValidXUsername(text: string): boolean {
  return twitterText.isValidUsername(text);
}
export function isValidXList(text: string): boolean {
  return twitterText.isValidList(text);
}
export function isValidXHashtag(text: string): boolean {
  return twitterText.isValidHashtag(text);
}
/** A URL X would link; `requireProtocol` false also accepts bare domains (`example.com`). */
export function isValidXUrl(text: string, requireProtocol = true): boolean {
  return twitterText.isValidUrl(text, true, requireProtocol);
}
