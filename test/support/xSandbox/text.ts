/**
 * X's rules for storing a post's text, applied to what tests create (PLATFORM.md "X text",
 * X-WEB-API.md "Text"): links become t.co links with url entities, the reply prefix `@user ` is
 * prepended with display_text_range starting after it, the media link is appended, `full_text` is
 * HTML-escaped, and texts over 280 weighted characters become note tweets with a truncated legacy
 * text "… https://t.co/…".
 *
 * Entity indices and display_text_range count Unicode code points of the *escaped* full_text: that
 * is what the captures show (e.g. raw_user_tweets 2072434657120129490 has `&amp;` and `𝕏` before
 * its media link at [284, 307]), even though X-WEB-API.md says UTF-16.
 */
import twitter from 'twitter-text';
import { tcoUrl } from './ids';

export interface KnownUser {
  id: string;
  screenName: string;
  name: string;
}

export interface UrlEntity {
  display_url: string;
  expanded_url: string;
  indices: [number, number];
  url: string;
}
export interface MentionEntity {
  id_str: string;
  indices: [number, number];
  name: string;
  screen_name: string;
}
export interface TagEntity {
  indices: [number, number];
  text: string;
}

export interface EntitySet {
  hashtags: TagEntity[];
  symbols: TagEntity[];
  urls: UrlEntity[];
  user_mentions: MentionEntity[];
}

export interface RenderedText {
  fullText: string;
  displayTextRange: [number, number];
  entities: EntitySet;
  /** Where the media t.co link sits in full_text (code points), when the post has media. */
  media?: { url: string; indices: [number, number] };
  note?: { text: string; entitySet: EntitySet };
  weightedLength: number;
}

export interface RenderInput {
  text: string;
  /** Screen names X prepends (the parent's author and the people it replied to). */
  replyHandles: string[];
  hasMedia: boolean;
  lookup: (screenName: string) => KnownUser | undefined;
}

export const MAX_WEIGHTED = 280;
/** X cuts the legacy part of a note tweet a little short of 280 so "… https://t.co/…" fits. */
const NOTE_CUT = 275;

export function escapeX(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const cpLen = (s: string) => [...s].length;

export function weightedLength(s: string): number {
  return twitter.parseTweet(s).weightedLength;
}

function displayUrl(expanded: string): string {
  const bare = expanded.replace(/^https?:\/\//i, '').replace(/^www\./i, '').replace(/\/$/, '');
  return bare.length > 26 ? `${bare.slice(0, 25)}…` : bare;
}

interface Linked {
  body: string;
  links: { tco: string; expanded: string }[];
}

/** Replaces every URL twitter-text recognises (incl. bare domains) with a fresh t.co link. */
function linkify(text: string): Linked {
  const found = twitter.extractUrlsWithIndices(text);
  const links: Linked['links'] = [];
  let body = '';
  let pos = 0;
  for (const u of found) {
    const [a, b] = u.indices;
    const tco = tcoUrl();
    body += text.slice(pos, a) + tco;
    links.push({ tco, expanded: /^[a-z]+:\/\//i.test(u.url) ? u.url : `http://${u.url}` });
    pos = b;
  }
  return { body: body + text.slice(pos), links };
}

/** Cuts at a space so no word and no t.co link is split, keeping weighted length ≤ NOTE_CUT. */
function truncateForNote(body: string): string {
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(body)].map((g) => g.segment);
  let cut = '';
  for (const g of graphemes) {
    if (weightedLength(cut + g) > NOTE_CUT) break;
    cut += g;
  }
  const lastSpace = cut.lastIndexOf(' ');
  const trimmed = lastSpace > NOTE_CUT / 2 ? cut.slice(0, lastSpace) : cut;
  // Never end inside a t.co link: drop a partial one.
  return trimmed.replace(/\s*https:\/\/t\.co\/\w{0,9}$/, '').trimEnd();
}

/** Entities of `raw` (unescaped) with indices converted to code points of escape(raw). */
function entitiesOf(raw: string, links: Linked['links'], from: number, lookup: RenderInput['lookup'], escaped: boolean): EntitySet {
  const idx = (u16: number) => (escaped ? cpLen(escapeX(raw.slice(0, u16))) : cpLen(raw.slice(0, u16)));
  const range = (a: number, b: number): [number, number] => [idx(a), idx(b)];
  const urls: UrlEntity[] = [];
  let searchFrom = from;
  for (const l of links) {
    const at = raw.indexOf(l.tco, searchFrom);
    if (at < 0) continue; // cut off by note truncation: X only lists entities of the visible part
    urls.push({ display_url: displayUrl(l.expanded), expanded_url: l.expanded, indices: range(at, at + l.tco.length), url: l.tco });
    searchFrom = at + l.tco.length;
  }
  const user_mentions: MentionEntity[] = [];
  for (const m of twitter.extractMentionsWithIndices(raw)) {
    const user = lookup(m.screenName);
    if (!user) continue; // X links only handles that belong to an account
    user_mentions.push({ id_str: user.id, indices: range(m.indices[0], m.indices[1]), name: user.name, screen_name: user.screenName });
  }
  const hashtags = twitter.extractHashtagsWithIndices(raw).map((h) => ({ indices: range(h.indices[0], h.indices[1]), text: h.hashtag }));
  const symbols = twitter.extractCashtagsWithIndices(raw).map((c) => ({ indices: range(c.indices[0], c.indices[1]), text: c.cashtag }));
  return { hashtags, symbols, urls, user_mentions };
}

export function renderText(input: RenderInput): RenderedText {
  const prefix = input.replyHandles.map((h) => `@${h} `).join('');
  const { body, links } = linkify(input.text);
  const weighted = weightedLength(input.text);
  const isNote = weighted > MAX_WEIGHTED;
  const visible = isNote ? `${truncateForNote(body)}…` : body;
  let raw = prefix + visible;
  const displayEnd = cpLen(escapeX(raw));
  if (isNote) raw += ` ${tcoUrl()}`;
  const entities = entitiesOf(raw, links, prefix.length, input.lookup, true);
  let fullText = escapeX(raw);
  let media: RenderedText['media'];
  if (input.hasMedia) {
    const url = tcoUrl();
    const start = cpLen(fullText) + 1;
    fullText += ` ${url}`;
    media = { url, indices: [start, start + url.length] };
  }
  const note = isNote ? { text: body, entitySet: entitiesOf(body, links, 0, input.lookup, false) } : undefined;
  return { fullText, displayTextRange: [cpLen(escapeX(prefix)), displayEnd], entities, media, note, weightedLength: weighted };
}

/** The `RT @user: …` text of a retweet: X keeps 140 characters of the original and adds "…". */
export function retweetText(origScreenName: string, origVisibleRaw: string): { fullText: string; mention: [number, number] } {
  let raw = `RT @${origScreenName}: ${origVisibleRaw}`;
  if (cpLen(raw) > 140) raw = `${[...raw].slice(0, 139).join('')}…`;
  return { fullText: escapeX(raw), mention: [3, 4 + origScreenName.length] };
}
