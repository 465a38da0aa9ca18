/**
 * One archive tweet → the normalised Post the index stores (SPEC §3, PLATFORM.md "Text", "Archive").
 * Classification: `RT @` prefix = repost (archives carry no retweet flag); a reply to someone else
 * = reply; everything else (originals, self-thread continuations, quotes) = post.
 */
import type { LinkRef, MediaItem, Post, PostKind } from '../../src-shared/domain/post';
import { normalizeXText } from '../../src-shared/text/xText';
import { type ArchiveTweet, type MediaEntity, parseXDate } from './archiveSchemas';
import { type MediaLocator, mimeTypeOf } from './mediaLocator';
import type { NoteIndex, NoteText } from './noteTweets';
import type { ThreadIndex } from './threadIndex';

export interface TweetContext {
  ownerId: string;
  ownerHandle: string;
  notes: NoteIndex;
  threads: ThreadIndex;
  media: MediaLocator;
  /** MediaItem.localPath for an entry name (folder: absolute path; ZIP: `<zip>!/<entry>`). */
  mediaRef(entryName: string): string;
}

export type MapIssue =
  | { kind: 'media_missing'; postId: string; media: string }
  | { kind: 'note_missing'; postId: string };

export interface MappedTweet {
  post: Post;
  issues: MapIssue[];
}

const RETWEET = /^RT @[A-Za-z0-9_]{1,15}:/;
const STATUS_URL = /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/([A-Za-z0-9_]{1,15})\/status(?:es)?\/(\d{1,20})/i;
/** A cut-off long post ends with "…", sometimes followed by a link to the full post. */
const LOOKS_TRUNCATED = /…\s*(?:https?:\/\/\S+)?\s*$/;

const countOf = (n: number | undefined): number => (n !== undefined && Number.isFinite(n) && n > 0 ? Math.trunc(n) : 0);

export function isRetweetText(fullText: string): boolean {
  return RETWEET.test(fullText);
}

export function classifyTweet(t: ArchiveTweet, fullText: string, ctx: Pick<TweetContext, 'ownerId' | 'ownerHandle'>): PostKind {
  if (isRetweetText(fullText)) return 'repost';
  const toUser = t.in_reply_to_user_id_str ?? null;
  if (toUser) return toUser === ctx.ownerId ? 'post' : 'reply';
  // Very old replies sometimes name the user but carry no user id.
  const toName = t.in_reply_to_screen_name;
  if (t.in_reply_to_status_id_str && toName && toName.toLowerCase() !== ctx.ownerHandle.toLowerCase()) return 'reply';
  return 'post';
}

interface Quote {
  tco: string;
  id: string;
  url: string;
  authorId: string | null;
}

/** A quote shows as the quoted post's permalink at the very end of the text (X hides it in its UI). */
function findQuote(t: ArchiveTweet, fullText: string, ctx: TweetContext): Quote | null {
  const urls = t.entities?.urls ?? [];
  const last = urls[urls.length - 1];
  if (!last?.expanded_url || !fullText.trimEnd().endsWith(last.url)) return null;
  const m = STATUS_URL.exec(last.expanded_url);
  if (!m || m[1]?.toLowerCase() === 'i') return null;
  const own = m[1]?.toLowerCase() === ctx.ownerHandle.toLowerCase();
  return { tco: last.url, id: m[2] ?? '', url: last.expanded_url, authorId: own ? ctx.ownerId : null };
}

function bestVideoUrl(m: MediaEntity): string | undefined {
  const mp4 = (m.video_info?.variants ?? []).filter((v) => (v.content_type ?? 'video/mp4') === 'video/mp4' || /\.mp4(\?|$)/.test(v.url));
  mp4.sort((a, b) => (b.bitrate ?? 0) - (a.bitrate ?? 0));
  return mp4[0]?.url;
}

