/** Instructions, entries, modules, cursors and page-level decisions, on real captures and shapes cut from them. */
import { describe, expect, it } from 'vitest';
import { parseTimeline, parseTweetDetail } from '../../../../../src-main/connectors/x/parse';
import { RemoteError } from '../../../../../src-main/connectors/limits/types';
import { loadXCapture, TOMBSTONE, wrapVisibility } from '../../../../support/xCorpus';

const userTweets = () => loadXCapture('head/raw_user_tweets.json');
const instructionsOf = (json: any): any[] => json.data.user.result.timeline.timeline.instructions;
const addEntries = (json: any): any => instructionsOf(json).find((i) => i.type === 'TimelineAddEntries');
const isCursor = (e: any) => e.content.entryType === 'TimelineTimelineCursor';

function thrown(fn: () => unknown): RemoteError {
  try {
    fn();
  } catch (e) {
    if (e instanceof RemoteError) return e;
    throw e;
  }
  throw new Error('expected a RemoteError');
}

describe('parseTimeline on UserTweets (G3)', () => {
  const page = parseTimeline(userTweets(), { ownerId: '2244994945' });

  it('returns the pinned post first, then the entries, with both cursors', () => {
    expect(page.generation).toBe('G3');
    expect(page.posts).toHaveLength(21);
    expect(page.posts[0]?.id).toBe('2019881223666233717');
    expect(page.pinned.map((p) => p.id)).toEqual(['2019881223666233717']);
    expect(page.posts.filter((p) => p.pinned)).toHaveLength(1);
    expect(page.cursors).toEqual({
      top: 'DAAHCgABHPEX6f7AJxELAAIAAAATMjA4MzMwNTIzNDY4ODgwMzE3OAgAAwAAAAEAAA',
      bottom: 'DAAHCgABHPEX6f6__-sLAAIAAAATMjA3MjEyNjY3NzUzNTM0Njc3OQgAAwAAAAIAAA',
    });
    expect(page.isEnd).toBe(false);
    expect(page.tombstones).toBe(0);
    expect(page.warnings).toEqual([]);
  });

  it('fills `own` with the owner’s posts only, without filtering `posts`', () => {
    // UserTweetsAndReplies: conversation modules also hold the other people's posts replied to.
    const replies = parseTimeline(loadXCapture('head/raw_user_tweets_and_replies.json'), { ownerId: '2244994945' });
    expect(replies.posts).toHaveLength(28);
    expect(replies.own.every((p) => p.authorId === '2244994945')).toBe(true);
    expect(replies.own.length).toBe(replies.posts.filter((p) => p.authorHandle === 'XDevelopers').length);
    expect(replies.own.length).toBeLessThan(replies.posts.length);
    expect(page.own).toHaveLength(21);
    expect(parseTimeline(userTweets()).own).toEqual([]);
  });

  it('a page with only cursors is the end, and keeps its cursors', () => {
    const json = userTweets();
    json.data.user.result.timeline.timeline.instructions = instructionsOf(json).filter((i) => i.type !== 'TimelinePinEntry');
    addEntries(json).entries = addEntries(json).entries.filter(isCursor);
    const end = parseTimeline(json);
    expect(end.isEnd).toBe(true);
    expect(end.posts).toEqual([]);
    expect(end.cursors.bottom).toBe('DAAHCgABHPEX6f6__-sLAAIAAAATMjA3MjEyNjY3NzUzNTM0Njc3OQgAAwAAAAIAAA');
  });

  it('counts tombstones without returning them and without calling the page the end', () => {
    const json = userTweets();
    json.data.user.result.timeline.timeline.instructions = instructionsOf(json).filter((i) => i.type !== 'TimelinePinEntry');
    const entries = addEntries(json).entries;
    const tweets = entries.filter((e: any) => e.entryId.startsWith('tweet-'));
    tweets[0].content.itemContent.tweet_results.result = TOMBSTONE;
    tweets[1].content.itemContent.tweet_results = {};
    addEntries(json).entries = [tweets[0], tweets[1], ...entries.filter(isCursor)];
    const p = parseTimeline(json);
    expect(p.tombstones).toBe(2);
    expect(p.posts).toEqual([]);
    expect(p.isEnd).toBe(false);
  });

  it('finds visibility-wrapped entries and skips promoted ones', () => {
    const json = userTweets();
    const first = addEntries(json).entries.find((e: any) => e.entryId.startsWith('tweet-'));
    const id = first.content.itemContent.tweet_results.result.rest_id;
    first.content.itemContent.tweet_results.result = wrapVisibility(first.content.itemContent.tweet_results.result);
    expect(parseTimeline(json).posts.some((p) => p.id === id)).toBe(true);
    first.content.itemContent.promotedMetadata = { advertiser_results: {} };
    expect(parseTimeline(json).posts.some((p) => p.id === id)).toBe(false);
  });

  it('a pinned post that is also an ordinary entry appears once, marked pinned', () => {
    const json = userTweets();
    const pin = instructionsOf(json).find((i) => i.type === 'TimelinePinEntry');
    addEntries(json).entries.unshift(structuredClone(pin.entry));
    const p = parseTimeline(json);
    expect(p.posts.filter((x) => x.id === '2019881223666233717')).toHaveLength(1);
    expect(p.posts).toHaveLength(21);
    expect(p.pinned).toHaveLength(1);
  });

  it('TimelineTerminateTimeline Bottom marks the end even with posts; Top does not', () => {
    const json = userTweets();
    instructionsOf(json).push({ type: 'TimelineTerminateTimeline', direction: 'Top' });
    expect(parseTimeline(json).isEnd).toBe(false);
    instructionsOf(json).push({ type: 'TimelineTerminateTimeline', direction: 'Bottom' });
    expect(parseTimeline(json).isEnd).toBe(true);
  });
});

