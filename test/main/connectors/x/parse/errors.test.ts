/** errors[] inside an HTTP 200 → RemoteError, by X error code. */
import { describe, expect, it } from 'vitest';
import { assertNoGraphqlErrors, graphqlErrors } from '../../../../../src-main/connectors/x/parse';
import { RemoteError } from '../../../../../src-main/connectors/limits/types';

function thrown(json: unknown, op = 'CreateTweet'): RemoteError {
  try {
    assertNoGraphqlErrors(json, op);
  } catch (e) {
    if (e instanceof RemoteError) return e;
    throw e;
  }
  throw new Error('expected a RemoteError');
}

const cases: [number, string][] = [
  [187, 'duplicate'],
  [226, 'automation'],
  [186, 'rejected'],
  [88, 'rate_limited'],
  [344, 'rate_limited'],
  [32, 'auth'],
  [89, 'auth'],
  [215, 'auth'],
  [326, 'locked'],
  [64, 'locked'],
  [144, 'not_found'],
  [131, 'api_changed'],
];

describe('assertNoGraphqlErrors', () => {
  it.each(cases)('code %i → %s, with the code and X’s message in the message', (code, kind) => {
    const e = thrown({ errors: [{ code, message: `message for ${code}` }], data: {} });
    expect(e.kind).toBe(kind);
    expect(e.service).toBe('x');
    expect(e.status).toBe(200);
    expect(e.remoteCode).toBe(code);
    expect(e.message).toContain(`error ${code}`);
    expect(e.message).toContain(`message for ${code}`);
    expect(e.message).toContain('CreateTweet');
  });

  it('reads the code from extensions when the top level has none', () => {
    expect(thrown({ errors: [{ message: 'dup', extensions: { code: 187 } }] }).kind).toBe('duplicate');
  });

  it('account-level errors stop the call even when data is present', () => {
    const json = { data: { create_tweet: { tweet_results: { result: { rest_id: '1' } } } }, errors: [{ code: 226, message: 'automated', path: ['create_tweet', 'x'] }] };
    expect(thrown(json).kind).toBe('automation');
  });

  it('tolerates sub-object errors next to real data and returns them', () => {
    const json = { data: { user: { result: { rest_id: '1' } } }, errors: [{ code: 0, message: 'card', path: ['user', 'result', 'card'] }] };
    expect(assertNoGraphqlErrors(json, 'UserTweets')).toEqual([{ code: 0, message: 'card', path: ['user', 'result', 'card'], kind: 'api_changed' }]);
  });

  it('an error about the root field, or with empty data, is thrown', () => {
    expect(thrown({ data: { user: { result: {} } }, errors: [{ code: 0, message: 'x', path: ['user'] }] }).kind).toBe('api_changed');
    expect(thrown({ data: { user: {} }, errors: [{ code: 144, message: 'No status found', path: ['user', 'result'] }] }).kind).toBe('not_found');
    expect(thrown({ data: null, errors: [{ message: 'no code' }] }).message).toContain('without a code');
  });

  it('no errors and data → nothing; not JSON-object or no data → api_changed', () => {
    expect(assertNoGraphqlErrors({ data: {} }, 'X')).toEqual([]);
    expect(thrown('<html>').kind).toBe('api_changed');
    expect(thrown({}).message).toContain('neither `data` nor `errors`');
    expect(graphqlErrors({ errors: 'not an array' })).toEqual([]);
  });
});
