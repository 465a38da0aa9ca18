import type { Post } from '../../../src-shared/domain/post';
import { fingerprint } from '../../../src-shared/text/fingerprint';
import type { XConnector } from '../../connectors/x/XConnector';
import { fetchMedia } from './fetchMedia';
import type { PartDraft, PublishTarget } from '../types';

export interface XTargetDeps {
  connector: XConnector;
  fetch: typeof fetch;
  userId: string;
  screenName: string;
}

/** How far back the unknown-outcome check looks on X (newest first, 20 posts a page). */
const LOOKBACK_PAGES = 3;

async function media(draft: PartDraft, fetchFn: typeof fetch, notes: string[], signal?: AbortSignal) {
  const out: { data: Uint8Array; mimeType: string; alt?: string | null }[] = [];
  for (const [n, m] of draft.media.entries()) {
    try {
      const b = await fetchMedia(m, fetchFn, signal);
      out.push({ data: b.data, mimeType: b.mimeType, alt: m.alt });
    } catch (e) {
      notes.push(`${m.kind} ${n + 1} was not copied: ${(e as Error).message}`);
    }
  }
  return out;
}

/** A copy of `draft` among `posts`: same normalised text, made after the attempt started. */
export function findCopy(draft: PartDraft, posts: Post[], since: number): Post | null {
  const fp = fingerprint(draft.text);
  const same = (p: Post) =>
    // A media-only post has no text to compare: match on "no text" and the number of media instead.
    fp ? fingerprint(p.text) === fp : !p.text.trim() && p.media.length === draft.media.length;
  return posts.find((p) => p.createdAt >= since - 60_000 && same(p)) ?? null;
}

export function createXTarget(deps: XTargetDeps): PublishTarget {
  const { connector } = deps;
  return {
    platform: 'x',
    keyFor: () => null,
    async publish(draft, ctx) {
      const notes: string[] = [];
      const files = await media(draft, deps.fetch, notes, ctx.signal);
      const post = await connector.createPost({
        text: draft.text,
        replyToId: ctx.replyTo?.parent.id,
        quoteUrl: ctx.quote ? `https://x.com/${deps.screenName}/status/${ctx.quote.id}` : undefined,
        media: files.length ? files : undefined,
        signal: ctx.signal,
      });
      return { ref: { id: post.id }, post, created: true, notes };
    },
    async findExisting(draft, ctx) {
      const { posts } = await connector.listOwnPosts({ userId: deps.userId, maxPages: LOOKBACK_PAGES, includeReplies: true, signal: ctx.signal });
      const found = findCopy(draft, posts, ctx.since);
      return found ? { ref: { id: found.id }, post: found } : null;
    },
    delete: (ref) => connector.deletePost(ref.id),
  };
}
