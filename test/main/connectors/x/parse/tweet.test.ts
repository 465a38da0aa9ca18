/** Post fields checked against values picked by hand from the captures. */
import { describe, expect, it } from 'vitest';
import { parseTimeline, parseTweetDetail, parseTweetResult } from '../../../../../src-main/connectors/x/parse';
import { RemoteError } from '../../../../../src-main/connectors/limits/types';
import type { Post } from '../../../../../src-shared/domain/post';
import { loadXCapture, TOMBSTONE, wrapVisibility } from '../../../../support/xCorpus';

function post(page: { posts: Post[] }, id: string): Post {
  const p = page.posts.find((x) => x.id === id);
  if (!p) throw new Error(`post ${id} not in page`);
  return p;
}

/** The first top-level tweet_results.result with this rest_id in a capture. */
function rawResult(json: unknown, id: string): any {
  let found: any;
  const walk = (v: any, key: string): void => {
    if (found || !v || typeof v !== 'object') return;
    if (key === 'tweet_results' && v.result?.rest_id === id) found = v.result;
    for (const k of Object.keys(v)) walk(v[k], k);
  };
  walk(json, '');
  if (!found) throw new Error(`no result ${id}`);
  return found;
}

describe('post fields (G3, UserTweets / UserTweetsAndReplies)', () => {
  const tweets = parseTimeline(loadXCapture('head/raw_user_tweets.json'));
  const replies = parseTimeline(loadXCapture('head/raw_user_tweets_and_replies.json'));

  it('reads the pinned post completely', () => {
    const p = post(tweets, '2019881223666233717');
    expect(p).toMatchObject({
      platform: 'x',
      authorId: '2244994945',
      authorHandle: 'XDevelopers',
      createdAt: Date.UTC(2026, 1, 6, 21, 9, 45),
      kind: 'post',
      conversationId: '2019881223666233717',
      lang: 'en',
      source: 'live',
      pinned: true,
      links: [{ url: 'http://developer.x.com', shortUrl: 'https://t.co/FS66GuIYJD', display: 'developer.x.com' }],
      metrics: { likes: 5569, reposts: 832, replies: 783, quotes: 573, bookmarks: 2810, impressions: 2525462 },
    });
    expect(p.text.startsWith('Officially launching X API Pay-Per-Use\n\nThe core of X developers')).toBe(true);
    expect(p.text.endsWith('We’re so back. http://developer.x.com')).toBe(true);
    expect(p.raw).toEqual(rawResult(loadXCapture('head/raw_user_tweets.json'), '2019881223666233717'));
  });

  it('decodes HTML entities once', () => {
    expect(post(replies, '2077990228690940158').text).toBe('X API to source leads & expand your network');
  });

  it('a retweet is a repost of the inner post, which is not a separate timeline post', () => {
    const rt = post(tweets, '2077992748905590821');
    expect(rt.kind).toBe('repost');
    expect(rt.repostOfId).toBe('2077990228690940158');
    expect(rt.authorHandle).toBe('XDevelopers');
    expect(rt.text).toBe('RT @chrisparkX: X API to source leads & expand your network');
    expect(tweets.posts.some((p) => p.id === '2077990228690940158')).toBe(false);
  });

  it('a quote carries the quoted id, author and permalink', () => {
    const q = post(replies, '2082643515624800613');
    expect(q).toMatchObject({
      kind: 'post',
      authorHandle: 'mike_rosinsky',
      quoteOfId: '2082640274845811115',
      quoteOfAuthorId: '2244994945',
      quoteOfUrl: 'https://twitter.com/xdevelopers/status/2082640274845811115',
    });
  });

  it('a reply to someone else drops the auto-prepended mention and is kind reply', () => {
    const r = post(replies, '2083305191776924151');
    expect(r).toMatchObject({ kind: 'reply', text: '😮‍💨😮‍💨😮‍💨', inReplyToId: '2083289084567724316', inReplyToAuthorId: '2606432720' });
    expect(r.mentions).toEqual([]);
  });

  it('a self-reply is a thread continuation: kind post with inReplyToId', () => {
    const t = post(replies, '2082640276389249363');
    expect(t).toMatchObject({ kind: 'post', inReplyToId: '2082640274845811115', inReplyToAuthorId: '2244994945' });
    expect(t.text).toBe('Get started with the Chat XDK\nhttps://github.com/xdevplatform/chat-xdk');
  });

  it('a GIF stays a GIF with its alt text and its one mp4', () => {
    const g = post(replies, '2077990813733388538');
    expect(g.kind).toBe('reply');
    expect(g.text).toBe('');
    expect(g.media).toEqual([
      {
        kind: 'gif',
        alt: 'Salute Saluting GIF',
        width: 306,
        height: 382,
        remoteId: '16_2077990807517458432',
        url: 'https://video.twimg.com/tweet_video/HNaBoTia8AA4u_f.mp4',
        mimeType: 'video/mp4',
      },
    ]);
  });

  it('a note tweet uses the full note text', () => {
    expect(post(replies, '2079319709330423928').text).toBe('test test test');
  });
});

