/**
 * Reads of the account's own posts: UserTweets / UserTweetsAndReplies paged newest-first until
 * `stopAtId` is seen (ids compared as BigInt), the real last page (only cursors; the library loops
 * forever on it) or `maxPages`; TweetDetail for one post. Our parser does the JSON.
 */
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Post } from '../../../src-shared/domain/post';
import { RemoteError, type CallSpec } from '../limits/types';
import { parseTimeline, parseTweetDetail } from './parse/index';
import { graphqlUrl, READ_FEATURES, type XOperation } from './xEndpoints';
import { xCall, type XHttpDeps } from './xHttp';

export interface ListOwnPostsOptions {
  userId: string;
  stopAtId?: string;
  maxPages?: number;
  includeReplies?: boolean;
  signal?: AbortSignal;
}

export interface ListOwnPostsResult {
  posts: Post[];
  pages: number;
  reachedEnd: boolean;
}

export interface ReadDeps {
  http: XHttpDeps;
  queryIds: Record<XOperation, string>;
  account?: string;
}

const ID = /^\d{1,20}$/;
const PAGE_SIZE = 20;
const DEFAULT_MAX_PAGES = 200;

function readSpec(op: string, account?: string): CallSpec {
  return { service: 'x', kind: 'read', op, account, idempotent: true };
}

function checkOptions(opts: ListOwnPostsOptions): void {
  if (!ID.test(opts.userId)) throw new AppError(ErrorCode.InvalidInput, `X user id "${opts.userId}" is not a numeric id; use the id from "Test connection".`, { field: 'userId' });
  if (opts.stopAtId !== undefined && !ID.test(opts.stopAtId)) throw new AppError(ErrorCode.InvalidInput, `stopAtId "${opts.stopAtId}" is not a numeric X post id.`, { field: 'stopAtId' });
  if (opts.maxPages !== undefined && (!Number.isInteger(opts.maxPages) || opts.maxPages < 1)) throw new AppError(ErrorCode.InvalidInput, `maxPages must be a positive whole number, got ${opts.maxPages}.`, { field: 'maxPages' });
}

export async function listOwnPosts(d: ReadDeps, opts: ListOwnPostsOptions): Promise<ListOwnPostsResult> {
  checkOptions(opts);
  const op: XOperation = opts.includeReplies ? 'UserTweetsAndReplies' : 'UserTweets';
  const stop = opts.stopAtId !== undefined ? BigInt(opts.stopAtId) : undefined;
  const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
  const posts: Post[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let pages = 1; ; pages++) {
    if (opts.signal?.aborted) throw new AppError(ErrorCode.Cancelled, 'Reading X posts was cancelled.');
    const variables = { userId: opts.userId, count: PAGE_SIZE, includePromotedContent: false, withQuickPromoteEligibilityTweetFields: true, withVoice: true, ...(opts.includeReplies ? { withCommunity: true } : {}), ...(cursor ? { cursor } : {}) };
    const url = graphqlUrl(d.queryIds[op], op, { variables, features: READ_FEATURES, fieldToggles: { withArticlePlainText: false } });
    const res = await xCall(d.http, readSpec(op, d.account), { method: 'GET', url, signal: opts.signal });
    const page = parseTimeline(res.body, { ownerId: opts.userId, op });
    const pinned = new Set(page.pinned.map((p) => p.id));
    let sawStop = false;
    for (const p of page.own) {
      if (seen.has(p.id)) continue;
      seen.add(p.id);
      if (stop !== undefined && BigInt(p.id) <= stop) {
        // An old pinned post comes first on page 1; it says nothing about where we are.
        if (!pinned.has(p.id)) sawStop = true;
        continue;
      }
      posts.push(p);
    }
    const next = page.cursors.bottom;
    const end = page.isEnd || !next || next === cursor;
    if (sawStop || end || pages >= maxPages) return { posts, pages, reachedEnd: end && !sawStop };
    cursor = next;
  }
}

export async function getPost(d: ReadDeps, id: string, signal?: AbortSignal): Promise<Post | null> {
  if (!ID.test(id)) throw new AppError(ErrorCode.InvalidInput, `"${id}" is not a numeric X post id.`, { field: 'id' });
  const variables = { focalTweetId: id, with_rux_injections: false, rankingMode: 'Relevance', includePromotedContent: false, withCommunity: true, withQuickPromoteEligibilityTweetFields: true, withBirdwatchNotes: true, withVoice: true };
  const url = graphqlUrl(d.queryIds.TweetDetail, 'TweetDetail', { variables, features: READ_FEATURES, fieldToggles: { withArticleRichContentState: true, withArticlePlainText: false } });
  try {
    const res = await xCall(d.http, readSpec('TweetDetail', d.account), { method: 'GET', url, signal });
    return parseTweetDetail(res.body, { op: 'TweetDetail' }).posts.find((p) => p.id === id) ?? null;
  } catch (e) {
    if (e instanceof RemoteError && e.kind === 'not_found') return null;
    throw e;
  }
}
