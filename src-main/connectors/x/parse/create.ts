/**
 * CreateTweet / CreateNoteTweet answers → the created Post. X returns errors such as 187
 * (duplicate) inside an HTTP 200, so the error check comes first; success is only the post object
 * with its new `rest_id` (X-WEB-API.md "Writes").
 */
import type { Post } from '../../../../src-shared/domain/post';
import { assertNoGraphqlErrors } from './errors';
import { apiChanged, at } from './json';
import { parseTweetResult } from './tweet';

const RESULT_PATHS: { op: string; path: string }[] = [
  { op: 'CreateTweet', path: 'data.create_tweet.tweet_results' },
  { op: 'CreateNoteTweet', path: 'data.notetweet_create.tweet_results' },
];

export function parseCreateTweet(json: unknown): Post {
  const found = RESULT_PATHS.find((r) => at(json, r.path) !== undefined);
  const op = found?.op ?? 'CreateTweet';
  assertNoGraphqlErrors(json, op);
  if (!found) throw apiChanged(op, `created post (looked for ${RESULT_PATHS.map((r) => `${r.path}.result`).join(', ')})`);
  const post = parseTweetResult(at(json, `${found.path}.result`));
  // An empty tweet_results without an error means we cannot tell what was created.
  if (!post) throw apiChanged(op, `${found.path}.result with the new post's rest_id (it was empty)`);
  return post;
}
