import { useCallback, useEffect } from 'react';
import { useStore } from 'zustand';
import type { Platform } from '../../src-shared/domain/post';
import { Empty, ErrorBox, formatTime, Loading, PLATFORM_LABEL } from '../components/States';
import { VirtualList } from '../components/VirtualList';
import { useStores } from '../stores/AppStores';

const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`;

const FILTERS: Array<[Platform | null, string]> = [
  [null, 'All'],
  ['x', 'X'],
  ['bsky', 'Bluesky'],
];

export function PostsPage() {
  const { posts } = useStores();
  const { platform, items, total, loadingMore, done, error, setPlatform, loadMore } = useStore(posts);
  useEffect(() => {
    if (total === null && !loadingMore && !error) void setPlatform(platform);
  }, [total, loadingMore, error, platform, setPlatform]);
  const nearEnd = useCallback(() => void loadMore(), [loadMore]);
  return (
    <section aria-labelledby="posts-title">
      <h1 id="posts-title">Posts</h1>
      <div className="filters" role="group" aria-label="Show posts from">
        {FILTERS.map(([p, label]) => (
          <button key={label} type="button" aria-pressed={platform === p} onClick={() => void setPlatform(p)}>
            {label}
          </button>
        ))}
        {total !== null && <span className="muted">{total.toLocaleString()} posts in the local index</span>}
      </div>
      {error && <ErrorBox message={error} onRetry={() => void loadMore()} />}
      {!error && total === null && <Loading what="your posts" />}
      {!error && total === 0 && <Empty title="No posts here yet.">Posts appear once a sync has read them or an archive was imported.</Empty>}
      {items.length > 0 && (
        <VirtualList
          label="Posts"
          items={items}
          rowHeight={76}
          height={560}
          rowKey={(p) => p.rowId}
          onNearEnd={done ? undefined : nearEnd}
          renderRow={(p) => (
            <article className="post">
              <header>
                <span className={`badge badge-${p.platform}`}>{PLATFORM_LABEL[p.platform]}</span> <time>{formatTime(p.createdAt)}</time>
                <span className="muted">
                  {' '}
                  · {plural(p.likes, 'like')} · {plural(p.reposts, 'repost')}{p.mediaCount ? ` · ${p.mediaCount} media` : ''}
                </span>
              </header>
              <p className="post-text">{p.text}</p>
            </article>
          )}
        />
      )}
      {loadingMore && items.length > 0 && <p className="muted">Loading more…</p>}
    </section>
  );
}