function mapMedia(t: ArchiveTweet, ctx: TweetContext, issues: MapIssue[]): MediaItem[] {
  // For videos plain `entities.media` may say "photo": extended_entities is the truth.
  const list = t.extended_entities?.media ?? t.entities?.media ?? [];
  return list.map((m) => {
    const kind = m.type === 'video' ? 'video' : m.type === 'animated_gif' ? 'gif' : 'photo';
    const url = kind === 'photo' ? (m.media_url_https ?? m.media_url) : (bestVideoUrl(m) ?? m.media_url_https);
    const candidates = [m.media_url_https, m.media_url, ...(m.video_info?.variants ?? []).map((v) => v.url)].filter((u): u is string => !!u);
    const entry = ctx.media.locate(t.id_str, candidates, kind);
    if (!entry) issues.push({ kind: 'media_missing', postId: t.id_str, media: url ?? m.media_key ?? '?' });
    const width = m.original_info?.width ?? m.sizes?.large?.w;
    const height = m.original_info?.height ?? m.sizes?.large?.h;
    const item: MediaItem = { kind, alt: null };
    if (url) item.url = url;
    if (entry) item.localPath = ctx.mediaRef(entry);
    if (width) item.width = width;
    if (height) item.height = height;
    const mime = mimeTypeOf(entry ?? url ?? '', kind);
    if (mime) item.mimeType = mime;
    const remoteId = m.media_key ?? m.id_str;
    if (remoteId) item.remoteId = remoteId;
    if (m.video_info?.duration_millis !== undefined) item.durationMs = m.video_info.duration_millis;
    return item;
  });
}

function linksOf(t: ArchiveTweet, quote: Quote | null): LinkRef[] {
  return (t.entities?.urls ?? [])
    .filter((u) => u.url !== quote?.tco)
    .map((u) => ({ url: u.expanded_url || u.url, shortUrl: u.url, ...(u.display_url ? { display: u.display_url } : {}) }));
}

function noteFor(t: ArchiveTweet, createdAt: number, text: string, ctx: TweetContext): NoteText | null {
  if (ctx.notes.size === 0) return null;
  const byId = ctx.notes.matchById(t.id_str);
  if (byId) return byId;
  // Only cut-off texts (or full note texts kept in tweets.js) may claim a note by time + prefix, so
  // a short post written in the same second as a long one can never take its text.
  if (!LOOKS_TRUNCATED.test(text) && [...text].length <= 280) return null;
  return ctx.notes.match(createdAt, text);
}

/** `raw` is the entry as it appeared in the file (kept in the index's raw column). */
export function mapTweet(t: ArchiveTweet, ctx: TweetContext, raw?: unknown): MappedTweet {
  const issues: MapIssue[] = [];
  const fullText = t.full_text ?? t.text ?? '';
  // The schema already refused unparseable dates; this guard only keeps the type honest.
  const createdAt = parseXDate(t.created_at);
  if (createdAt === null) throw new Error(`archive tweet ${t.id_str} has an unparseable created_at that passed validation`);
  const kind = classifyTweet(t, fullText, ctx);
  const quote = kind === 'repost' ? null : findQuote(t, fullText, ctx);
  const urls = (t.entities?.urls ?? []).filter((u) => u.url !== quote?.tco);
  const mediaUrls = [...(t.entities?.media ?? []), ...(t.extended_entities?.media ?? [])];
  let text = normalizeXText({
    fullText: quote ? fullText.split(quote.tco).join('') : fullText,
    displayTextRange: t.display_text_range ?? null,
    urls,
    media: mediaUrls,
  });
  let links = linksOf(t, quote);
  let hashtags = (t.entities?.hashtags ?? []).map((h) => h.text);
  const note = noteFor(t, createdAt, text, ctx);
  if (note) {
    text = note.text;
    links = note.links;
    hashtags = note.hashtags;
  } else if (LOOKS_TRUNCATED.test(text) && ctx.notes.size > 0) {
    issues.push({ kind: 'note_missing', postId: t.id_str });
  }
  const lowered = text.toLowerCase();
  const mentions = (t.entities?.user_mentions ?? [])
    .filter((m) => lowered.includes(`@${m.screen_name.toLowerCase()}`))
    .map((m) => ({ handle: m.screen_name, ...(m.id_str ? { id: m.id_str } : {}) }));
  const post: Post = {
    platform: 'x',
    id: t.id_str,
    authorId: ctx.ownerId,
    authorHandle: ctx.ownerHandle,
    text,
    createdAt,
    kind,
    inReplyToId: t.in_reply_to_status_id_str ?? null,
    inReplyToAuthorId: t.in_reply_to_user_id_str ?? null,
    conversationId: ctx.threads.rootOf(t.id_str),
    quoteOfId: quote?.id ?? null,
    quoteOfAuthorId: quote?.authorId ?? null,
    quoteOfUrl: quote?.url ?? null,
    repostOfId: null,
    media: mapMedia(t, ctx, issues),
    links,
    hashtags,
    mentions,
    // Archives carry only likes and retweets; replies/quotes are unknown here and stored as 0.
    metrics: { likes: countOf(t.favorite_count), reposts: countOf(t.retweet_count), replies: 0, quotes: 0 },
    lang: t.lang ?? null,
    source: 'archive',
    ...(raw === undefined ? {} : { raw }),
  };
  return { post, issues };
}
