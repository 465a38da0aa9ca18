/**
 * UserByScreenName / UserByRestId → XUser, in all three generations:
 * G1 everything in `legacy`; G2 `core {screen_name, name, created_at}` split out and a partial
 * `legacy` (counts, pinned ids) left; G3 no `legacy`, counts in `relationship_counts` /
 * `tweet_counts`, pinned ids in `pinned_items`, `privacy.protected`.
 */
import { RemoteError } from '../../limits/types';
import { assertNoGraphqlErrors } from './errors';
import { apiChanged, arr, at, isObj, nstr, num, obj, parseXDate, str, type Obj } from './json';
import type { XGeneration, XUser } from './types';

/** The generation a user object was served in; undefined when it is not a user object we know. */
export function userGeneration(user: unknown): XGeneration | undefined {
  if (!isObj(user)) return undefined;
  const legacy = obj(user.legacy);
  if (legacy && nstr(legacy.screen_name)) return 'G1';
  if (legacy && nstr(at(user, 'core.screen_name'))) return 'G2';
  if (nstr(at(user, 'core.screen_name'))) return 'G3';
  return undefined;
}

const USER_PATHS = ['data.user.result', 'data.user_result_by_screen_name.result', 'data.user_result_by_rest_id.result', 'data.user_result.result'];

function locateUser(json: unknown, op: string): Obj {
  for (const path of USER_PATHS) {
    const found = at(json, path);
    if (found !== undefined) {
      const u = obj(found);
      if (!u) throw apiChanged(op, `user object at ${path}`);
      return u;
    }
  }
  // X answers an unknown screen name / id with `data.user: {}` (no result).
  const holder = obj(at(json, 'data.user')) ?? obj(at(json, 'data.user_result_by_screen_name'));
  if (holder && Object.keys(holder).length === 0) {
    throw new RemoteError('not_found', 'x', `X ${op}: no such account. Check the handle or id.`, { status: 200 });
  }
  throw apiChanged(op, `data.user.result (looked at ${USER_PATHS.join(', ')})`);
}

function stringList(v: unknown): string[] {
  return arr(v).filter((x): x is string => typeof x === 'string' && x.length > 0);
}

/** Reads an already located user object (exported for the connector's own lookups). */
export function readUser(user: Obj, op = 'UserByScreenName'): XUser {
  if (str(user.__typename) === 'UserUnavailable') {
    const reason = nstr(user.reason) ?? nstr(user.message) ?? 'unavailable';
    throw new RemoteError('not_found', 'x', `X ${op}: the account is unavailable (${reason}).`, { status: 200 });
  }
  const generation = userGeneration(user);
  const legacy = obj(user.legacy) ?? {};
  const core = obj(user.core) ?? {};
  const id = nstr(user.rest_id);
  const screenName = nstr(core.screen_name) ?? nstr(legacy.screen_name);
  if (!generation || !id || !screenName) throw apiChanged(op, 'user `rest_id` and `core.screen_name` (G2/G3) or `legacy.screen_name` (G1)');
  const pinnedG3 = at(user, 'pinned_items.tweet_ids_str');
  const out: XUser = {
    id,
    screenName,
    name: nstr(core.name) ?? nstr(legacy.name) ?? screenName,
    pinnedPostIds: stringList(pinnedG3 !== undefined ? pinnedG3 : legacy.pinned_tweet_ids_str),
    generation,
  };
  // G3 blocks first, then the G1/G2 `legacy` counters.
  const createdAt = parseXDate(str(core.created_at) ?? str(legacy.created_at) ?? '');
  const followers = num(at(user, 'relationship_counts.followers')) ?? num(legacy.followers_count);
  const following = num(at(user, 'relationship_counts.following')) ?? num(legacy.friends_count);
  const postsCount = num(at(user, 'tweet_counts.tweets')) ?? num(legacy.statuses_count);
  const protectedFlag = at(user, 'privacy.protected') ?? legacy.protected;
  if (createdAt !== undefined) out.createdAt = createdAt;
  if (followers !== undefined) out.followers = followers;
  if (following !== undefined) out.following = following;
  if (postsCount !== undefined) out.postsCount = postsCount;
  if (typeof protectedFlag === 'boolean') out.protected = protectedFlag;
  return out;
}

/** UserByScreenName / UserByRestId (and the `user_result_by_screen_name` form of the about page). */
export function parseUser(json: unknown, op = 'UserByScreenName'): XUser {
  assertNoGraphqlErrors(json, op);
  return readUser(locateUser(json, op), op);
}
