import { AtpAgent } from '@atproto/api';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../support/ManualClock';
import { useServers, type Person } from '../support/syncWorld';

// The sandbox's clock follows the test's ManualClock, so x-rate-limit-reset and our waits agree.
const clock = new ManualClock(Date.now());
const world = useServers({ sandboxNow: () => clock.now() });

async function xPerson(name: string, posts = 3): Promise<Person> {
  const p = await world.person(name);
  for (let i = 0; i < posts; i++) world.s.sandbox.seedPost(p.xName, { text: `${name} post ${i}`, createdAt: clock.now() - (posts - i) * 60_000 });
  return p;
}

async function bskyPerson(name: string, texts: string[]): Promise<Person> {
  const p = await world.person(name);
  const agent = new AtpAgent({ service: world.s.pds.url });
  await agent.login({ identifier: p.bsky.handle, password: p.bsky.password });
  for (const text of texts) await agent.com.atproto.repo.createRecord({ repo: agent.session!.did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text, createdAt: new Date().toISOString() } });
  return p;
}

const readOp = 'UserTweetsAndReplies';
const opCount = (op: string, from = 0) => world.s.sandbox.requests.slice(from).filter((r) => r.op === op).length;

describe('faults: the engine waits, retries, stops and resumes as it should', () => {
  it('429 with x-rate-limit-reset: the run waits until the reset (injected clock, no real sleep) and then completes', async () => {
    const p = await xPerson('rl');
    clock.sleeps.length = 0;
    world.s.sandbox.faults.add({ op: readOp, kind: '429', times: 1, resetInSec: 240 });
    const run = await p.cli(['sync', '--once', '--direction', 'x-to-bsky'], { clock });
    expect(run.code).toBe(0);
    const waited = Math.max(...clock.sleeps);
    expect(waited).toBeGreaterThan(230_000);
    expect(waited).toBeLessThanOrEqual(241_000);
    expect((await p.bskyRecords()).length).toBe(3);
  });

  it('a 429 whose reset is far away stops the run with a clear message and marks nothing; a later run catches up', async () => {
    const p = await xPerson('rlfar');
    world.s.sandbox.faults.add({ op: readOp, kind: '429', times: 1, resetInSec: 3600 });
    const run = await p.cli(['sync', '--once', '--direction', 'x-to-bsky'], { clock });
    expect(run.code).toBe(1);
    expect(run.out.join('\n')).toMatch(/FAILED[\s\S]*stopped: .*(rate|limit)/i);
    expect((await p.bskyRecords()).length).toBe(0);
    clock.advance(3601_000);
    const later = await p.cli(['sync', '--once', '--direction', 'x-to-bsky'], { clock });
    expect(later.code).toBe(0);
    expect((await p.bskyRecords()).length).toBe(3);
  });

  it('a 5xx burst on reads is retried with backoff (1 s, 2 s, 4 s) and then succeeds', async () => {
    const p = await xPerson('burst');
    clock.sleeps.length = 0;
    world.s.sandbox.faults.add({ op: readOp, kind: '5xx', times: 3, code: 503 });
    const run = await p.cli(['sync', '--once', '--direction', 'x-to-bsky'], { clock });
    expect(run.code).toBe(0);
    // ±10 % jitter around 1 s, 2 s, 4 s.
    const [a, b, c] = clock.sleeps;
    expect([a! / 1000, b! / 2000, c! / 4000].every((r) => r >= 0.9 && r <= 1.1)).toBe(true);
    expect((await p.bskyRecords()).length).toBe(3);
  });

  it('a hung read times out and is retried; a hung create is not retried blindly and is not duplicated', async () => {
    const p = await bskyPerson('hang', ['hang one', 'hang two']);
    world.s.sandbox.faults.add({ op: 'CreateTweet', kind: 'timeout', times: 1 });
    const first = await p.cli(['sync', '--once', '--direction', 'bsky-to-x'], { clock, callTimeoutMs: 300 });
    expect(first.out.join('\n')).toMatch(/unknown outcome/);
    const second = await p.cli(['sync', '--once', '--direction', 'bsky-to-x'], { clock, callTimeoutMs: 300 });
    expect(second.code).toBe(0);
    expect(p.xPosts().map((t) => t.text).sort()).toEqual(['hang one', 'hang two']);
  });

  it('a connection dropped after X committed the post: the next run finds it instead of posting again', async () => {
    const p = await bskyPerson('drop', ['dropped one', 'dropped two']);
    world.s.sandbox.faults.add({ op: 'CreateTweet', kind: 'dropAfterCommit', times: 1 });
    const first = await p.cli(['sync', '--once', '--direction', 'bsky-to-x'], { clock });
    expect(first.out.join('\n')).toMatch(/unknown outcome/);
    expect(p.xPosts().length).toBeGreaterThanOrEqual(1);
    const second = await p.cli(['sync', '--once', '--direction', 'bsky-to-x'], { clock });
    expect(second.code).toBe(0);
    expect(p.xPosts().map((t) => t.text).sort()).toEqual(['dropped one', 'dropped two']);
  });

  it('X says "duplicate" (187) in a 200: not taken as success; the existing post is adopted, no second copy', async () => {
    const p = await bskyPerson('dup', ['dup one']);
    world.s.sandbox.seedPost(p.xName, { text: 'dup one', createdAt: clock.now() });
    world.s.sandbox.faults.add({ op: 'CreateTweet', kind: 'duplicate187', times: 1 });
    const run = await p.cli(['sync', '--once', '--direction', 'bsky-to-x'], { clock });
    expect(run.code).toBe(0);
    expect(p.xPosts().filter((t) => t.text === 'dup one').length).toBe(1);
  });

  it('"looks automated" (226) stops all X writes at once with a message; nothing is marked synced', async () => {
    const p = await bskyPerson('auto', ['auto one', 'auto two', 'auto three']);
    const from = world.s.sandbox.requests.length;
    world.s.sandbox.faults.add({ op: 'CreateTweet', kind: 'automation226', times: 1 });
    const run = await p.cli(['sync', '--once', '--direction', 'bsky-to-x'], { clock });
    expect(run.code).toBe(1);
    expect(run.out.join('\n')).toMatch(/FAILED/);
    expect(opCount('CreateTweet', from)).toBe(1);
    expect(p.xPosts().length).toBe(0);
    const status = await p.cli(['status'], { clock });
    expect(status.out.join('\n')).toMatch(/waiting to retry|unknown outcome/);
  });

  it('K consecutive 404s (X changed its API): each run stops, then the circuit opens and X is not called; nothing marked synced', async () => {
    const p = await bskyPerson('stale', ['stale one', 'stale two']);
    world.s.sandbox.faults.add({ op: 'CreateTweet', kind: 'stale404', times: 100 });
    const from = world.s.sandbox.requests.length;
    const ac = new AbortController();
    let finished = 0;
    const lines: string[] = [];
    const run = p.cli(['sync', '--watch', '--direction', 'bsky-to-x'], {
      clock,
      emit: (e) => {
        if (e.type === 'sync/finished') {
          lines.push(e.report.directions.map((d) => d.errorCode ?? 'ok').join(','));
          if (++finished === 7) ac.abort();
        }
      },
    }, ac.signal);
    const res = await run;
    expect(res.code).toBe(0);
    expect(opCount('CreateTweet', from)).toBe(5);
    expect(lines.slice(0, 5).every((c) => c === 'stale_endpoint')).toBe(true);
    expect(lines.slice(5)).toEqual(['CIRCUIT_OPEN', 'CIRCUIT_OPEN']);
    expect(res.out.join('\n')).toMatch(/Nothing was marked as synced/);
    expect(p.xPosts().length).toBe(0);
    world.s.sandbox.faults.clear?.();
  });
});