describe('parseTimeline on other timelines', () => {
  it('UserMedia: every post of the profile grid module', () => {
    const page = parseTimeline(loadXCapture('head/raw_user_media.json'));
    expect(page.posts).toHaveLength(37);
    expect(page.generation).toBe('G3');
    expect(page.posts.filter((p) => p.media.some((m) => m.kind === 'gif'))).toHaveLength(4);
  });

  it('UserMedia later pages: TimelineAddToModule items are read', () => {
    const json = loadXCapture('head/raw_user_media.json');
    const ins = json.data.user.result.timeline.timeline.instructions;
    const add = ins.find((i: any) => i.type === 'TimelineAddEntries');
    const grid = add.entries.find((e: any) => e.entryId === 'profile-grid-0');
    add.entries = add.entries.filter(isCursor);
    json.data.user.result.timeline.timeline.instructions = [
      { type: 'TimelineAddToModule', moduleEntryId: 'profile-grid-0', moduleItems: grid.content.items.slice(0, 5) },
      add,
    ];
    const page = parseTimeline(json);
    expect(page.posts.map((p) => p.id)).toEqual(grid.content.items.slice(0, 5).map((i: any) => i.item.itemContent.tweet_results.result.rest_id));
    expect(page.isEnd).toBe(false);
  });

  it('Likes in G1 (timeline_v2)', () => {
    const page = parseTimeline(loadXCapture('historical/old_raw_likes.json'));
    expect(page.generation).toBe('G1');
    expect(page.posts).toHaveLength(40);
    expect(page.cursors.bottom).toBe('DAAHCgABGLdHVlr__9gLAAIAAAATMTc3MjM5NzU3OTQzMzA0MTI2NQgAAwAAAAIAAA');
  });

  it('SearchTimeline and the community timeline', () => {
    expect(parseTimeline(loadXCapture('head/raw_search.json')).posts).toHaveLength(20);
    expect(parseTimeline(loadXCapture('head/raw_community_tweets.json')).posts).toHaveLength(20);
  });

  it('survives the next rename of the timeline key by finding the instructions under data', () => {
    const json = userTweets();
    json.data.user.result.timeline_v3 = json.data.user.result.timeline;
    delete json.data.user.result.timeline;
    expect(parseTimeline(json).posts).toHaveLength(21);
  });
});

