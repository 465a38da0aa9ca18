import { describe, expect, it } from 'vitest';
import { createRemoteCaller } from '../../../../src-main/connectors/limits/createRemoteCaller';
import { RemoteError, type CallSpec } from '../../../../src-main/connectors/limits/types';
import { ErrorCode } from '../../../../src-shared/errors';
import { silentLogger } from '../../../../src-main/util/logger';
import { ManualClock } from '../../../support/ManualClock';

const read: CallSpec = { service: 'x', kind: 'read', op: 'UserTweets', account: 'alice', idempotent: true };
const create: CallSpec = { service: 'x', kind: 'write', op: 'CreateTweet', account: 'alice', idempotent: false };
const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] ?? null });

function setup(extra: Parameters<typeof createRemoteCaller>[0] extends infer O ? Partial<O> : never = {}) {
  const clock = new ManualClock();
  const caller = createRemoteCaller({ clock, logger: silentLogger, random: () => 0.5, ...extra });
  return { clock, caller };
}

describe('RemoteCaller: rate limits', () => {
  it('waits for the reset announced by a 429 and then succeeds, without real sleeping', async () => {
    const { clock, caller } = setup();
    const resetAt = clock.now() + 120_000;
    let calls = 0;
    const v = await caller.call(read, async () => {
      calls++;
      if (calls === 1) throw new RemoteError('rate_limited', 'x', '429', { status: 429, resetAt });
      return 'ok';
    });
    expect(v).toBe('ok');
    expect(calls).toBe(2);
    expect(clock.sleeps).toEqual([120_000]);
  });

  it('honours x-rate-limit-remaining=0 before calling again', async () => {
    const { clock, caller } = setup();
    const reset = Math.floor(clock.now() / 1000) + 60;
    caller.observe(read, headers({ 'x-rate-limit-limit': '900', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) }));
    await caller.call(read, async () => 1);
    expect(clock.sleeps[0]).toBe(reset * 1000 - (clock.now() - clock.totalSlept));
  });

  it('refuses instead of silently waiting past maxWait, with the reset time', async () => {
    const { clock, caller } = setup({ maxWaitMs: 60_000 });
    caller.observe(read, headers({ 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.floor(clock.now() / 1000) + 3600) }));
    const err = await caller.call(read, async () => 1).catch((e) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect(err.kind).toBe('rate_limited');
    expect(err.resetAt).toBeGreaterThan(clock.now());
  });

  it('keeps the local sliding-window budget: the 51st delete in 15 min waits', async () => {
    const { clock, caller } = setup();
    const del: CallSpec = { service: 'x', kind: 'delete', op: 'DeleteTweet', account: 'a', idempotent: true };
    for (let i = 0; i < 50; i++) await caller.call(del, async () => i);
    expect(clock.sleeps).toEqual([]);
    await caller.call(del, async () => 'late');
    expect(clock.sleeps).toEqual([15 * 60_000]);
  });

  it('charges Bluesky creates 3 points against the 5000/h budget', async () => {
    const { clock, caller } = setup({ budgets: { bsky: { write: [] } } });
    const w: CallSpec = { service: 'bsky', kind: 'write', op: 'createRecord', account: 'b', idempotent: true };
    for (let i = 0; i < 1666; i++) await caller.call(w, async () => i);
    expect(clock.sleeps).toEqual([]);
    // 1667 × 3 = 5001 > 5000: the budget frees up only an hour after the first create, which is
    // longer than one call may wait, so the call is refused with the reset time instead of sent.
    const start = clock.now();
    const err = await caller.call(w, async () => 'x').catch((e) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect(err.kind).toBe('rate_limited');
    expect(err.resetAt).toBe(start + 3_600_000);
    expect(caller.limiter.used(w, clock.now())).toBeLessThanOrEqual(5000);
  });
});

describe('RemoteCaller: retries and breaker', () => {
  it('retries a 5xx burst with exponential backoff (1 s, 2 s, 4 s) then succeeds', async () => {
    const { clock, caller } = setup();
    let n = 0;
    const v = await caller.call(read, async () => {
      if (++n <= 3) throw new RemoteError('transient', 'x', '503', { status: 503 });
      return 'done';
    });
    expect(v).toBe('done');
    expect(clock.sleeps).toEqual([1000, 2000, 4000]);
  });

  it('gives up after 5 attempts and reports the last error', async () => {
    const { caller } = setup();
    let n = 0;
    const err = await caller.call(read, async () => {
      n++;
      throw new RemoteError('transient', 'x', '502', { status: 502 });
    }).catch((e) => e);
    expect(n).toBe(5);
    expect(err.kind).toBe('transient');
  });

  it('never retries a non-idempotent create after a 5xx: the outcome is unknown', async () => {
    const { caller } = setup();
    let n = 0;
    const err = await caller.call(create, async () => {
      n++;
      throw new RemoteError('transient', 'x', 'socket hang up');
    }).catch((e) => e);
    expect(n).toBe(1);
    expect(err.kind).toBe('unknown_outcome');
  });

  it('opens the circuit after K consecutive unexpected errors and refuses further calls', async () => {
    const { caller } = setup();
    for (let i = 0; i < 5; i++) {
      const e = await caller.call(read, async () => {
        throw new RemoteError('stale_endpoint', 'x', '404 for UserTweets', { status: 404 });
      }).catch((x) => x);
      expect(e.kind).toBe('stale_endpoint');
    }
    let called = false;
    const e = await caller.call(read, async () => {
      called = true;
    }).catch((x) => x);
    expect(called).toBe(false);
    expect(e.code).toBe(ErrorCode.CircuitOpen);
    expect(e.message).toMatch(/Nothing was marked as synced/);
  });

  it('a success in between resets the consecutive count', async () => {
    const { caller } = setup();
    const fail = () => caller.call(read, async () => { throw new RemoteError('api_changed', 'x', 'shape'); }).catch(() => undefined);
    for (let i = 0; i < 4; i++) await fail();
    await caller.call(read, async () => 'ok');
    for (let i = 0; i < 4; i++) await fail();
    expect(caller.breaker.isOpen('x')).toBe(false);
  });

  it('an automation signal (226) stops all calls to that service at once', async () => {
    const { caller } = setup();
    await caller.call(create, async () => { throw new RemoteError('automation', 'x', '226', { remoteCode: 226 }); }).catch(() => undefined);
    expect(caller.breaker.isOpen('x')).toBe(true);
    expect(caller.breaker.isOpen('bsky')).toBe(false);
  });

  it('turns a hung call into a timeout error via the per-attempt signal', async () => {
    const { caller } = setup({ timeoutMs: 20, backoff: { initialMs: 1, factor: 2, maxMs: 1, jitter: 0, maxAttempts: 1 } });
    const err = await caller.call(read, (signal) => new Promise((_, rej) => signal.addEventListener('abort', () => rej(new Error('aborted'))))).catch((e) => e);
    expect((err as RemoteError).kind).toBe('timeout');
  });
});
