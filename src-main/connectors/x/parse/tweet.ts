/**
 * One `tweet_results.result` → Post. The post object keeps `legacy` in every shape generation;
 * only its author (`core.user_results.result`) moved from `legacy` (G1) to `core` (G2, G3).
 */
import type { LinkRef, MentionRef, Post, PostKind } from '../../../../src-shared/domain/post';
import { normalizeXText } from '../../../../src-shared/text/xText';
import { apiChanged, arr, at, isObj, nstr, num, obj, parseXDate, str, type Obj } from './json';
import { mediaLinks, parseMedia } from './media';

export type Unwrapped = { type: 'tweet'; tweet: Obj } | { type: 'gone'; reason: string };

const OP = 'post parser';

/**
 * Strips `TweetWithVisibilityResults` (and the bare `{tweet: …}` form) and recognises posts that are
 * gone. `undefined`/`{}` count as gone because X answers a deleted post with an empty
 * `tweet_results`. Anything else that is not a post is an unknown shape, not a silent skip.
 */
export function unwrapTweet(result: unknown, depth = 0): Unwrapped {
  if (result === undefined || result === null || (isObj(result) && Object.keys(result).length === 0)) {
    return { type: 'gone', reason: 'empty result' };
  }
  if (!isObj(result) || depth > 3) throw apiChanged(OP, 'tweet result object (tweet_results.result)');
  const typename = str(result.__typename);
  if (typename && /Tombstone|Unavailable/.test(typename)) {
    return { type: 'gone', reason: nstr(result.reason) ?? typename };
  }
  if (typename === 'TweetWithVisibilityResults' || (!('rest_id' in result) && isObj(result.tweet))) {
    return unwrapTweet(result.tweet, depth + 1);
  }
  if (nstr(result.rest_id) && isObj(result.legacy)) return { type: 'tweet', tweet: result };
  const id = nstr(result.rest_id) ?? 'unknown';
  throw apiChanged(OP, `\`rest_id\` + \`legacy\` in the tweet result (id ${id}, __typename ${typename ?? 'none'})`);
}

function unwrapUser(u: unknown): Obj | undefined {
  const o = obj(u);
  if (o && str(o.__typename) === 'UserWithVisibilityResults') return obj(o.user);
  return o;
}

interface Author {
  id: string;
  handle: string;
}

/** G3/G2: `core.screen_name`; G1: `legacy.screen_name`. */
export function authorOf(tweet: Obj): Author | undefined {
  const user = unwrapUser(at(tweet, 'core.user_results.result'));
  const handle = nstr(at(user, 'core.screen_name')) ?? nstr(at(user, 'legacy.screen_name'));
  const id = nstr(user?.rest_id) ?? nstr(at(tweet, 'legacy.user_id_str'));
  return handle && id ? { id, handle } : undefined;
}

interface TextParts {
  text: string;
  urls: unknown[];
  hashtags: unknown[];
  mentions: unknown[];
}

function textParts(tweet: Obj, legacy: Obj): TextParts {
  const note = obj(at(tweet, 'note_tweet.note_tweet_results.result'));
  const media = mediaLinks(legacy);
  const noteText = str(note?.text);
  if (note && noteText !== undefined) {
    // The legacy part of a note is truncated and its entities cover only that part: use the note's own.
    const set = obj(note.entity_set) ?? {};
    const urls = arr(set.urls);
    const text = normalizeXText({ fullText: noteText, urls: urlEntities(urls), media, htmlEscaped: false });
    return { text, urls, hashtags: arr(set.hashtags), mentions: arr(set.user_mentions) };
  }
  const fullText = str(legacy.full_text);
  if (fullText === undefined) throw apiChanged(OP, `legacy.full_text (post ${str(legacy.id_str) ?? '?'})`);
  const range = arr(legacy.display_text_range).filter((n): n is number => typeof n === 'number');
  const urls = arr(at(legacy, 'entities.urls'));
  const start = range[0] ?? 0;
  const text = normalizeXText({ fullText, displayTextRange: range, urls: urlEntities(urls), media });
  // Mentions X auto-prepended to a reply lie before display_text_range[0] and are not in the text.
  const mentions = arr(at(legacy, 'entities.user_mentions')).filter((m) => {
    const end = num(arr(obj(m)?.indices)[1]);
    return start === 0 || end === undefined || end > start;
  });
  return { text, urls, hashtags: arr(at(legacy, 'entities.hashtags')), mentions };
}

function urlEntities(urls: unknown[]): { url: string; expanded_url?: string | null; display_url?: string | null }[] {
  const out: { url: string; expanded_url?: string | null; display_url?: string | null }[] = [];
  for (const u of urls) {
    const url = nstr(obj(u)?.url);
    if (url) out.push({ url, expanded_url: nstr(obj(u)?.expanded_url) ?? null, display_url: nstr(obj(u)?.display_url) ?? null });
  }
  return out;
}

/** Media t.co links are media, not links (a note's entity_set lists them among its urls). */
function links(urls: unknown[], mediaUrls: Set<string>): LinkRef[] {
  return urlEntities(urls).filter((u) => !mediaUrls.has(u.url)).map((u) => ({
    url: u.expanded_url ?? u.url,
    shortUrl: u.url,
    ...(u.display_url ? { display: u.display_url } : {}),
  }));
}

