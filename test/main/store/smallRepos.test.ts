/** ProfilesRepo, AccountsRepo, PairsRepo, CursorsRepo and ApiUsageRepo. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { BSKY_DID, X_USER, makeFixture, thrown } from './storeFixtures';
import type { Fixture } from './storeFixtures';

describe('profiles, accounts, pairs, cursors, api usage', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.cleanup());

  it('ensureDefaultProfile returns the same profile every time', () => {
    const a = f.store.profiles.ensureDefaultProfile();
    const b = f.store.profiles.ensureDefaultProfile();
    expect(b).toEqual(a);
    expect(f.store.profiles.list()).toEqual([a]);
    expect(thrown(() => f.store.profiles.create('default')).code).toBe(ErrorCode.Conflict);
  });

  it('upserts accounts by remote id: a handle change updates the same row', () => {
    const again = f.store.accounts.upsert({ profileId: f.profileId, platform: 'bsky', handle: '@Alice.Example.COM', remoteId: BSKY_DID, displayName: 'Alice' });
    expect(again.id).toBe(f.bskyAccountId);
    expect(again).toMatchObject({ handle: 'alice.example.com', displayName: 'Alice', serviceUrl: 'http://127.0.0.1:1' });
    expect(f.store.accounts.listByProfile(f.profileId).map((a) => a.platform)).toEqual(['bsky', 'x']);
    expect(f.store.accounts.getByRemote(f.profileId, 'x', X_USER)!.id).toBe(f.xAccountId);
    expect(thrown(() => f.store.accounts.upsert({ profileId: f.profileId, platform: 'bsky', handle: 'a', remoteId: 'alice.bsky.social' })).message).toContain('DID');
    expect(thrown(() => f.store.accounts.upsert({ profileId: f.profileId, platform: 'x', handle: 'a', remoteId: '@alice' })).message).toContain('numeric user id');
    expect(thrown(() => f.store.accounts.upsert({ profileId: 99, platform: 'x', handle: 'a', remoteId: '1' })).code).toBe(ErrorCode.NotFound);
  });

  it('pairs accounts of the same profile and toggles each direction', () => {
    const pair = f.store.pairs.get(f.pairId)!;
    expect(pair).toMatchObject({ xToBskyEnabled: true, bskyToXEnabled: true });
    expect(f.store.pairs.setDirectionEnabled(f.pairId, 'bsky-to-x', false)).toMatchObject({ xToBskyEnabled: true, bskyToXEnabled: false });
    expect(f.store.pairs.setDirectionEnabled(f.pairId, 'x-to-bsky', false)).toMatchObject({ xToBskyEnabled: false, bskyToXEnabled: false });
    expect(thrown(() => f.store.pairs.create({ profileId: f.profileId, xAccountId: f.xAccountId, bskyAccountId: f.bskyAccountId })).code).toBe(ErrorCode.Conflict);
    expect(thrown(() => f.store.pairs.create({ profileId: f.profileId, xAccountId: f.bskyAccountId, bskyAccountId: f.xAccountId })).message).toContain('is not an X account');
    const other = f.store.profiles.create('other').id;
    expect(thrown(() => f.store.pairs.create({ profileId: other, xAccountId: f.xAccountId, bskyAccountId: f.bskyAccountId })).message).toContain('another profile');
    expect(f.store.pairs.listByProfile(f.profileId)).toHaveLength(1);
    expect(thrown(() => f.store.pairs.setDirectionEnabled(404, 'x-to-bsky', true)).code).toBe(ErrorCode.NotFound);
  });

  it('cursors are per account and name, overwritten in place', () => {
    expect(f.store.cursors.get(f.xAccountId, 'newest')).toBeNull();
    f.store.cursors.set(f.xAccountId, 'newest', '100');
    f.clock.advance(10);
    f.store.cursors.set(f.xAccountId, 'newest', '200');
    f.store.cursors.set(f.bskyAccountId, 'newest', 'cursor-b');
    expect(f.store.cursors.get(f.xAccountId, 'newest')).toBe('200');
    expect(f.store.cursors.list(f.xAccountId)).toEqual([{ accountId: f.xAccountId, name: 'newest', value: '200', updatedAt: f.clock.now() }]);
    expect(f.store.cursors.delete(f.xAccountId, 'newest')).toBe(true);
    expect(f.store.cursors.get(f.xAccountId, 'newest')).toBeNull();
    expect(f.store.cursors.get(f.bskyAccountId, 'newest')).toBe('cursor-b');
  });

  it('a cursor saved inside a failed batch transaction is rolled back with it', () => {
    expect(() =>
      f.store.db.transaction(() => {
        f.store.cursors.set(f.xAccountId, 'newest', '300');
        throw new Error('batch failed');
      }),
    ).toThrow('batch failed');
    expect(f.store.cursors.get(f.xAccountId, 'newest')).toBeNull();
  });

  it('api usage counts calls and errors per service/account/op and hour', () => {
    const h = Date.UTC(2026, 0, 15, 12);
    f.store.apiUsage.record('x', 'alice', 'UserTweets', 'ok', h + 1000);
    f.store.apiUsage.record('x', 'alice', 'UserTweets', 429, h + 2000, { resetAt: h + 900_000 });
    f.store.apiUsage.record('x', 'alice', 'UserTweets', 200, h + 3000);
    f.store.apiUsage.record('x', 'alice', 'UserTweets', 'ok', h + 3_600_000);
    f.store.apiUsage.record('bsky', null, 'com.atproto.server.createSession', 'auth', h + 5000);
    expect(f.store.apiUsage.listSince(h)).toEqual([
      { service: 'bsky', account: '', op: 'com.atproto.server.createSession', windowStart: h, calls: 1, errors: 1, lastStatus: 'auth', lastResetAt: null },
      { service: 'x', account: 'alice', op: 'UserTweets', windowStart: h, calls: 3, errors: 1, lastStatus: '200', lastResetAt: h + 900_000 },
      { service: 'x', account: 'alice', op: 'UserTweets', windowStart: h + 3_600_000, calls: 1, errors: 0, lastStatus: 'ok', lastResetAt: null },
    ]);
    expect(f.store.apiUsage.listSince(h + 3_600_000)).toHaveLength(1);
    expect(thrown(() => f.store.apiUsage.record('mastodon' as never, 'a', 'op', 'ok')).code).toBe(ErrorCode.InvalidInput);
  });
});
