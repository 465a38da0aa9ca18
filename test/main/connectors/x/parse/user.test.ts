/** parseUser across the three generations, with values read by hand from the captures. */
import { describe, expect, it } from 'vitest';
import { parseUser } from '../../../../../src-main/connectors/x/parse';
import { RemoteError } from '../../../../../src-main/connectors/limits/types';
import { deriveG2, loadXCapture } from '../../../../support/xCorpus';

function kindOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof RemoteError) return e.kind;
    throw e;
  }
  return 'no error';
}

describe('parseUser', () => {
  it('G3 UserByScreenName (no legacy): core, relationship_counts, tweet_counts, pinned_items, privacy', () => {
    expect(parseUser(loadXCapture('head/raw_user_by_login.json'))).toEqual({
      id: '2244994945',
      screenName: 'XDevelopers',
      name: 'Developers',
      createdAt: Date.UTC(2013, 11, 14, 4, 35, 55),
      followers: 695695,
      following: 762,
      postsCount: 4319,
      pinnedPostIds: ['2019881223666233717'],
      protected: false,
      generation: 'G3',
    });
  });

  it('G1 UserByRestId (everything in legacy)', () => {
    expect(parseUser(loadXCapture('historical/raw_user_by_id.json'))).toEqual({
      id: '2244994945',
      screenName: 'XDevelopers',
      name: 'Developers',
      createdAt: Date.UTC(2013, 11, 14, 4, 35, 55),
      followers: 700242,
      following: 746,
      postsCount: 4079,
      pinnedPostIds: ['1851463451929186504'],
      generation: 'G1',
    });
  });

  it('G2 (core + partial legacy without screen_name/name): counters come from legacy', () => {
    const g2 = deriveG2(loadXCapture('head/raw_user_by_login.json'));
    expect(g2.data.user.result.relationship_counts).toBeUndefined();
    expect(g2.data.user.result.legacy.screen_name).toBeUndefined();
    const u = parseUser(g2);
    expect(u).toMatchObject({ screenName: 'XDevelopers', followers: 695695, postsCount: 4319, pinnedPostIds: ['2019881223666233717'], generation: 'G2' });
  });

  it('the about page form (user_result_by_screen_name) has no counters', () => {
    const u = parseUser(loadXCapture('head/raw_user_about.json'));
    expect(u).toMatchObject({ id: '2244994945', screenName: 'XDevelopers', generation: 'G3', protected: false });
    expect(u.followers).toBeUndefined();
  });

  it('unknown and unavailable accounts are not_found; other shapes api_changed; errors[] by code', () => {
    expect(kindOf(() => parseUser({ data: { user: {} } }))).toBe('not_found');
    expect(kindOf(() => parseUser({ data: { user: { result: { __typename: 'UserUnavailable', reason: 'Suspended' } } } }))).toBe('not_found');
    expect(kindOf(() => parseUser({ data: {} }))).toBe('api_changed');
    expect(kindOf(() => parseUser({ data: { user: { result: { __typename: 'User', rest_id: '1' } } } }))).toBe('api_changed');
    expect(kindOf(() => parseUser({ errors: [{ code: 326, message: 'To protect our users from spam…' }] }))).toBe('locked');
  });
});
