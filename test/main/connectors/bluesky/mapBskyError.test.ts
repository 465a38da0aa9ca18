import { XRPCError } from '@atproto/api';
import { describe, expect, it } from 'vitest';
import { RemoteError } from '../../../../src-main/connectors/limits/types';
import { resetAtFromHeaders, toRemoteError } from '../../../../src-main/connectors/bluesky/mapBskyError';

const NOW = Date.UTC(2026, 0, 1);
const map = (e: unknown) => toRemoteError(e, 'com.atproto.repo.createRecord', 'https://pds.example', NOW);

describe('toRemoteError', () => {
  it.each([
    [429, 'RateLimitExceeded', 'rate_limited'],
    [401, 'AuthenticationRequired', 'auth'],
    [400, 'ExpiredToken', 'auth'],
    [400, 'InvalidToken', 'auth'],
    [401, 'AuthFactorTokenRequired', 'needs_2fa'],
    [401, 'AccountTakedown', 'locked'],
    [400, 'RecordNotFound', 'not_found'],
    [400, 'InvalidRequest', 'rejected'],
    [500, 'InternalServerError', 'transient'],
    [502, 'UpstreamFailure', 'transient'],
    [503, undefined, 'transient'],
    [501, 'MethodNotImplemented', 'stale_endpoint'],
  ] as const)('HTTP %i %s → %s', (status, error, kind) => {
    const e = map(new XRPCError(status, error, 'message from server'));
    expect(e).toBeInstanceOf(RemoteError);
    expect(e).toMatchObject({ kind, service: 'bsky', status });
  });
  it('takes resetAt from ratelimit-reset (epoch seconds)', () => {
    const e = map(new XRPCError(429, 'RateLimitExceeded', 'Rate Limit Exceeded', { 'ratelimit-reset': '1767225720' }));
    expect(e.resetAt).toBe(1767225720_000);
  });
  it('reads a small ratelimit-reset as seconds from now', () => {
    expect(resetAtFromHeaders({ 'ratelimit-reset': '30' }, NOW)).toBe(NOW + 30_000);
    expect(resetAtFromHeaders({}, NOW)).toBeUndefined();
  });
  it('a refused connection is network, a reset connection transient', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
    expect(map(new XRPCError(1, undefined, 'fetch failed', undefined, { cause: refused })).kind).toBe('network');
    const reset = new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    expect(map(reset).kind).toBe('transient');
  });
  it('keeps a RemoteError as it is', () => {
    const re = new RemoteError('duplicate', 'bsky', 'x');
    expect(map(re)).toBe(re);
  });
  it('writes messages for people', () => {
    expect(map(new XRPCError(400, 'InvalidRequest', 'Invalid record key')).message).toBe('Bluesky refused com.atproto.repo.createRecord: InvalidRequest: Invalid record key');
  });
});
