import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { BSKY_DID, makeFixture, thrown } from './storeFixtures';
import type { Fixture } from './storeFixtures';

const uri = (rkey: string) => `at://${BSKY_DID}/app.bsky.feed.post/${rkey}`;

describe('LinksRepo', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.cleanup());

  const link = (over: Partial<Parameters<Fixture['store']['links']['insert']>[0]> = {}) => ({
    pairId: f.pairId,
    sourcePlatform: 'x' as const,
    sourceId: '1800000000000000001',
    copyPlatform: 'bsky' as const,
    copyId: uri('3kaaa'),
    role: 'root' as const,
    ...over,
  });

  it('stores a link and finds it from both sides', () => {
    const l = f.store.links.insert(link({ copyCid: 'bafyabc', sourceCreatedAt: 1000 }));
    expect(l).toMatchObject({ pairId: f.pairId, sourceId: '1800000000000000001', copyId: uri('3kaaa'), copyCid: 'bafyabc', partIndex: 0, role: 'root', sourceCreatedAt: 1000, createdAt: f.clock.now() });
    expect(f.store.links.byCopy('bsky', uri('3kaaa'))).toEqual(l);
    expect(f.store.links.bySource(f.pairId, 'x', '1800000000000000001')).toEqual([l]);
    expect(f.store.links.isCopy('bsky', uri('3kaaa'))).toBe(true);
    expect(f.store.links.isCopy('x', '1800000000000000001')).toBe(false); // the source is not a copy
    expect(f.store.links.byCopy('bsky', uri('nope'))).toBeNull();
  });

  it('returns the parts of a split source in part order', () => {
    f.store.links.insert(link({ copyId: uri('3kccc'), role: 'part', partIndex: 2 }));
    f.store.links.insert(link({ copyId: uri('3kaaa'), role: 'root', partIndex: 0 }));
    f.store.links.insert(link({ copyId: uri('3kbbb'), role: 'part', partIndex: 1 }));
    expect(f.store.links.bySource(f.pairId, 'x', '1800000000000000001').map((l) => [l.partIndex, l.copyId])).toEqual([
      [0, uri('3kaaa')],
      [1, uri('3kbbb')],
      [2, uri('3kccc')],
    ]);
  });

  it('rejects a second copy of the same source part', () => {
    f.store.links.insert(link());
    const err = thrown(() => f.store.links.insert(link({ copyId: uri('3kzzz') })));
    expect(err.code).toBe(ErrorCode.Conflict);
    expect(err.details?.side).toBe('source');
    expect(err.message).toContain('already has a copy');
    expect(f.store.links.isCopy('bsky', uri('3kzzz'))).toBe(false);
  });

  it('rejects a second source for the same copy', () => {
    f.store.links.insert(link());
    const err = thrown(() => f.store.links.insert(link({ sourceId: '1800000000000000002' })));
    expect(err.code).toBe(ErrorCode.Conflict);
    expect(err.details?.side).toBe('copy');
    expect(err.message).toContain('cannot have two sources');
    expect(f.store.links.bySource(f.pairId, 'x', '1800000000000000002')).toEqual([]);
  });

  it('the schema enforces both unique sides even for raw SQL writers', () => {
    f.store.links.insert(link());
    const raw = f.store.db.raw.prepare(
      "INSERT INTO sync_links (pair_id, source_platform, source_id, copy_platform, copy_id, role, part_index, created_at) VALUES (?, 'x', ?, 'bsky', ?, 'root', 0, 0)",
    );
    expect(thrown(() => raw.run(f.pairId, '1800000000000000001', uri('3kother'))).code).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(thrown(() => raw.run(f.pairId, '1800000000000000009', uri('3kaaa'))).code).toBe('SQLITE_CONSTRAINT_UNIQUE');
  });

  it('refuses same-platform links, bad roles and unknown pairs', () => {
    expect(thrown(() => f.store.links.insert(link({ copyPlatform: 'x' }))).code).toBe(ErrorCode.InvalidInput);
    expect(thrown(() => f.store.links.insert(link({ role: 'copy' as never }))).code).toBe(ErrorCode.InvalidInput);
    expect(thrown(() => f.store.links.insert(link({ pairId: 999 }))).code).toBe(ErrorCode.NotFound);
  });

  it('pages a pair’s links in insertion order', () => {
    for (let i = 0; i < 5; i++) f.store.links.insert(link({ sourceId: `18000000000000000${10 + i}`, copyId: uri(`3k${i}`) }));
    const first = f.store.links.listByPair(f.pairId, { limit: 3 });
    const rest = f.store.links.listByPair(f.pairId, { limit: 3, afterId: first[2]!.id });
    expect([...first, ...rest].map((l) => l.copyId)).toEqual([0, 1, 2, 3, 4].map((i) => uri(`3k${i}`)));
  });
});
