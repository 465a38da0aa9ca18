import type { MediaItem, Post } from '../../../src-shared/domain/post';
import { emptyMetrics } from '../../../src-shared/domain/post';
import { deterministicTid } from '../../../src-shared/syntax/tid';
import type { BlueskyConnector } from '../../connectors/bluesky/BlueskyConnector';
import type { BskyImageInput } from '../../connectors/bluesky/types';
import { fetchMedia } from './fetchMedia';
import type { PartDraft, PublishTarget, Ref } from '../types';

export interface BskyTargetDeps {
  connector: BlueskyConnector;
  fetch: typeof fetch;
}

/** The key depends only on the source and the part, so every retry of a part targets the same record. */
export function bskyKeyFor(source: Pick<Post, 'platform' | 'id' | 'createdAt'>, partIndex: number): string {
  return deterministicTid(`${source.platform}:${source.id}#${partIndex}`, source.createdAt);
}

async function images(draft: PartDraft, fetchFn: typeof fetch, notes: string[], signal?: AbortSignal): Promise<BskyImageInput[]> {
  const out: BskyImageInput[] = [];
  for (const [n, m] of draft.media.entries()) {
    if (m.kind !== 'photo') {
      // The video service is not part of a PDS; until it is wired, say so next to the post.
      notes.push(`${m.kind === 'gif' ? 'GIF' : 'video'} ${n + 1} was not copied: Bluesky video upload is not supported yet`);
      continue;
    }
    try {
      const b = await fetchMedia(m, fetchFn, signal);
      out.push({ data: b.data, mimeType: b.mimeType, alt: m.alt, width: m.width, height: m.height });
    } catch (e) {
      notes.push(`image ${n + 1} was not copied: ${(e as Error).message}`);
    }
  }
  return out;
}

function copyPost(draft: PartDraft, ref: Ref, did: string, handle: string, ctx: { replyTo?: { root: Ref; parent: Ref }; quote?: Ref }, media: MediaItem[]): Post {
  return {
    platform: 'bsky',
    id: ref.id,
    cid: ref.cid,
    authorId: did,
    authorHandle: handle,
    text: draft.text,
    createdAt: Date.parse(draft.createdAt),
    kind: 'post',
    inReplyToId: ctx.replyTo?.parent.id ?? null,
    inReplyToAuthorId: ctx.replyTo ? did : null,
    conversationId: ctx.replyTo?.root.id ?? ref.id,
    quoteOfId: ctx.quote?.id ?? null,
    media,
    links: [],
    hashtags: [],
    mentions: [],
    metrics: emptyMetrics(),
    source: 'live',
  };
}

export function createBskyTarget(deps: BskyTargetDeps, who: { did: string; handle: string }): PublishTarget {
  const { connector } = deps;
  return {
    platform: 'bsky',
    keyFor: bskyKeyFor,
    async publish(draft, ctx) {
      if (!ctx.key) throw new Error('a Bluesky part needs its deterministic record key');
      const notes: string[] = [];
      const imgs = await images(draft, deps.fetch, notes, ctx.signal);
      const strong = (r: Ref) => ({ uri: r.id, cid: r.cid ?? '' });
      const res = await connector.createPost({
        rkey: ctx.key,
        text: draft.text,
        facets: draft.facets,
        createdAt: draft.createdAt,
        langs: draft.langs,
        reply: ctx.replyTo ? { root: strong(ctx.replyTo.root), parent: strong(ctx.replyTo.parent) } : undefined,
        images: imgs.length ? imgs : undefined,
        quote: ctx.quote ? strong(ctx.quote) : undefined,
      });
      const ref = { id: res.uri, cid: res.cid };
      const media: MediaItem[] = imgs.map((i) => ({ kind: 'photo', alt: i.alt, mimeType: i.mimeType }));
      return { ref, post: copyPost(draft, ref, who.did, who.handle, ctx, media), created: res.created, notes };
    },
    async findExisting(draft, ctx) {
      if (!ctx.key) return null;
      const rec = await connector.getPost(ctx.key);
      if (!rec) return null;
      const value = rec.value as { text?: string; reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } } };
      const ref = { id: rec.uri, cid: rec.cid };
      const replyTo = value.reply ? { root: { id: value.reply.root.uri, cid: value.reply.root.cid }, parent: { id: value.reply.parent.uri, cid: value.reply.parent.cid } } : undefined;
      return { ref, post: copyPost({ ...draft, text: value.text ?? draft.text }, ref, who.did, who.handle, { replyTo }, []) };
    },
    delete: (ref) => connector.deletePost(ref.id),
  };
}
