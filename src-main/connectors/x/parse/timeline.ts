/**
 * Timeline instructions → TimelinePage, for every timeline-shaped operation (UserTweets,
 * UserTweetsAndReplies, UserMedia, Likes, SearchTimeline, community and list timelines) and for
 * TweetDetail. The instruction/entry format is the same everywhere; only where `instructions`
 * sits differs, and that key is what X renamed (timeline_v2 → timeline), so it is looked up in a
 * table of known places first and then, as a guard against the next rename, by a bounded search
 * for an `instructions` array under `data`.
 */
import type { Post } from '../../../../src-shared/domain/post';
import { RemoteError } from '../../limits/types';
import { assertNoGraphqlErrors } from './errors';
import { apiChanged, arr, at, isObj, nstr, obj, str, type Obj } from './json';
import { buildPost, unwrapTweet } from './tweet';
import type { ParseTimelineOptions, XGeneration, XTimelinePage } from './types';
import { userGeneration } from './user';

const TIMELINE_PATHS = [
  'data.user.result.timeline.timeline.instructions',
  'data.user.result.timeline_v2.timeline.instructions',
  'data.search_by_raw_query.search_timeline.timeline.instructions',
  'data.communityResults.result.ranked_community_timeline.timeline.instructions',
  'data.list.tweets_timeline.timeline.instructions',
  'data.bookmark_timeline_v2.timeline.instructions',
  'data.home.home_timeline_urt.instructions',
];
const DETAIL_PATHS = ['data.threaded_conversation_with_injections_v2.instructions', 'data.threaded_conversation_with_injections.instructions'];

/** Collects posts while walking instructions; one instance per page. */
class PageBuilder {
  readonly #byId = new Map<string, Post>();
  readonly #order: string[] = [];
  readonly #pinnedIds = new Set<string>();
  #postEntries = 0;
  #generation: XGeneration | undefined;
  tombstones = 0;
  terminatedBelow = false;
  readonly cursors: { top?: string; bottom?: string } = {};
  readonly more: string[] = [];

  tweet(result: unknown, pinned: boolean): void {
    this.#postEntries++;
    const u = unwrapTweet(result);
    if (u.type === 'gone') {
      this.tombstones++;
      return;
    }
    this.#generation ??= userGeneration(at(u.tweet, 'core.user_results.result'));
    const id = nstr(u.tweet.rest_id) as string;
    if (pinned) this.#pinnedIds.add(id);
    if (this.#byId.has(id)) return;
    this.#byId.set(id, buildPost(u.tweet, result));
    this.#order.push(id);
  }

  tombstone(): void {
    this.#postEntries++;
    this.tombstones++;
  }

  cursor(c: Obj): void {
    const value = nstr(c.value);
    if (!value) return;
    const type = str(c.cursorType);
    if (type === 'Top') this.cursors.top = value;
    else if (type === 'Bottom') this.cursors.bottom = value;
    else this.more.push(value);
  }

  finish(fallbackGeneration: XGeneration, opts: ParseTimelineOptions, warnings: string[]): XTimelinePage {
    const posts = this.#order.map((id) => {
      const p = this.#byId.get(id) as Post;
      return this.#pinnedIds.has(id) ? { ...p, pinned: true } : p;
    });
    return {
      posts,
      pinned: posts.filter((p) => p.pinned),
      cursors: this.cursors,
      tombstones: this.tombstones,
      isEnd: this.#postEntries === 0 || this.terminatedBelow,
      generation: this.#generation ?? fallbackGeneration,
      own: opts.ownerId ? posts.filter((p) => p.authorId === opts.ownerId) : [],
      moreCursors: this.more,
      warnings,
    };
  }
}

function isPromoted(entryId: string | undefined, content: Obj | undefined): boolean {
  if (entryId && /^promoted/i.test(entryId)) return true;
  return isObj(content?.promotedMetadata) || isObj(at(content, 'itemContent.promotedMetadata'));
}

/** One `itemContent` (of an item entry or of a module item). */
function readItemContent(b: PageBuilder, ic: Obj, pinned: boolean): void {
  const type = str(ic.itemType) ?? str(ic.__typename);
  if (isObj(ic.promotedMetadata)) return;
  if (type === 'TimelineTimelineCursor') return b.cursor(ic);
  if (type === 'TimelineTombstone') return b.tombstone();
  // Users (who-to-follow), prompts, labels and other item types carry no posts.
  if (type === 'TimelineTweet' || 'tweet_results' in ic) b.tweet(at(ic, 'tweet_results.result'), pinned);
}

