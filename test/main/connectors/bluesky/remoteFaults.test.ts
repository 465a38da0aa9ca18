/** What the connector makes of 429s, 500s, lost answers and an unreachable server (real PDS behind a fault proxy). */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteCaller } from '../../../../src-main/connectors/limits/createRemoteCaller';
import { DEFAULT_BACKOFF } from '../../../../src-main/connectors/limits/backoff';
import { RemoteError } from '../../../../src-main/connectors/limits/types';
import { tidFromTimestamp } from '../../../../src-main/connectors/bluesky/tid';
import { silentLogger } from '../../../../src-main/util/logger';
import { ManualClock } from '../../../support/ManualClock';
import { getRecordDirect, listAllPosts, startPds, type PdsAccount, type PdsHarness } from '../../../support/pds';
import { startFaultProxy, type FaultProxy } from './faultProxy';
import { wire, type Wired } from './helpers';

let pds: PdsHarness;
let proxy: FaultProxy;
let erin: PdsAccount;
let w: Wired;
let seq = 0;
const nextTid = () => tidFromTimestamp(Date.now() - 20_000_000 + seq++);
const resetEpochS = () => Math.floor(Date.now() / 1000) + 120;

beforeAll(async () => {
  pds = await startPds();
  proxy = await startFaultProxy(pds.url);
  erin = await pds.createAccount('erin.test');
  w = wire(proxy.url);
  await w.connector.login('erin.test', erin.appPassword);
});
afterAll(async () => {
  await proxy?.close();
  await pds?.close();
});

function rateLimited(reset: number) {
  return {
    kind: 'respond' as const,
    status: 429,
    headers: { 'ratelimit-limit': '5000', 'ratelimit-remaining': '0', 'ratelimit-reset': String(reset), 'ratelimit-policy': '5000;w=3600' },
    body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
  };
}

describe('rate limits', () => {
  it('turns a 429 into RemoteError rate_limited with resetAt, and reports the headers', async () => {
    const reset = resetEpochS();
    proxy.rule = (nsid) => (nsid === 'com.atproto.repo.createRecord' ? rateLimited(reset) : { kind: 'forward' });
    const rkey = nextTid();
    const e = await w.connector.createPost({ rkey, text: 'limited', createdAt: new Date().toISOString() }).catch((err) => err);
    proxy.rule = () => ({ kind: 'forward' });
    expect(e).toBeInstanceOf(RemoteError);
    expect(e).toMatchObject({ kind: 'rate_limited', status: 429, resetAt: reset * 1000, remoteCode: 'RateLimitExceeded', service: 'bsky' });
    expect(e.message).toContain('rate limiting');
    const seen = w.caller.observed.filter((o) => o.spec.op === 'com.atproto.repo.createRecord').pop();
    expect(seen?.spec.kind).toBe('write');
    expect(seen?.headers).toEqual({ 'ratelimit-limit': '5000', 'ratelimit-remaining': '0', 'ratelimit-reset': String(reset), 'ratelimit-policy': '5000;w=3600' });
    expect(await getRecordDirect(pds.url, erin.did, rkey)).toBeNull();
  });

  it('with the real caller: waits for the reset between attempts, then gives up with rate_limited', async () => {
    const clock = new ManualClock(Date.now());
    const caller = createRemoteCaller({ clock, logger: silentLogger, random: () => 0.5 });
    const real = wire(proxy.url, { store: w.store, caller, clock });
    await real.connector.resume();
    const reset = Math.floor(clock.now() / 1000) + 60;
    proxy.hits.length = 0;
    proxy.rule = (nsid) => (nsid === 'com.atproto.repo.listRecords' ? rateLimited(reset) : { kind: 'forward' });
    const e = await real.connector.listOwnPosts().catch((err) => err);
    proxy.rule = () => ({ kind: 'forward' });
    expect(e).toBeInstanceOf(RemoteError);
    expect(e).toMatchObject({ kind: 'rate_limited', resetAt: reset * 1000 });
    expect(proxy.hits.filter((h) => h === 'com.atproto.repo.listRecords')).toHaveLength(DEFAULT_BACKOFF.maxAttempts);
    // The first wait ran to the server's reset instant (the clock only moves when the caller sleeps).
    expect(clock.sleeps[0]).toBeGreaterThan(0);
    expect(clock.now()).toBeGreaterThanOrEqual(reset * 1000);
  });
});

describe('server errors and lost answers', () => {
  it('finds the record when the create went through but the answer was lost (500)', async () => {
    proxy.rule = (nsid) => (nsid === 'com.atproto.repo.createRecord' ? { kind: 'forward-then-fail', status: 500 } : { kind: 'forward' });
    const rkey = nextTid();
    const ref = await w.connector.createPost({ rkey, text: 'written, answer lost', createdAt: new Date().toISOString() });
    proxy.rule = () => ({ kind: 'forward' });
    const stored = await getRecordDirect(pds.url, erin.did, rkey);
    expect(ref).toEqual({ uri: stored?.uri, cid: stored?.cid, created: false });
    expect((await listAllPosts(pds.url, erin.did)).filter((r) => r.uri === ref.uri)).toHaveLength(1);
  });

  it('rethrows unknown_outcome when a create got a 500 and nothing was written', async () => {
    proxy.rule = (nsid) => (nsid === 'com.atproto.repo.createRecord' ? { kind: 'respond', status: 500, body: { error: 'InternalServerError', message: 'Internal Server Error' } } : { kind: 'forward' });
    const rkey = nextTid();
    const e = await w.connector.createPost({ rkey, text: 'never written', createdAt: new Date().toISOString() }).catch((err) => err);
    proxy.rule = () => ({ kind: 'forward' });
    expect(e).toBeInstanceOf(RemoteError);
    expect(e).toMatchObject({ kind: 'unknown_outcome', status: 500 });
    expect(await getRecordDirect(pds.url, erin.did, rkey)).toBeNull();
  });

  it('reports 502/503 on a read as transient', async () => {
    proxy.rule = (nsid) => (nsid === 'com.atproto.repo.listRecords' ? { kind: 'respond', status: 503, body: { error: 'NotEnoughResources', message: 'busy' } } : { kind: 'forward' });
    const e = await w.connector.listOwnPosts().catch((err) => err);
    proxy.rule = () => ({ kind: 'forward' });
    expect(e).toMatchObject({ kind: 'transient', status: 503 });
  });
});

describe('unreachable server', () => {
  it('says the server could not be reached (network), naming it', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    await new Promise<void>((r) => srv.close(() => r()));
    const down = wire(url);
    const e = await down.connector.login('erin.test', 'whatever').catch((err) => err);
    expect(e).toBeInstanceOf(RemoteError);
    expect(e.kind).toBe('network');
    expect(e.message).toContain(`Could not reach the Bluesky server ${url}`);
    expect(e.message).toContain('ECONNREFUSED');
  });
});
