import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { fingerprint } from '../../../src-shared/text/fingerprint';
import { cursorOf } from '../../../src-main/store/PostsRepo';
import type { StoredPost } from '../../../src-main/store/types';
import { bskyPost, makeFixture, thrown, xPost } from './storeFixtures';
import type { Fixture } from './storeFixtures';

describe('PostsRepo', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.cleanup());

  it('round-trips every field of a post, including media, refs, optional metrics and raw', () => {
    const post = xPost('1800000000000000001', {
      cid: undefined,
      text: 'Hello & welcome 🎉 https://example.com/a',
      kind: 'reply',
      inReplyToId: '1799999999999999999',
      inReplyToAuthorId: '77',
      conversationId: '1799999999999999990',
      quoteOfId: '1700000000000000000',
      quoteOfAuthorId: '88',
      quoteOfUrl: 'https://x.com/bob/status/1700000000000000000',
      lang: 'en',
      pinned: true,
      metrics: { likes: 3, reposts: 2, replies: 1, quotes: 4, bookmarks: 5, impressions: 600 },
      links: [{ url: 'https://example.com/a', shortUrl: 'https://t.co/abc', display: 'example.com/a' }],
      hashtags: ['hello'],
      mentions: [{ handle: 'bob', id: '88' }],
      media: [
        { kind: 'photo', url: 'https://pbs.twimg.com/media/a.jpg', alt: 'a cat', width: 800, height: 600, mimeType: 'image/jpeg', remoteId: '3_1' },
        { kind: 'video', url: 'https://video.twimg.com/v.mp4', alt: null, durationMs: 12_000 },
      ],
      raw: { rest_id: '1800000000000000001', legacy: { full_text: 'Hello &amp; welcome' } },
    });
    expect(f.store.posts.upsertMany(f.xAccountId, [post])).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    const got = f.store.posts.get(f.xAccountId, post.id)!;
    const { rowId, accountId, madeByEngine, fingerprint: fp, deletedAt, firstSeenAt, updatedAt, ...asPost } = got;
    expect(asPost).toEqual({ ...post, repostOfId: null, cid: undefined });
    expect(asPost).not.toHaveProperty('cid');
    expect({ accountId, madeByEngine, deletedAt, firstSeenAt, updatedAt }).toEqual({ accountId: f.xAccountId, madeByEngine: false, deletedAt: null, firstSeenAt: f.clock.now(), updatedAt: f.clock.now() });
    expect(fp).toBe(fingerprint(post.text));
    expect(rowId).toBeGreaterThan(0);
  });

  it('merges by remote id: counts and text follow the newer fetch, first_seen_at stays', () => {
    const first = f.clock.now();
    f.store.posts.upsertMany(f.xAccountId, [xPost('1800000000000000001', { metrics: { likes: 1, reposts: 0, replies: 0, quotes: 0 } }), xPost('1800000000000000002')]);
    f.clock.advance(60_000);
    const res = f.store.posts.upsertMany(f.xAccountId, [
      xPost('1800000000000000001', { text: 'edited text', metrics: { likes: 9, reposts: 2, replies: 1, quotes: 0 } }),
      xPost('1800000000000000002'),
      xPost('1800000000000000003'),
    ]);
    expect(res).toEqual({ inserted: 1, updated: 1, unchanged: 1 });
    const p1 = f.store.posts.get(f.xAccountId, '1800000000000000001')!;
    expect(p1.text).toBe('edited text');
    expect(p1.metrics).toEqual({ likes: 9, reposts: 2, replies: 1, quotes: 0 });
    expect(p1.fingerprint).toBe(fingerprint('edited text'));
    expect(p1.firstSeenAt).toBe(first);
    expect(p1.updatedAt).toBe(first + 60_000);
    expect(f.store.posts.get(f.xAccountId, '1800000000000000002')!.updatedAt).toBe(first); // unchanged: not touched
    expect(f.store.posts.count(f.xAccountId)).toBe(3);
  });

  it('keeps impressions/bookmarks/cid/raw when a later fetch does not carry them', () => {
    const id = 'at://did:plc:abcdefghijklmnopqrstuvwx/app.bsky.feed.post/3kaaa';
    f.store.posts.upsertMany(f.bskyAccountId, [bskyPost('3kaaa', { metrics: { likes: 1, reposts: 0, replies: 0, quotes: 0, impressions: 50 }, raw: { a: 1 } })]);
    f.store.posts.upsertMany(f.bskyAccountId, [bskyPost('3kaaa', { cid: undefined, metrics: { likes: 2, reposts: 0, replies: 0, quotes: 0 } })]);
    const p = f.store.posts.get(f.bskyAccountId, id)!;
    expect(p.metrics).toEqual({ likes: 2, reposts: 0, replies: 0, quotes: 0, impressions: 50 });
    expect(p.cid).toBe('bafyrei3kaaa');
    expect(p.raw).toEqual({ a: 1 });
  });

  it('an archive import never overwrites a live row, but fills in its local media files', () => {
    const id = '1800000000000000001';
    f.store.posts.upsertMany(f.xAccountId, [
      xPost(id, { text: 'live text', metrics: { likes: 10, reposts: 1, replies: 0, quotes: 0 }, media: [{ kind: 'photo', url: 'https://pbs.twimg.com/a.jpg', alt: 'alt from X' }] }),
    ]);
    const res = f.store.posts.upsertMany(f.xAccountId, [
      xPost(id, { source: 'archive', text: 'archive text', metrics: { likes: 7, reposts: 0, replies: 0, quotes: 0 }, media: [{ kind: 'photo', localPath: '/archive/tweets_media/a.jpg', alt: null }] }),
    ]);
    expect(res).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    const p = f.store.posts.get(f.xAccountId, id)!;
    expect(p.source).toBe('live');
    expect(p.text).toBe('live text');
    expect(p.metrics.likes).toBe(10);
    expect(p.media).toEqual([{ kind: 'photo', url: 'https://pbs.twimg.com/a.jpg', localPath: '/archive/tweets_media/a.jpg', alt: 'alt from X' }]);
    // the same archive again changes nothing
    expect(f.store.posts.upsertMany(f.xAccountId, [xPost(id, { source: 'archive', media: [{ kind: 'photo', localPath: '/archive/tweets_media/a.jpg', alt: null }] })])).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
  });

  it('a live fetch over an archive row takes over the content and keeps the local media path', () => {
    const id = '1800000000000000001';
    f.store.posts.upsertMany(f.xAccountId, [xPost(id, { source: 'archive', text: 'old', media: [{ kind: 'photo', localPath: '/a/1.jpg', alt: null }, { kind: 'photo', localPath: '/a/2.jpg', alt: null }] })]);
    f.store.posts.upsertMany(f.xAccountId, [xPost(id, { text: 'new', media: [{ kind: 'photo', url: 'https://pbs/1.jpg', alt: 'first' }] })]);
    const p = f.store.posts.get(f.xAccountId, id)!;
    expect(p.source).toBe('live');
    expect(p.text).toBe('new');
    expect(p.media).toEqual([{ kind: 'photo', url: 'https://pbs/1.jpg', localPath: '/a/1.jpg', alt: 'first' }]);
  });

  it('made_by_engine stays set once known, even when a plain fetch sees the post again', () => {
    const id = '1800000000000000001';
    f.store.posts.upsertMany(f.xAccountId, [xPost(id)], { madeByEngine: true });
    f.store.posts.upsertMany(f.xAccountId, [xPost(id, { metrics: { likes: 5, reposts: 0, replies: 0, quotes: 0 } })]);
    expect(f.store.posts.get(f.xAccountId, id)!.madeByEngine).toBe(true);
    expect(f.store.posts.count(f.xAccountId, { madeByEngine: true })).toBe(1);
    expect(f.store.posts.setMadeByEngine(f.xAccountId, id, false)).toBe(true);
    expect(f.store.posts.count(f.xAccountId, { madeByEngine: true })).toBe(0);
    expect(f.store.posts.setMadeByEngine(f.xAccountId, '404')).toBe(false);
  });

  it('is atomic per call: one invalid post rejects the whole batch with the field named', () => {
    const err = thrown(() => f.store.posts.upsertMany(f.xAccountId, [xPost('1800000000000000001'), xPost('1800000000000000002', { kind: 'story' as never })]));
    expect(err.code).toBe(ErrorCode.InvalidInput);
    expect(err.message).toContain('kind');
    expect(err.message).toContain('1800000000000000002');
    expect(f.store.posts.count(f.xAccountId)).toBe(0);
  });

  it('refuses posts of the other platform and unknown accounts', () => {
    expect(thrown(() => f.store.posts.upsertMany(f.xAccountId, [bskyPost('3k')])).message).toContain('the account is on x');
    expect(thrown(() => f.store.posts.upsertMany(9999, [xPost('1')])).code).toBe(ErrorCode.NotFound);
  });

  it('lists newest first and pages with a keyset cursor without gaps or repeats, even on equal timestamps', () => {
    const t = Date.UTC(2025, 0, 1);
    const posts = Array.from({ length: 25 }, (_, i) => xPost(String(1800000000000000000n + BigInt(i)), { createdAt: t + Math.floor(i / 5) * 1000 }));
    f.store.posts.upsertMany(f.xAccountId, posts);
    const seen: StoredPost[] = [];
    let page = f.store.posts.listByAccount(f.xAccountId, { limit: 10 });
    while (page.length > 0) {
      seen.push(...page);
      page = f.store.posts.listByAccount(f.xAccountId, { limit: 10, before: cursorOf(page[page.length - 1]!) });
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen.map((p) => p.id)).size).toBe(25);
    for (let i = 1; i < seen.length; i++) {
      const a = seen[i - 1]!;
      const b = seen[i]!;
      expect(a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.rowId > b.rowId)).toBe(true);
    }
    // a bare instant is exclusive
    const older = f.store.posts.listByAccount(f.xAccountId, { limit: 100, before: t + 2000 });
    expect(older.map((p) => p.createdAt).every((c) => c < t + 2000)).toBe(true);
    expect(older).toHaveLength(10);
  });

  it('filters lists and counts by kind, source and deletion', () => {
    f.store.posts.upsertMany(f.xAccountId, [
      xPost('1800000000000000001'),
      xPost('1800000000000000002', { kind: 'reply' }),
      xPost('1800000000000000003', { kind: 'repost', repostOfId: '5' }),
      xPost('1800000000000000004', { source: 'archive' }),
    ]);
    expect(f.store.posts.listByAccount(f.xAccountId, { limit: 10, kind: 'reply' }).map((p) => p.id)).toEqual(['1800000000000000002']);
    expect(f.store.posts.count(f.xAccountId, { kind: 'post' })).toBe(2);
    expect(f.store.posts.count(f.xAccountId, { source: 'archive' })).toBe(1);
    expect(f.store.posts.markDeleted(f.xAccountId, '1800000000000000001', 123)).toBe(true);
    expect(f.store.posts.markDeleted(f.xAccountId, '1800000000000000001', 456)).toBe(false);
    expect(f.store.posts.get(f.xAccountId, '1800000000000000001')!.deletedAt).toBe(123);
    expect(f.store.posts.count(f.xAccountId)).toBe(3);
    expect(f.store.posts.count(f.xAccountId, { includeDeleted: true })).toBe(4);
    expect(f.store.posts.listByAccount(f.xAccountId, { limit: 10 }).map((p) => p.id)).not.toContain('1800000000000000001');
    expect(f.store.posts.listByAccount(f.xAccountId, { limit: 10, includeDeleted: true })).toHaveLength(4);
    // deleted_at survives a later fetch of the same post
    f.store.posts.upsertMany(f.xAccountId, [xPost('1800000000000000001', { text: 'seen again' })]);
    expect(f.store.posts.get(f.xAccountId, '1800000000000000001')!.deletedAt).toBe(123);
  });

  it('finds posts by fingerprint across t.co / expanded links and case, deleted ones included', () => {
    f.store.posts.upsertMany(f.xAccountId, [
      xPost('1800000000000000001', { text: 'Same Words here https://t.co/abc' }),
      xPost('1800000000000000002', { text: 'different words' }),
    ]);
    f.store.posts.markDeleted(f.xAccountId, '1800000000000000001');
    const hits = f.store.posts.byFingerprint(f.xAccountId, fingerprint('same words HERE https://example.com/x'));
    expect(hits.map((p) => p.id)).toEqual(['1800000000000000001']);
    expect(f.store.posts.byFingerprint(f.bskyAccountId, fingerprint('same words here'))).toEqual([]);
  });

  it('uses an injected fingerprint function when given one', async () => {
    const { PostsRepo } = await import('../../../src-main/store/PostsRepo');
    const repo = new PostsRepo(f.store.db, { clock: f.clock, fingerprint: (t) => `len:${t.length}` });
    repo.upsertMany(f.xAccountId, [xPost('1800000000000000009', { text: 'abc' })]);
    expect(repo.byFingerprint(f.xAccountId, 'len:3').map((p) => p.id)).toEqual(['1800000000000000009']);
  });

  it('refuses a page size outside 1..1000', () => {
    expect(thrown(() => f.store.posts.listByAccount(f.xAccountId, { limit: 0 })).code).toBe(ErrorCode.InvalidInput);
    expect(thrown(() => f.store.posts.listByAccount(f.xAccountId, { limit: 5000 })).code).toBe(ErrorCode.InvalidInput);
  });

  it('imports big batches in chunks with the same merge result', async () => {
    const posts = Array.from({ length: 1200 }, (_, i) => xPost(String(1800000000000000000n + BigInt(i)), { source: 'archive' }));
    const res = await f.store.posts.upsertInChunks(f.xAccountId, posts, { chunkSize: 500 });
    expect(res).toEqual({ inserted: 1200, updated: 0, unchanged: 0 });
    expect(f.store.posts.count(f.xAccountId)).toBe(1200);
    const again = await f.store.posts.upsertInChunks(f.xAccountId, posts.slice(0, 600), { chunkSize: 250 });
    expect(again).toEqual({ inserted: 0, updated: 0, unchanged: 600 });
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(f.store.posts.upsertInChunks(f.xAccountId, posts, { signal: ac.signal })).rejects.toThrow('stop');
  });
});
