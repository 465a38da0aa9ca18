import type { Post } from '../../src-shared/domain/post';
import { buildBskyText } from '../../src-shared/text/facets';
import { splitForBsky, truncateWithLink } from '../../src-shared/text/split';
import type { MediaDraft, PartDraft } from './types';

export interface TransformSettings {
  splitPolicy: 'split' | 'truncate';
  /** X handle (lower-case, no @) → DID. Only mapped handles become Bluesky mentions (SPEC §2.2). */
  mentionMappings: Record<string, string>;
  backdate: boolean;
}

export interface XToBskyContext {
  settings: TransformSettings;
  /** Epoch ms used as createdAt when not backdating (live sync uses the real time). */
  now: number;
  /** True when the quoted post is the person's own and already has (or will have) a copy. */
  quoteIsOwnSynced: boolean;
}

/** Bluesky allows 4 images; GIFs and videos need the video service, handled by the publisher per item. */
const MAX_IMAGES = 4;

export function xPostUrl(post: Pick<Post, 'id' | 'authorHandle'>): string {
  return `https://x.com/${post.authorHandle || 'i'}/status/${post.id}`;
}

function bskyLang(lang: string | null | undefined): string[] | undefined {
  // X uses pseudo-codes for "no language" (und, qme = media only, zxx = no text, qht = hashtags only).
  if (!lang || /^(und|qme|qct|qht|qam|qst|zxx)$/i.test(lang)) return undefined;
  return /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang) ? [lang] : undefined;
}

function mediaDrafts(post: Post): MediaDraft[] {
  const photos = post.media.filter((m) => m.kind === 'photo').slice(0, MAX_IMAGES);
  const other = post.media.filter((m) => m.kind !== 'photo').slice(0, 1);
  return [...photos, ...other].map((m) => ({
    sourceIndex: post.media.indexOf(m),
    kind: m.kind,
    url: m.url,
    localPath: m.localPath,
    mimeType: m.mimeType,
    alt: m.alt,
    width: m.width,
    height: m.height,
  }));
}

/** The text the Bluesky copy should say, before splitting. */
export function xToBskyText(post: Post, ctx: XToBskyContext): string {
  let text = post.text;
  // A quote of someone else becomes a link to the quoted post (SPEC §2.2), unless it is already in the text.
  if (post.quoteOfId && !ctx.quoteIsOwnSynced) {
    const url = post.quoteOfUrl || `https://x.com/i/status/${post.quoteOfId}`;
    if (!text.includes(url)) text = text ? `${text}\n\n${url}` : url;
  }
  return text;
}

/** One X post → the Bluesky posts it becomes (one, or a reply chain when over 300 graphemes). */
export function transformXToBsky(post: Post, ctx: XToBskyContext): PartDraft[] {
  const text = xToBskyText(post, ctx);
  const pieces =
    ctx.settings.splitPolicy === 'truncate' ? [truncateWithLink(text, xPostUrl(post), 'bsky')] : splitForBsky(text);
  const createdAt = new Date(ctx.settings.backdate ? post.createdAt : ctx.now).toISOString();
  const langs = bskyLang(post.lang);
  const mentionDids = Object.fromEntries(Object.entries(ctx.settings.mentionMappings).map(([k, v]) => [k.toLowerCase(), v]));
  const parts = (pieces.length ? pieces : ['']).map((piece, i): PartDraft => {
    const built = buildBskyText(piece, { mentionDids });
    return {
      text: built.text,
      facets: built.facets,
      media: i === 0 ? mediaDrafts(post) : [],
      quoteSourceId: i === 0 && post.quoteOfId && ctx.quoteIsOwnSynced ? post.quoteOfId : undefined,
      createdAt,
      langs,
    };
  });
  return parts;
}
