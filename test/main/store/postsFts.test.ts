import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFixture, xPost } from './storeFixtures';
import type { Fixture } from './storeFixtures';

/** posts_fts is external-content FTS5 kept in step by triggers (0001_init.sql). */
describe('posts_fts', () => {
  let f: Fixture;
  const match = (q: string) =>
    (f.store.db.raw.prepare('SELECT p.remote_id AS id FROM posts_fts JOIN posts p ON p.id = posts_fts.rowid WHERE posts_fts MATCH ? ORDER BY bm25(posts_fts), p.id').all(q) as { id: string }[]).map((r) => r.id);
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.cleanup());

  it('indexes inserted posts (words, phrases, prefixes, boolean operators, diacritics folded)', () => {
    f.store.posts.upsertMany(f.xAccountId, [
      xPost('1800000000000000001', { text: 'The quick brown fox jumps' }),
      xPost('1800000000000000002', { text: 'A café near the river' }),
      xPost('1800000000000000003', { text: 'quick thinking saves the day' }),
    ]);
    expect(match('quick')).toHaveLength(2);
    expect(match('"brown fox"')).toEqual(['1800000000000000001']);
    expect(match('jump*')).toEqual(['1800000000000000001']);
    expect(match('quick NOT fox')).toEqual(['1800000000000000003']);
    expect(match('cafe')).toEqual(['1800000000000000002']);
  });

  it('follows text updates: the new text matches, the old text no longer does', () => {
    f.store.posts.upsertMany(f.xAccountId, [xPost('1800000000000000001', { text: 'original wording about pelicans' })]);
    expect(match('pelicans')).toEqual(['1800000000000000001']);
    f.store.posts.upsertMany(f.xAccountId, [xPost('1800000000000000001', { text: 'revised wording about flamingos' })]);
    expect(match('flamingos')).toEqual(['1800000000000000001']);
    expect(match('pelicans')).toEqual([]);
    expect(match('wording')).toEqual(['1800000000000000001']);
  });

  it('an update that does not touch the text leaves the index alone and consistent', () => {
    f.store.posts.upsertMany(f.xAccountId, [xPost('1800000000000000001', { text: 'counting likes' })]);
    f.store.posts.upsertMany(f.xAccountId, [xPost('1800000000000000001', { text: 'counting likes', metrics: { likes: 4, reposts: 0, replies: 0, quotes: 0 } })]);
    expect(match('likes')).toEqual(['1800000000000000001']);
    // FTS5's own consistency check fails with SQLITE_CORRUPT_VTAB if the index and content diverged
    expect(() => f.store.db.raw.prepare("INSERT INTO posts_fts (posts_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
  });

  it('drops deleted rows from the index', () => {
    f.store.posts.upsertMany(f.xAccountId, [xPost('1800000000000000001', { text: 'ephemeral thought' }), xPost('1800000000000000002', { text: 'lasting thought' })]);
    f.store.db.raw.prepare('DELETE FROM posts WHERE remote_id = ?').run('1800000000000000001');
    expect(match('ephemeral')).toEqual([]);
    expect(match('thought')).toEqual(['1800000000000000002']);
    expect(() => f.store.db.raw.prepare("INSERT INTO posts_fts (posts_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();
  });

  it('removing an account cascades its posts out of the index', () => {
    f.store.posts.upsertMany(f.xAccountId, [xPost('1800000000000000001', { text: 'cascade me' })]);
    f.store.db.raw.prepare('DELETE FROM accounts WHERE id = ?').run(f.xAccountId);
    expect(match('cascade')).toEqual([]);
  });
});
