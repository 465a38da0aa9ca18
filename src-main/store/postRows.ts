/**
 * Row shapes of `posts` and `media`, and the conversions between them and the domain `Post`.
 * Kept apart from PostsRepo so the SQL module stays short and the mapping is tested through it.
 */
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { LinkRef, MediaItem, MentionRef, Platform, Post, PostKind, PostSource } from '../../src-shared/domain/post';
import { parseJsonColumn, toBool } from './sqlErrors';
import type { StoredPost } from './types';

export interface PostRow {
  id: number;
  account_id: number;
  platform: Platform;
  remote_id: string;
  cid: string | null;
  author_id: string;
  author_handle: string;
  text: string;
  created_at: number;
  kind: PostKind;
  in_reply_to_id: string | null;
  in_reply_to_author_id: string | null;
  conversation_id: string | null;
  quote_of_id: string | null;
  quote_of_author_id: string | null;
  quote_of_url: string | null;
  repost_of_id: string | null;
  lang: string | null;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  bookmarks: number | null;
  impressions: number | null;
  links_json: string;
  hashtags_json: string;
  mentions_json: string;
  pinned: number;
  source: PostSource;
  made_by_engine: number;
  fingerprint: string;
  raw_json: string | null;
  deleted_at: number | null;
  first_seen_at: number;
  updated_at: number;
}

export interface MediaRow {
  id: number;
  post_id: number;
  position: number;
  kind: MediaItem['kind'];
  url: string | null;
  local_path: string | null;
  alt: string | null;
  width: number | null;
  height: number | null;
  mime_type: string | null;
  remote_id: string | null;
  duration_ms: number | null;
}

/** The content columns a write sets (everything but identity, first_seen_at, deleted_at). */
export type PostContent = Omit<PostRow, 'id' | 'account_id' | 'platform' | 'remote_id' | 'deleted_at' | 'first_seen_at' | 'updated_at'>;
export const CONTENT_COLUMNS = [
  'cid', 'author_id', 'author_handle', 'text', 'created_at', 'kind', 'in_reply_to_id', 'in_reply_to_author_id',
  'conversation_id', 'quote_of_id', 'quote_of_author_id', 'quote_of_url', 'repost_of_id', 'lang', 'likes', 'reposts',
  'replies', 'quotes', 'bookmarks', 'impressions', 'links_json', 'hashtags_json', 'mentions_json', 'pinned', 'source',
  'made_by_engine', 'fingerprint', 'raw_json',
] as const satisfies readonly (keyof PostContent)[];

export type MediaContent = Omit<MediaRow, 'id' | 'post_id'>;
export const MEDIA_COLUMNS = ['position', 'kind', 'url', 'local_path', 'alt', 'width', 'height', 'mime_type', 'remote_id', 'duration_ms'] as const satisfies readonly (keyof MediaContent)[];

const KINDS: readonly string[] = ['post', 'reply', 'repost'];
const MEDIA_KINDS: readonly string[] = ['photo', 'gif', 'video'];
const count = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** Parsers are in-process but still a boundary: a malformed Post is refused with the field named. */
export function validatePost(p: Post, platform: Platform): void {
  const bad = (field: string, why: string) =>
    new AppError(ErrorCode.InvalidInput, `Post ${JSON.stringify(p?.id)}: ${field} ${why}.`, { field, postId: p?.id });
  if (!p || typeof p !== 'object') throw new AppError(ErrorCode.InvalidInput, 'A post to store must be an object.');
  if (typeof p.id !== 'string' || p.id === '') throw bad('id', 'must be a non-empty string');
  if (p.platform !== platform) throw bad('platform', `is ${JSON.stringify(p.platform)} but the account is on ${platform}`);
  if (typeof p.text !== 'string') throw bad('text', 'must be a string');
  if (typeof p.authorId !== 'string' || typeof p.authorHandle !== 'string') throw bad('authorId/authorHandle', 'must be strings');
  if (typeof p.createdAt !== 'number' || !Number.isFinite(p.createdAt)) throw bad('createdAt', 'must be epoch milliseconds');
  if (!KINDS.includes(p.kind)) throw bad('kind', `must be post, reply or repost, not ${JSON.stringify(p.kind)}`);
  if (p.source !== 'live' && p.source !== 'archive') throw bad('source', 'must be live or archive');
  const m = p.metrics;
  if (!m || ![m.likes, m.reposts, m.replies, m.quotes].every(count)) throw bad('metrics', 'must hold non-negative integer counts');
  if ((m.bookmarks !== undefined && !count(m.bookmarks)) || (m.impressions !== undefined && !count(m.impressions))) throw bad('metrics', 'bookmarks/impressions must be non-negative integers when present');
  if (!Array.isArray(p.media) || !Array.isArray(p.links) || !Array.isArray(p.hashtags) || !Array.isArray(p.mentions)) throw bad('media/links/hashtags/mentions', 'must be arrays');
  p.media.forEach((it, i) => {
    if (!it || !MEDIA_KINDS.includes(it.kind)) throw bad(`media[${i}].kind`, 'must be photo, gif or video');
  });
}

