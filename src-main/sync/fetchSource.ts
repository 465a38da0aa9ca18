import type { SyncStorePort } from './ports';
import type { SourceReader } from './types';

/**
 * Step 1 of a run: bring the account's new own posts into the local index. The cursor is saved
 * only after the posts are committed (STYLE.md §16), so a crash here re-reads, never skips.
 */
export async function fetchSource(d: { store: SyncStorePort; reader: SourceReader; accountId: number; signal?: AbortSignal }): Promise<number> {
  const name = `${d.reader.platform}:own-posts`;
  const cursor = d.store.getCursor(d.accountId, name);
  const { posts, cursor: next } = await d.reader.fetchNew(cursor, d.signal);
  if (posts.length) d.store.upsertSourcePosts(d.accountId, posts);
  if (next !== cursor) d.store.saveCursor(d.accountId, name, next);
  return posts.length;
}
