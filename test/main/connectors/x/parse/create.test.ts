/** CreateTweet / CreateNoteTweet answers, built from a real post object of the current generation. */
import { describe, expect, it } from 'vitest';
import { parseCreateTweet } from '../../../../../src-main/connectors/x/parse';
import { RemoteError } from '../../../../../src-main/connectors/limits/types';
import { loadXCapture } from '../../../../support/xCorpus';

function pinnedResult(): any {
  const json = loadXCapture('head/raw_user_tweets.json');
  const pin = json.data.user.result.timeline.timeline.instructions.find((i: any) => i.type === 'TimelinePinEntry');
  return pin.entry.content.itemContent.tweet_results.result;
}

function thrown(json: unknown): RemoteError {
  try {
    parseCreateTweet(json);
  } catch (e) {
    if (e instanceof RemoteError) return e;
    throw e;
  }
  throw new Error('expected a RemoteError');
}

describe('parseCreateTweet', () => {
  it('CreateTweet: the created post with its new id', () => {
    const p = parseCreateTweet({ data: { create_tweet: { tweet_results: { result: pinnedResult() } } } });
    expect(p.id).toBe('2019881223666233717');
    expect(p.authorHandle).toBe('XDevelopers');
    expect(p.pinned).toBeUndefined();
  });

  it('CreateNoteTweet: result under notetweet_create, text from the note', () => {
    const r = pinnedResult();
    r.note_tweet = { is_expandable: true, note_tweet_results: { result: { text: 'A long post & more', entity_set: { urls: [] } } } };
    const p = parseCreateTweet({ data: { notetweet_create: { tweet_results: { result: r } } } });
    expect(p.text).toBe('A long post & more');
  });

  it('a 200 with errors[] is the error, whatever data says', () => {
    expect(thrown({ errors: [{ code: 187, message: 'Status is a duplicate.' }], data: {} }).kind).toBe('duplicate');
    expect(thrown({ errors: [{ code: 344, message: 'daily limit' }] }).kind).toBe('rate_limited');
    expect(thrown({ errors: [{ code: 186, message: 'Tweet needs to be a bit shorter.' }], data: { create_tweet: { tweet_results: {} } } }).kind).toBe('rejected');
  });

  it('no created post → api_changed naming the key', () => {
    const empty = thrown({ data: { create_tweet: { tweet_results: {} } } });
    expect(empty.kind).toBe('api_changed');
    expect(empty.message).toContain('data.create_tweet.tweet_results.result');
    expect(thrown({ data: {} }).message).toContain('data.create_tweet.tweet_results.result');
  });
});