export function toContent(p: Post, fingerprint: string, madeByEngine: boolean): PostContent {
  return {
    cid: p.cid ?? null,
    author_id: p.authorId,
    author_handle: p.authorHandle,
    text: p.text,
    created_at: Math.trunc(p.createdAt),
    kind: p.kind,
    in_reply_to_id: p.inReplyToId ?? null,
    in_reply_to_author_id: p.inReplyToAuthorId ?? null,
    conversation_id: p.conversationId ?? null,
    quote_of_id: p.quoteOfId ?? null,
    quote_of_author_id: p.quoteOfAuthorId ?? null,
    quote_of_url: p.quoteOfUrl ?? null,
    repost_of_id: p.repostOfId ?? null,
    lang: p.lang ?? null,
    likes: p.metrics.likes,
    reposts: p.metrics.reposts,
    replies: p.metrics.replies,
    quotes: p.metrics.quotes,
    bookmarks: p.metrics.bookmarks ?? null,
    impressions: p.metrics.impressions ?? null,
    links_json: JSON.stringify(p.links),
    hashtags_json: JSON.stringify(p.hashtags),
    mentions_json: JSON.stringify(p.mentions),
    pinned: p.pinned ? 1 : 0,
    source: p.source,
    made_by_engine: madeByEngine ? 1 : 0,
    fingerprint,
    raw_json: p.raw === undefined ? null : JSON.stringify(p.raw),
  };
}

export function toMediaContent(m: MediaItem, position: number): MediaContent {
  return {
    position,
    kind: m.kind,
    url: m.url ?? null,
    local_path: m.localPath ?? null,
    alt: m.alt ?? null,
    width: m.width ?? null,
    height: m.height ?? null,
    mime_type: m.mimeType ?? null,
    remote_id: m.remoteId ?? null,
    duration_ms: m.durationMs ?? null,
  };
}

function toMediaItem(r: MediaRow): MediaItem {
  const m: MediaItem = { kind: r.kind, alt: r.alt };
  if (r.url !== null) m.url = r.url;
  if (r.local_path !== null) m.localPath = r.local_path;
  if (r.width !== null) m.width = r.width;
  if (r.height !== null) m.height = r.height;
  if (r.mime_type !== null) m.mimeType = r.mime_type;
  if (r.remote_id !== null) m.remoteId = r.remote_id;
  if (r.duration_ms !== null) m.durationMs = r.duration_ms;
  return m;
}

export function toStoredPost(r: PostRow, media: readonly MediaRow[], withRaw: boolean): StoredPost {
  const where = (column: string) => ({ table: 'posts', column, id: r.id });
  const post: StoredPost = {
    platform: r.platform, id: r.remote_id, authorId: r.author_id, authorHandle: r.author_handle, text: r.text,
    createdAt: r.created_at, kind: r.kind, inReplyToId: r.in_reply_to_id, inReplyToAuthorId: r.in_reply_to_author_id,
    conversationId: r.conversation_id, quoteOfId: r.quote_of_id, quoteOfAuthorId: r.quote_of_author_id,
    quoteOfUrl: r.quote_of_url, repostOfId: r.repost_of_id, lang: r.lang, source: r.source, pinned: toBool(r.pinned),
    media: media.map(toMediaItem),
    links: parseJsonColumn(r.links_json, where('links_json')) as LinkRef[],
    hashtags: parseJsonColumn(r.hashtags_json, where('hashtags_json')) as string[],
    mentions: parseJsonColumn(r.mentions_json, where('mentions_json')) as MentionRef[],
    metrics: { likes: r.likes, reposts: r.reposts, replies: r.replies, quotes: r.quotes },
    rowId: r.id, accountId: r.account_id, madeByEngine: toBool(r.made_by_engine), fingerprint: r.fingerprint,
    deletedAt: r.deleted_at, firstSeenAt: r.first_seen_at, updatedAt: r.updated_at,
  };
  if (r.cid !== null) post.cid = r.cid;
  if (r.bookmarks !== null) post.metrics.bookmarks = r.bookmarks;
  if (r.impressions !== null) post.metrics.impressions = r.impressions;
  if (withRaw && r.raw_json !== null) post.raw = parseJsonColumn(r.raw_json, where('raw_json'));
  return post;
}