describe('post fields (other captures)', () => {
  it('note text is not HTML-decoded again, its media link is dropped, its tags are distinct', () => {
    const p = post(parseTimeline(loadXCapture('head/raw_community_tweets.json')), '2085443586737283337');
    expect(p.text).toContain('After missing on several 1st & 2nd RD draft picks');
    expect(p.text).toContain('Carson Benge ( 2024 -> 1st Round -> #19 )');
    expect(p.text.endsWith('#LGM  #MetsTwitter')).toBe(true);
    expect(p.text).not.toContain('t.co');
    expect(p.links).toEqual([]);
    expect(p.hashtags).toEqual(['Mets', 'LGM', 'MetsTwitter']);
    expect(p.media[0]).toMatchObject({ kind: 'video', durationMs: 17844, width: 1280, height: 720 });
  });

  it('photos keep ext_alt_text; photos without alt get null', () => {
    const media = parseTimeline(loadXCapture('head/raw_user_media.json'));
    expect(post(media, '1561805413103853570').media).toEqual([
      { kind: 'photo', alt: 'Chirp Save the date', width: 1200, height: 627, remoteId: '3_1561805410608320512', url: 'https://pbs.twimg.com/media/FaylvwOXkAAiVS1.jpg' },
    ]);
    const four = post(media, '1782123880381051254');
    expect(four.media.map((m) => m.alt)).toEqual([null, null, null, null]);
    expect(four.text).toBe('𝕏 Developer Challenge Update:\nFinal hour before demos & presentations! 🚨');
  });

  it('a video takes the highest-bitrate mp4', () => {
    const p = post(parseTweetDetail(loadXCapture('head/manual_tweet_with_video_1.json')), '1671508600538161153');
    expect(p.text).toBe('This is not science fiction.\nNightscape in Nanjing, China');
    expect(p.media).toHaveLength(1);
    expect(p.media[0]).toMatchObject({
      kind: 'video',
      url: 'https://video.twimg.com/ext_tw_video/1668857866328100864/pu/vid/720x1280/ENfeGwtfyiYvpNy8.mp4?tag=12',
      durationMs: 5434,
      width: 1080,
      height: 1920,
    });
  });

  it('keeps a mention the author typed first, drops only the one X prepended', () => {
    const page = parseTweetDetail(loadXCapture('head/_issue_56.json'));
    const p = page.posts.find((x) => x.text.includes('plz fix freestyle'));
    expect(p?.text.startsWith('@FortniteStatus plz fix freestyle first style')).toBe(true);
    expect(p?.mentions).toEqual([{ handle: 'FortniteStatus', id: '1181729392755707904' }]);
  });

  it('reads G1 posts (author in legacy)', () => {
    const p = post(parseTimeline(loadXCapture('historical/old_raw_likes.json')), '1776254633599480130');
    expect(p).toMatchObject({ text: 'I AM FINE', authorHandle: 'EmpireStateBldg', authorId: '123289066', createdAt: Date.UTC(2024, 3, 5, 14, 24, 40) });
  });
});

describe('parseTweetResult', () => {
  const json = loadXCapture('head/raw_user_tweets.json');
  const result = rawResult(json, '2077992748905590821');

  it('unwraps TweetWithVisibilityResults and keeps the received object as raw', () => {
    const wrapped = wrapVisibility(result);
    const p = parseTweetResult(wrapped);
    expect(p?.id).toBe('2077992748905590821');
    expect(p?.kind).toBe('repost');
    expect(p?.raw).toBe(wrapped);
  });

  it('returns null for tombstones, unavailable posts and empty results', () => {
    expect(parseTweetResult(TOMBSTONE)).toBeNull();
    expect(parseTweetResult({ __typename: 'TweetUnavailable', reason: 'Suspended' })).toBeNull();
    expect(parseTweetResult({})).toBeNull();
    expect(parseTweetResult(undefined)).toBeNull();
  });

  it('throws api_changed for a post without legacy, a bad date or no author', () => {
    const noLegacy = { __typename: 'Tweet', rest_id: '1' };
    expect(() => parseTweetResult(noLegacy)).toThrowError(RemoteError);
    expect(() => parseTweetResult(noLegacy)).toThrowError(/rest_id.*legacy/);
    const badDate = structuredClone(result);
    badDate.legacy.created_at = '2026-01-01T00:00:00Z';
    expect(() => parseTweetResult(badDate)).toThrowError(/created_at/);
    const noAuthor = structuredClone(result);
    delete noAuthor.core;
    try {
      parseTweetResult(noAuthor);
      expect.unreachable('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(RemoteError);
      expect((e as RemoteError).kind).toBe('api_changed');
      expect((e as RemoteError).message).toContain('author');
    }
    expect(() => parseTweetResult('a string')).toThrowError(/tweet result object/);
  });

  it('a retweet whose inner post is a tombstone is still a repost, without repostOfId', () => {
    const r = structuredClone(result);
    r.legacy.retweeted_status_result = { result: TOMBSTONE };
    const p = parseTweetResult(r);
    expect(p?.kind).toBe('repost');
    expect(p?.repostOfId).toBeNull();
  });
});
