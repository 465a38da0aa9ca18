/**
 * Profile-wide reads for the dashboard and the posts list: across the profile's accounts, paged
 * with a (created_at, id) cursor so lists of any size stay cheap (STYLE.md §13).
 */
import type { Platform } from '../../src-shared/domain/post';
import type { Db } from './Database';

export interface PostListRow {
  id: number;
  platform: Platform;
  remote_id: string;
  author_handle: string;
  text: string;
  created_at: number;
  kind: 'post' | 'reply' | 'repost';
  source: 'live' | 'archive';
  likes: number;
  reposts: number;
  replies: number;
  media_count: number;
}

export class ProfileQueries {
  #s;

  constructor(db: Db) {
    const r = db.raw;
    const where = `a.profile_id = @profileId AND p.deleted_at IS NULL AND (@platform IS NULL OR p.platform = @platform)`;
    this.#s = {
      page: r.prepare<[Record<string, unknown>], PostListRow>(
        `SELECT p.id, p.platform, p.remote_id, p.author_handle, p.text, p.created_at, p.kind, p.source, p.likes, p.reposts, p.replies,
                (SELECT count(*) FROM media m WHERE m.post_id = p.id) AS media_count
           FROM posts p JOIN accounts a ON a.id = p.account_id
          WHERE ${where} AND (@beforeAt IS NULL OR p.created_at < @beforeAt OR (p.created_at = @beforeAt AND p.id < @beforeId))
          ORDER BY p.created_at DESC, p.id DESC LIMIT @limit`,
      ),
      count: r.prepare<[Record<string, unknown>], { n: number }>(`SELECT count(*) AS n FROM posts p JOIN accounts a ON a.id = p.account_id WHERE ${where}`),
      perPlatform: r.prepare<[number], { platform: Platform; n: number }>(
        'SELECT p.platform, count(*) AS n FROM posts p JOIN accounts a ON a.id = p.account_id WHERE a.profile_id = ? AND p.deleted_at IS NULL GROUP BY p.platform',
      ),
      synced: r.prepare<[number], { n: number }>(
        'SELECT count(DISTINCT l.source_platform || l.source_id) AS n FROM sync_links l JOIN account_pairs ap ON ap.id = l.pair_id WHERE ap.profile_id = ?',
      ),
      intents: r.prepare<[number], { status: string; n: number }>(
        'SELECT i.status, count(*) AS n FROM publish_intents i JOIN account_pairs ap ON ap.id = i.pair_id WHERE ap.profile_id = ? GROUP BY i.status',
      ),
    };
  }

  postsPage(profileId: number, o: { platform?: Platform; limit: number; before?: { createdAt: number; rowId: number } }): PostListRow[] {
    return this.#s.page.all({ profileId, platform: o.platform ?? null, limit: o.limit, beforeAt: o.before?.createdAt ?? null, beforeId: o.before?.rowId ?? null });
  }

  postsCount(profileId: number, platform?: Platform): number {
    return this.#s.count.get({ profileId, platform: platform ?? null })?.n ?? 0;
  }

  counts(profileId: number): { posts: Record<Platform, number>; synced: number; pending: number; failed: number } {
    const posts: Record<Platform, number> = { x: 0, bsky: 0 };
    for (const r of this.#s.perPlatform.all(profileId)) posts[r.platform] = r.n;
    const by = Object.fromEntries(this.#s.intents.all(profileId).map((r) => [r.status, r.n]));
    const pending = (by.pending ?? 0) + (by.sent ?? 0) + (by.unknown ?? 0) + (by.failed ?? 0);
    return { posts, synced: this.#s.synced.get(profileId)?.n ?? 0, pending, failed: by.poison ?? 0 };
  }
}
