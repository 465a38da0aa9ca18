import type { Post } from '../../src-shared/domain/post';
import { expandLinkFacets } from '../../src-shared/text/facets';
import { splitForX, truncateWithLink } from '../../src-shared/text/split';
import type { MediaDraft, PartDraft } from './types';

/** X limits alt text to 1000 characters (PLATFORM.md); longer alt is cut at a word, never dropped. */
export const X_ALT_MAX = 1000;

export function clampAlt(alt: string | null): string | null {
  if (alt == null) return null;
  const chars = [...alt];
  if (chars.length <= X_ALT_MAX) return alt;
  const cut = chars.slice(0, X_ALT_MAX - 1).join('');
  const atSpace = cut.lastIndexOf(' ');
  return `${atSpace > X_ALT_MAX * 0.8 ? cut.slice(0, atSpace) : cut}…`;
}

export function bskyPostUrl(post: Pick<Post, 'id' | 'authorHandle'>): string {
  const m = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([^/]+)$/.exec(post.id);
  const who = post.authorHandle || m?.[1] || '';
  return `https://bsky.app/profile/${who}/post/${m?.[2] ?? ''}`;
}

export interface BskyToXContext {
  splitPolicy: 'split' | 'truncate';
  now: number;
  quoteIsOwnSynced: boolean;
}

/** Full text for X: link facets expanded back to their real URLs (Bluesky shows shortened links). */
export function bskyToXText(post: Post, ctx: BskyToXContext): string {
  // The connector keeps the record as `raw.value` (listRecords shape); older rows may hold the bare record.
  const holder = (post.raw ?? {}) as { value?: { text?: string; facets?: unknown[] }; text?: string; facets?: unknown[] };
  const raw = holder.value ?? holder;
  let text = typeof raw.text === 'string' && Array.isArray(raw.facets) ? expandLinkFacets(raw.text, raw.facets) : post.text;
  if (post.quoteOfId && !ctx.quoteIsOwnSynced) {
    const url = post.quoteOfUrl || post.quoteOfId;
    if (!text.includes(url)) text = text ? `${text}\n\n${url}` : url;
  }
  return text;
}

function mediaDrafts(post: Post): MediaDraft[] {
  // X takes up to 4 images or exactly one video/GIF.
  const video = post.media.find((m) => m.kind !== 'photo');
  const chosen = video ? [video] : post.media.slice(0, 4);
  return chosen.map((m) => ({
    sourceIndex: post.media.indexOf(m),
    kind: m.kind,
    url: m.url,
    localPath: m.localPath,
    mimeType: m.mimeType,
    alt: clampAlt(m.alt),
    width: m.width,
    height: m.height,
  }));
}

/** One Bluesky post → the X posts it becomes (a reply chain when over 280 weighted characters). */
export function transformBskyToX(post: Post, ctx: BskyToXContext): PartDraft[] {
  const text = bskyToXText(post, ctx);
  const pieces = ctx.splitPolicy === 'truncate' ? [truncateWithLink(text, bskyPostUrl(post), 'x')] : splitForX(text);
  const createdAt = new Date(ctx.now).toISOString();
  return (pieces.length ? pieces : ['']).map((piece, i) => ({
    text: piece,
    media: i === 0 ? mediaDrafts(post) : [],
    quoteSourceId: i === 0 && post.quoteOfId && ctx.quoteIsOwnSynced ? post.quoteOfId : undefined,
    createdAt,
  }));
}
