import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { makeFixture, thrown } from './storeFixtures';
import type { Fixture } from './storeFixtures';

describe('IntentsRepo', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.cleanup());

  const intent = (over: Record<string, unknown> = {}) => ({
    pairId: f.pairId,
    direction: 'x-to-bsky' as const,
    sourceId: '1800000000000000001',
    payload: { text: 'hello', media: [] },
    targetKey: '3kabcdefghij2',
    ...over,
  });

  it('ensure() inserts once and returns the same intent on every later call', () => {
    const a = f.store.intents.ensure(intent({ maxAttempts: 3 }));
    expect(a.created).toBe(true);
    expect(a.intent).toMatchObject({ status: 'pending', attempts: 0, maxAttempts: 3, partIndex: 0, partCount: 1, targetKey: '3kabcdefghij2', payload: { text: 'hello', media: [] }, nextAttemptAt: f.clock.now() });
    f.clock.advance(1000);
    const b = f.store.intents.ensure(intent({ payload: { text: 'changed' } }));
    expect(b.created).toBe(false);
    expect(b.intent).toEqual(a.intent);
    const part2 = f.store.intents.ensure(intent({ partIndex: 1, partCount: 2 }));
    expect(part2.created).toBe(true);
    expect(part2.intent.id).not.toBe(a.intent.id);
  });

  it('moves pending → sent → unknown → sent and refuses to revive a done intent', () => {
    const { intent: i } = f.store.intents.ensure(intent());
    expect(f.store.intents.markSent(i.id).status).toBe('sent');
    const u = f.store.intents.markUnknown(i.id, 'timeout after sending');
    expect(u).toMatchObject({ status: 'unknown', lastError: 'timeout after sending' });
    expect(f.store.intents.markSent(i.id).status).toBe('sent');
    const done = f.store.intents.markDone(i.id, 'at://x/y/z', 'bafy');
    expect(done).toMatchObject({ status: 'done', remoteId: 'at://x/y/z', remoteCid: 'bafy', lastError: null });
    const err = thrown(() => f.store.intents.markSent(i.id));
    expect(err.code).toBe(ErrorCode.Conflict);
    expect(err.message).toContain('is done and cannot become sent');
    expect(thrown(() => f.store.intents.markFailed(i.id, 'x', 0)).code).toBe(ErrorCode.Conflict);
    expect(thrown(() => f.store.intents.markSent(424242)).code).toBe(ErrorCode.NotFound);
  });

  it('markFailed counts attempts, schedules the retry and poisons at max_attempts', () => {
    const { intent: i } = f.store.intents.ensure(intent({ maxAttempts: 3 }));
    const t = f.clock.now();
    expect(f.store.intents.markFailed(i.id, 'HTTP 500', t + 1000)).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: t + 1000, lastError: 'HTTP 500' });
    expect(f.store.intents.markFailed(i.id, 'HTTP 502', t + 2000)).toMatchObject({ status: 'failed', attempts: 2 });
    const last = f.store.intents.markFailed(i.id, 'HTTP 503', t + 4000);
    expect(last).toMatchObject({ status: 'poison', attempts: 3, lastError: 'HTTP 503' });
    expect(thrown(() => f.store.intents.markFailed(i.id, 'again', t)).code).toBe(ErrorCode.Conflict);
    expect(f.store.intents.listByStatus(f.pairId, 'poison').map((x) => x.id)).toEqual([i.id]);
    const again = f.store.intents.requeue(i.id);
    expect(again).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: f.clock.now() });
  });

  it('deferWithoutAttempt reschedules without counting an attempt; sent becomes failed, unknown stays unknown', () => {
    const t = f.clock.now();
    const a = f.store.intents.ensure(intent({ sourceId: 'a', maxAttempts: 1 })).intent;
    expect(f.store.intents.deferWithoutAttempt(a.id, 'hourly cap reached', t + 60_000)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: t + 60_000, lastError: 'hourly cap reached' });
    f.store.intents.markSent(a.id);
    expect(f.store.intents.deferWithoutAttempt(a.id, 'HTTP 429', t + 90_000)).toMatchObject({ status: 'failed', attempts: 0, nextAttemptAt: t + 90_000 });
    const b = f.store.intents.ensure(intent({ sourceId: 'b' })).intent;
    f.store.intents.markSent(b.id);
    f.store.intents.markUnknown(b.id, 'timeout');
    expect(f.store.intents.deferWithoutAttempt(b.id, 'network down', t + 5000)).toMatchObject({ status: 'unknown', attempts: 0, lastError: 'network down' });
    expect(f.store.intents.listDue(t).map((i) => i.sourceId)).toEqual([]);
    f.store.intents.markPoison(b.id, 'refused');
    expect(thrown(() => f.store.intents.deferWithoutAttempt(b.id, 'x', t)).message).toContain('is poison and cannot become deferred');
  });

  it('markPoison stops an intent at once (content refused)', () => {
    const { intent: i } = f.store.intents.ensure(intent());
    expect(f.store.intents.markPoison(i.id, 'text too long')).toMatchObject({ status: 'poison', attempts: 0, lastError: 'text too long' });
    expect(f.store.intents.listOpen(f.pairId, 'x-to-bsky')).toEqual([]);
  });

  it('listOpen and listDue return only what still needs work, in order', () => {
    const t = f.clock.now();
    const a = f.store.intents.ensure(intent({ sourceId: 'a' })).intent;
    const b = f.store.intents.ensure(intent({ sourceId: 'b', nextAttemptAt: t + 10_000 })).intent;
    const c = f.store.intents.ensure(intent({ sourceId: 'c' })).intent;
    const d = f.store.intents.ensure(intent({ sourceId: 'd' })).intent;
    const other = f.store.intents.ensure(intent({ sourceId: 'e', direction: 'bsky-to-x' })).intent;
    f.store.intents.markSent(c.id);
    f.store.intents.markDone(c.id, 'at://done', null);
    f.store.intents.markFailed(d.id, 'flaky', t + 5000);
    expect(f.store.intents.listOpen(f.pairId, 'x-to-bsky').map((i) => i.sourceId)).toEqual(['a', 'b', 'd']);
    expect(f.store.intents.listDue(t).map((i) => i.id)).toEqual([a.id, other.id]);
    expect(f.store.intents.listDue(t + 5000).map((i) => i.id)).toEqual([a.id, other.id, d.id]);
    expect(f.store.intents.listDue(t + 10_000).map((i) => i.id)).toEqual([a.id, other.id, d.id, b.id]);
    expect(f.store.intents.listDue(t + 10_000, 2)).toHaveLength(2);
  });

  it('validates input: direction, part index within part count, payload present, pair exists', () => {
    expect(thrown(() => f.store.intents.ensure(intent({ direction: 'both' }))).code).toBe(ErrorCode.InvalidInput);
    expect(thrown(() => f.store.intents.ensure(intent({ partIndex: 2, partCount: 2 }))).message).toContain('partIndex');
    expect(thrown(() => f.store.intents.ensure(intent({ payload: undefined }))).message).toContain('payload');
    expect(thrown(() => f.store.intents.ensure(intent({ pairId: 777 }))).code).toBe(ErrorCode.NotFound);
  });
});