function mentionRefs(list: unknown[]): MentionRef[] {
  const out: MentionRef[] = [];
  for (const m of list) {
    const handle = nstr(obj(m)?.screen_name);
    const id = nstr(obj(m)?.id_str);
    if (handle) out.push({ handle, ...(id ? { id } : {}) });
  }
  return out;
}

/** Distinct tags in first-seen order: a tag used twice is still one tag. */
function hashtagTexts(list: unknown[]): string[] {
  return [...new Set(list.map((h) => nstr(obj(h)?.text)).filter((t): t is string => t !== undefined))];
}

interface Refs {
  kind: PostKind;
  inReplyToId: string | null;
  inReplyToAuthorId: string | null;
  quoteOfId: string | null;
  quoteOfAuthorId: string | null;
  quoteOfUrl: string | null;
  repostOfId: string | null;
}

/**
 * A quoted / retweeted post is only a reference here, so it needs just a `rest_id` (and the author
 * when hydrated): a reference-only object (`{__typename: 'Tweet', rest_id}`) must not fail the outer
 * post, unlike a top-level result. Gone inner posts (tombstones) yield undefined.
 */
function innerPost(v: unknown): Obj | undefined {
  let o = obj(v);
  for (let i = 0; i < 3 && o && !nstr(o.rest_id) && isObj(o.tweet); i++) o = obj(o.tweet);
  return o && nstr(o.rest_id) ? o : undefined;
}

function refs(tweet: Obj, legacy: Obj, authorId: string): Refs {
  const rtWrapper = obj(legacy.retweeted_status_result) ?? obj(tweet.retweeted_status_result);
  const rt = rtWrapper ? innerPost(rtWrapper.result) : undefined;
  const inReplyToId = nstr(legacy.in_reply_to_status_id_str) ?? null;
  const inReplyToAuthorId = nstr(legacy.in_reply_to_user_id_str) ?? null;
  // A retweet of a quote carries quoted_status_id_str itself but the hydrated quote only inside the retweeted post.
  const quoted = innerPost(at(tweet, 'quoted_status_result.result')) ?? innerPost(at(rt, 'quoted_status_result.result'));
  const quoteOfId =
    nstr(legacy.quoted_status_id_str) ?? nstr(quoted?.rest_id) ?? nstr(at(tweet, 'quotedRefResult.result.rest_id')) ?? null;
  const quotedAuthor = quoted && nstr(quoted.rest_id) === quoteOfId ? authorOf(quoted) : undefined;
  const permalink = nstr(at(legacy, 'quoted_status_permalink.expanded'));
  const builtUrl = quoteOfId ? `https://x.com/${quotedAuthor?.handle ?? 'i'}/status/${quoteOfId}` : null;
  let kind: PostKind = 'post';
  if (rtWrapper) kind = 'repost';
  else if (inReplyToId && inReplyToAuthorId !== authorId) kind = 'reply';
  return {
    kind,
    inReplyToId,
    inReplyToAuthorId,
    quoteOfId,
    quoteOfAuthorId: quotedAuthor?.id ?? null,
    quoteOfUrl: quoteOfId ? (permalink ?? builtUrl) : null,
    repostOfId: rt ? (nstr(rt.rest_id) ?? null) : (nstr(legacy.retweeted_status_id_str) ?? null),
  };
}

/** Builds the Post from an already unwrapped post object. `raw` is what the caller received. */
export function buildPost(tweet: Obj, raw: unknown): Post {
  const legacy = obj(tweet.legacy) as Obj;
  const id = nstr(tweet.rest_id) as string;
  const author = authorOf(tweet);
  if (!author) throw apiChanged(OP, `author (core.user_results.result with core.screen_name or legacy.screen_name) for post ${id}`);
  const createdAt = parseXDate(str(legacy.created_at) ?? '');
  if (createdAt === undefined) throw apiChanged(OP, `parsable legacy.created_at for post ${id} (got ${JSON.stringify(legacy.created_at)})`);
  const parts = textParts(tweet, legacy);
  const impressions = num(at(tweet, 'views.count'));
  const bookmarks = num(legacy.bookmark_count);
  return {
    platform: 'x',
    id,
    authorId: author.id,
    authorHandle: author.handle,
    text: parts.text,
    createdAt,
    ...refs(tweet, legacy, author.id),
    conversationId: nstr(legacy.conversation_id_str) ?? null,
    media: parseMedia(legacy),
    links: links(parts.urls, new Set(mediaLinks(legacy).map((m) => m.url))),
    hashtags: hashtagTexts(parts.hashtags),
    mentions: mentionRefs(parts.mentions),
    metrics: {
      likes: num(legacy.favorite_count) ?? 0,
      reposts: num(legacy.retweet_count) ?? 0,
      replies: num(legacy.reply_count) ?? 0,
      quotes: num(legacy.quote_count) ?? 0,
      ...(bookmarks !== undefined ? { bookmarks } : {}),
      ...(impressions !== undefined ? { impressions } : {}),
    },
    lang: nstr(legacy.lang) ?? null,
    source: 'live',
    raw,
  };
}

/**
 * One `tweet_results.result` (visibility wrappers handled) → Post, or null when the post is gone
 * (tombstone, unavailable, empty). Throws RemoteError('api_changed') for an unrecognisable shape.
 */
export function parseTweetResult(result: unknown): Post | null {
  const u = unwrapTweet(result);
  return u.type === 'tweet' ? buildPost(u.tweet, result) : null;
}