function readModuleItems(b: PageBuilder, items: unknown[]): void {
  for (const it of items) {
    const entryId = nstr(obj(it)?.entryId);
    const item = obj(obj(it)?.item);
    if (!item || isPromoted(entryId, item)) continue;
    const ic = obj(item.itemContent) ?? obj(item.content);
    if (ic) readItemContent(b, ic, false);
  }
}

function readEntry(b: PageBuilder, entry: unknown, pinned: boolean): void {
  const e = obj(entry);
  const content = obj(e?.content);
  if (!e || !content || isPromoted(nstr(e.entryId), content)) return;
  const type = str(content.entryType) ?? str(content.__typename);
  if (type === 'TimelineTimelineCursor') return b.cursor(content);
  if (type === 'TimelineTimelineModule' || Array.isArray(content.items)) return readModuleItems(b, arr(content.items));
  const ic = obj(content.itemContent);
  if (ic) readItemContent(b, ic, pinned);
}

function readInstruction(b: PageBuilder, ins: unknown): void {
  const i = obj(ins);
  if (!i) return;
  const type = str(i.type) ?? str(i.__typename);
  switch (type) {
    case 'TimelinePinEntry':
      return readEntry(b, i.entry, true);
    case 'TimelineAddToModule':
      return readModuleItems(b, arr(i.moduleItems));
    case 'TimelineTerminateTimeline':
      // TweetDetail ends the "Top" side (nothing above the focal post); only Bottom means "no more".
      if (i.direction === 'Bottom' || i.direction === 'TopAndBottom') b.terminatedBelow = true;
      return;
    default:
      // TimelineAddEntries, TimelineReplaceEntry and any new type that carries entries the same way;
      // TimelineClearCache, TimelineShowAlert, … carry none and fall through harmlessly.
      for (const e of arr(i.entries)) readEntry(b, e, false);
      if (isObj(i.entry)) readEntry(b, i.entry, false);
  }
}

/** Bounded search for the renamed-next-time case: the first `instructions` array under `data`. */
function findInstructions(v: unknown, depth: number): { path: string; list: unknown[] } | undefined {
  if (!isObj(v) || depth > 6) return undefined;
  if (Array.isArray(v.instructions)) return { path: 'instructions', list: v.instructions };
  for (const [k, child] of Object.entries(v)) {
    const found = findInstructions(child, depth + 1);
    if (found) return { path: `${k}.${found.path}`, list: found.list };
  }
  return undefined;
}

function locate(json: unknown, paths: string[], op: string): { path: string; list: unknown[] } {
  for (const path of paths) {
    const v = at(json, path);
    if (Array.isArray(v)) return { path, list: v };
  }
  const user = at(json, 'data.user');
  if (isObj(user) && (Object.keys(user).length === 0 || str(at(user, 'result.__typename')) === 'UserUnavailable')) {
    throw new RemoteError('not_found', 'x', `X ${op}: the account does not exist or is unavailable.`, { status: 200 });
  }
  const found = findInstructions(at(json, 'data'), 0);
  if (found) return { path: `data.${found.path}`, list: found.list };
  throw apiChanged(op, `timeline instructions (looked for ${paths.join(', ')})`);
}

function parseInstructions(json: unknown, paths: string[], opts: ParseTimelineOptions, op: string): XTimelinePage {
  const warnings = assertNoGraphqlErrors(json, op).map((e) => `error ${e.code ?? '?'} at ${e.path.join('.')}: ${e.message}`);
  const { path, list } = locate(json, paths, op);
  const b = new PageBuilder();
  for (const ins of list) readInstruction(b, ins);
  return b.finish(path.includes('timeline_v2') ? 'G1' : 'G3', opts, warnings);
}

/** UserTweets, UserTweetsAndReplies, UserMedia, Likes, SearchTimeline (and community/list/bookmarks). */
export function parseTimeline(json: unknown, opts: ParseTimelineOptions = {}): XTimelinePage {
  return parseInstructions(json, TIMELINE_PATHS, opts, opts.op ?? 'timeline');
}

/** TweetDetail: `threaded_conversation_with_injections_v2` (or the older name without `_v2`). */
export function parseTweetDetail(json: unknown, opts: ParseTimelineOptions = {}): XTimelinePage {
  return parseInstructions(json, DETAIL_PATHS, opts, opts.op ?? 'TweetDetail');
}
