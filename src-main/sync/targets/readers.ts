import { tidFromTimestamp, tidTimestamp } from '../../connectors/bluesky/tid';
import type { BlueskyConnector } from '../../connectors/bluesky/BlueskyConnector';
import type { XConnector } from '../../connectors/x/XConnector';
import type { SourceReader } from '../types';

const maxId = (ids: string[], start: string | null): string | null =>
  ids.reduce<string | null>((m, id) => (m === null || BigInt(id) > BigInt(m) ? id : m), start);

/** X: newest-first pages of UserTweetsAndReplies until the last id we stored. */
export function createXReader(connector: XConnector, userId: string, opts: { firstRunPages?: number } = {}): SourceReader {
  return {
    platform: 'x',
    async fetchNew(cursor, signal) {
      const { posts } = await connector.listOwnPosts({
        userId,
        stopAtId: cursor ?? undefined,
        includeReplies: true,
        maxPages: cursor ? 50 : (opts.firstRunPages ?? 10),
        signal,
      });
      const own = posts.filter((p) => p.authorId === userId);
      return { posts: own, cursor: maxId(own.map((p) => p.id), cursor) };
    },
    exists: async (id) => (await connector.getPost(id)) !== null,
  };
}

/** Re-read this much before the cursor: clients pick TIDs from their own clocks, which may lag. */
const OVERLAP_MS = 10 * 60_000;

/** Bluesky: listRecords on the own repo, newest record key first, down to the cursor (minus overlap). */
export function createBskyReader(connector: BlueskyConnector): SourceReader {
  return {
    platform: 'bsky',
    async fetchNew(cursor, signal) {
      const stopAtRkey = cursor ? tidFromTimestamp(Math.max(0, tidTimestamp(cursor) - OVERLAP_MS)) : undefined;
      const { posts } = await connector.listOwnPosts({ stopAtRkey, signal });
      const rkeys = posts.map((p) => p.id.split('/').pop() ?? '').filter(Boolean);
      const newest = rkeys.reduce<string | null>((m, k) => (m === null || k > m ? k : m), cursor);
      return { posts, cursor: newest };
    },
    exists: async (id) => (await connector.getPost(id.split('/').pop() ?? id)) !== null,
  };
}
