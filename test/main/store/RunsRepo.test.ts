import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { HOUR_MS, hourOf } from '../../../src-main/store/types';
import { makeFixture, thrown } from './storeFixtures';
import type { Fixture } from './storeFixtures';

describe('RunsRepo', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.cleanup());

  it('records a run from start to finish with counts and duration', () => {
    const run = f.store.runs.start(f.pairId, 'x-to-bsky');
    expect(run).toMatchObject({ status: 'running', startedAt: f.clock.now(), finishedAt: null, created: 0 });
    f.clock.advance(42_000);
    const done = f.store.runs.finish(run.id, { status: 'partial', fetched: 10, created: 6, skipped: 3, failed: 1, error: 'one media failed' });
    expect(done).toMatchObject({ status: 'partial', fetched: 10, created: 6, skipped: 3, failed: 1, error: 'one media failed', durationMs: 42_000, finishedAt: f.clock.now() });
    expect(thrown(() => f.store.runs.finish(run.id, { status: 'ok', fetched: 0, created: 0, skipped: 0, failed: 0 })).code).toBe(ErrorCode.Conflict);
  });

  it('adds finished runs to the hourly bucket of the hour they finished in, in the same write', () => {
    f.clock.set(Date.UTC(2026, 0, 15, 10, 50));
    const a = f.store.runs.start(f.pairId, 'x-to-bsky');
    f.clock.set(Date.UTC(2026, 0, 15, 11, 2));
    f.store.runs.finish(a.id, { status: 'ok', fetched: 5, created: 4, skipped: 1, failed: 0 });
    const b = f.store.runs.start(f.pairId, 'x-to-bsky');
    f.clock.set(Date.UTC(2026, 0, 15, 11, 30));
    f.store.runs.finish(b.id, { status: 'ok', fetched: 3, created: 2, skipped: 0, failed: 1 });
    const c = f.store.runs.start(f.pairId, 'bsky-to-x');
    f.store.runs.finish(c.id, { status: 'ok', fetched: 1, created: 1, skipped: 0, failed: 0 });
    const h11 = Date.UTC(2026, 0, 15, 11);
    expect(f.store.runs.hourly(f.pairId, 'x-to-bsky', h11 - HOUR_MS, h11 + HOUR_MS)).toEqual([{ pairId: f.pairId, hour: h11, direction: 'x-to-bsky', created: 6, failed: 1, skipped: 1 }]);
    expect(f.store.runs.createdInHour(f.pairId, 'x-to-bsky', h11 + 59 * 60_000)).toBe(6);
    expect(f.store.runs.createdInHour(f.pairId, 'bsky-to-x', h11)).toBe(1);
    expect(f.store.runs.createdInHour(f.pairId, 'x-to-bsky', h11 - 1)).toBe(0);
    expect(hourOf(h11 + 1234)).toBe(h11);
  });

  it('lists recent runs newest first and marks crash leftovers interrupted', () => {
    const ids = [0, 1, 2].map((i) => {
      f.clock.advance(1000);
      return f.store.runs.start(f.pairId, i === 1 ? 'bsky-to-x' : 'x-to-bsky').id;
    });
    f.store.runs.finish(ids[0]!, { status: 'ok', fetched: 0, created: 0, skipped: 0, failed: 0 });
    expect(f.store.runs.listRecent(f.pairId, 2).map((r) => r.id)).toEqual([ids[2], ids[1]]);
    expect(f.store.runs.markInterrupted()).toBe(2);
    expect(f.store.runs.get(ids[2]!)).toMatchObject({ status: 'interrupted', error: 'The app stopped while this run was in progress.' });
    expect(f.store.runs.get(ids[0]!)!.status).toBe('ok');
  });

  it('validates statuses and counts', () => {
    const run = f.store.runs.start(f.pairId, 'x-to-bsky');
    expect(thrown(() => f.store.runs.finish(run.id, { status: 'running' as never, fetched: 0, created: 0, skipped: 0, failed: 0 })).code).toBe(ErrorCode.InvalidInput);
    expect(thrown(() => f.store.runs.finish(run.id, { status: 'ok', fetched: -1, created: 0, skipped: 0, failed: 0 })).code).toBe(ErrorCode.InvalidInput);
    expect(thrown(() => f.store.runs.finish(555, { status: 'ok', fetched: 0, created: 0, skipped: 0, failed: 0 })).code).toBe(ErrorCode.NotFound);
    expect(thrown(() => f.store.runs.start(f.pairId, 'sideways' as never)).code).toBe(ErrorCode.InvalidInput);
  });
});
