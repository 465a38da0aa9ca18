/**
 * Templates cut from the real X captures in ../shared/corpus/x-graphql (X-WEB-API.md "A faithful
 * sandbox"): every JSON shape the sandbox serves starts as a deep copy of one of these objects and
 * only our values are filled in, so field names, nesting and neighbours stay exactly as X sends them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Json = any; // raw capture JSON, walked structurally

/** Resolved from the repo root (CI clones the repo elsewhere with shared/ beside it). */
export const CORPUS_DIR = fileURLToPath(new URL('../../../../shared/corpus/x-graphql/', import.meta.url));

function load(rel: string): Json {
  return JSON.parse(readFileSync(CORPUS_DIR + rel, 'utf8'));
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}

function find(root: Json, pred: (o: Json) => boolean, what: string): Json {
  const stack: Json[] = [root];
  while (stack.length) {
    const o = stack.pop();
    if (!o || typeof o !== 'object') continue;
    if (!Array.isArray(o) && pred(o)) return o;
    for (const v of Object.values(o)) stack.push(v);
  }
  throw new Error(`X sandbox: the corpus no longer contains ${what}; the template cannot be cut.`);
}

function entriesOf(timeline: Json): Json[] {
  const add = timeline.instructions.find((i: Json) => i.type === 'TimelineAddEntries');
  return add.entries;
}

export interface XTemplates {
  /** G3 tweet result (raw_user_tweets, a plain photo post) and G1 tweet result (old_raw_likes). */
  tweetG3: Json;
  tweetG1: Json;
  /** User objects embedded in tweets (core.user_results.result) per generation. */
  embeddedUserG3: Json;
  embeddedUserG1: Json;
  /** Top-level user results of UserByScreenName (G3, raw_user_by_login) and UserByRestId (G1). */
  userG3: Json;
  userG1: Json;
  photo: Json;
  gif: Json;
  video: Json;
  noteTweet: Json;
  /** Timeline envelopes with their instructions emptied. */
  timelineG3: Json;
  timelineG1: Json;
  clearCache: Json;
  pinInstruction: Json;
  itemEntry: Json;
  moduleEntry: Json;
  cursorTop: Json;
  cursorBottom: Json;
  /** TweetDetail envelope and its entries (raw_tweet_thread). */
  detail: Json;
  detailItem: Json;
  detailModule: Json;
  terminate: Json;
}

let cached: XTemplates | undefined;

function cutTimeline(): Pick<XTemplates, 'timelineG3' | 'timelineG1' | 'clearCache' | 'pinInstruction' | 'itemEntry' | 'moduleEntry' | 'cursorTop' | 'cursorBottom' | 'tweetG3' | 'tweetG1' | 'embeddedUserG3' | 'embeddedUserG1' | 'photo'> {
  const ut = load('head/raw_user_tweets.json');
  const tl = ut.data.user.result.timeline.timeline;
  const entries = entriesOf(tl);
  const clearCache = clone(tl.instructions.find((i: Json) => i.type === 'TimelineClearCache'));
  const pinInstruction = clone(tl.instructions.find((i: Json) => i.type === 'TimelinePinEntry'));
  delete pinInstruction.entry.content.itemContent.tweet_results.result;
  const photoTweet = entries.map((e: Json) => e.content?.itemContent?.tweet_results?.result).find((r: Json) => r?.legacy?.extended_entities?.media?.[0]?.type === 'photo');
  const itemEntry = clone(entries.find((e: Json) => e.content.entryType === 'TimelineTimelineItem'));
  delete itemEntry.content.itemContent.tweet_results.result;
  const moduleEntry = clone(entries.find((e: Json) => String(e.entryId).startsWith('profile-conversation-')));
  moduleEntry.content.items = moduleEntry.content.items.slice(0, 1);
  delete moduleEntry.content.items[0].item.itemContent.tweet_results.result;
  const cursorTop = clone(entries.find((e: Json) => e.content.cursorType === 'Top'));
  const cursorBottom = clone(entries.find((e: Json) => e.content.cursorType === 'Bottom'));
  const timelineG3 = clone(ut);
  timelineG3.data.user.result.timeline.timeline.instructions = [];

  const likes = load('historical/old_raw_likes.json');
  const tl1 = likes.data.user.result.timeline_v2.timeline;
  const g1Tweet = entriesOf(tl1)
    .map((e: Json) => e.content?.itemContent?.tweet_results?.result)
    .find((r: Json) => r?.__typename === 'Tweet' && r.legacy && !r.card && !r.note_tweet && !r.legacy.is_quote_status && r.core?.user_results?.result?.legacy);
  const timelineG1 = clone(likes);
  timelineG1.data.user.result.timeline_v2.timeline.instructions = [];
  return {
    timelineG3, timelineG1, clearCache, pinInstruction, itemEntry, moduleEntry, cursorTop, cursorBottom,
    tweetG3: clone(photoTweet), tweetG1: clone(g1Tweet),
    embeddedUserG3: clone(photoTweet.core.user_results.result),
    embeddedUserG1: clone(g1Tweet.core.user_results.result),
    photo: clone(photoTweet.legacy.extended_entities.media[0]),
  };
}

function cutDetail(): Pick<XTemplates, 'detail' | 'detailItem' | 'detailModule' | 'terminate'> {
  const th = load('head/raw_tweet_thread.json');
  const ins = th.data.threaded_conversation_with_injections_v2.instructions;
  const entries = entriesOf(th.data.threaded_conversation_with_injections_v2);
  const detailItem = clone(entries.find((e: Json) => e.content.entryType === 'TimelineTimelineItem'));
  delete detailItem.content.itemContent.tweet_results.result;
  const detailModule = clone(entries.find((e: Json) => e.content.entryType === 'TimelineTimelineModule'));
  detailModule.content.items = detailModule.content.items.slice(0, 1);
  delete detailModule.content.items[0].item.itemContent.tweet_results.result;
  const terminate = clone(ins.find((i: Json) => i.type === 'TimelineTerminateTimeline'));
  const detail = clone(th);
  detail.data.threaded_conversation_with_injections_v2.instructions = [];
  return { detail, detailItem, detailModule, terminate };
}

export function templates(): XTemplates {
  if (cached) return cached;
  const media = load('head/raw_user_media.json');
  const tweets = load('head/raw_user_tweets.json');
  const note = find(tweets, (o) => o.note_tweet_results?.result?.text !== undefined, 'a note tweet');
  cached = {
    ...cutTimeline(),
    ...cutDetail(),
    userG3: clone(load('head/raw_user_by_login.json').data.user.result),
    userG1: clone(load('historical/raw_user_by_id.json').data.user.result),
    gif: clone(find(media, (o) => o.type === 'animated_gif' && o.video_info, 'an animated_gif media')),
    video: clone(find(tweets, (o) => o.type === 'video' && o.video_info, 'a video media')),
    noteTweet: clone(note),
  };
  return cached;
}