describe('parseTweetDetail', () => {
  it('reads the focal post, the self-thread and the replies, with the Bottom cursor', () => {
    const page = parseTweetDetail(loadXCapture('head/raw_tweet_details.json'));
    expect(page.posts).toHaveLength(37);
    expect(page.posts.slice(0, 4).map((p) => [p.id, p.kind, p.inReplyToId])).toEqual([
      ['1649191520250245121', 'post', null],
      ['1649191521323995138', 'post', '1649191520250245121'],
      ['1649191522485817345', 'post', '1649191521323995138'],
      ['1649191523697979392', 'post', '1649191522485817345'],
    ]);
    expect(page.posts.slice(4).every((p) => p.kind === 'reply')).toBe(true);
    expect(page.cursors.top).toBeUndefined();
    expect(typeof page.cursors.bottom).toBe('string');
    expect(page.isEnd).toBe(false);
  });

  it('collects ShowMore cursors of conversation modules separately and skips the promoted entry', () => {
    expect(parseTweetDetail(loadXCapture('head/_issue_56.json')).moreCursors).toHaveLength(3);
    const video2 = parseTweetDetail(loadXCapture('head/manual_tweet_with_video_2.json'));
    expect(video2.posts).toHaveLength(11);
    expect(video2.posts.some((p) => p.id === '1667220696295178240')).toBe(false);
  });
});

describe('errors and malformed shapes', () => {
  it('a 200 with errors[] 187 is a duplicate, not an empty page', () => {
    const e = thrown(() => parseTimeline({ errors: [{ code: 187, message: 'Status is a duplicate.' }], data: {} }, { op: 'UserTweets' }));
    expect(e.kind).toBe('duplicate');
    expect(e.remoteCode).toBe(187);
    expect(e.message).toContain('187');
    expect(e.message).toContain('Status is a duplicate.');
  });

  it('shapes it does not understand are api_changed, naming what is missing', () => {
    const noTimeline = thrown(() => parseTimeline({ data: {} }, { op: 'UserTweets' }));
    expect(noTimeline.kind).toBe('api_changed');
    expect(noTimeline.message).toContain('UserTweets');
    expect(noTimeline.message).toContain('data.user.result.timeline.timeline.instructions');
    expect(thrown(() => parseTweetDetail({ data: { something: 1 } })).message).toContain('threaded_conversation_with_injections_v2');
    expect(thrown(() => parseTimeline(null)).kind).toBe('api_changed');
    expect(thrown(() => parseTimeline([])).kind).toBe('api_changed');
    expect(thrown(() => parseTimeline({ status: 'ok' })).message).toMatch(/neither `data` nor `errors`/);
    const badEntry = userTweets();
    addEntries(badEntry).entries[1].content.itemContent.tweet_results.result = { __typename: 'Tweet', rest_id: '5', core: {} };
    expect(thrown(() => parseTimeline(badEntry)).kind).toBe('api_changed');
  });

  it('an unknown or suspended account is not_found', () => {
    expect(thrown(() => parseTimeline({ data: { user: {} } })).kind).toBe('not_found');
    expect(thrown(() => parseTimeline({ data: { user: { result: { __typename: 'UserUnavailable', reason: 'Suspended' } } } })).kind).toBe('not_found');
  });

  it('partial data with an error about one sub-object is kept, and the error reported as a warning', () => {
    const json = userTweets();
    json.errors = [{ message: 'card failed', code: 0, path: ['user', 'result', 'timeline', 'card'] }];
    const page = parseTimeline(json);
    expect(page.posts).toHaveLength(21);
    expect(page.warnings).toEqual(['error 0 at user.result.timeline.card: card failed']);
  });
});
