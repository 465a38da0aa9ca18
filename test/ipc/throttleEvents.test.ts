import { describe, expect, it } from 'vitest';
import type { PushEvent } from '../../src-shared/ipc/contract';
import { throttleProgress } from '../../src-main/ipc/throttleEvents';

describe('throttleProgress', () => {
  it('passes at most one progress per 100 ms per direction, always the final one and every finished event', () => {
    let t = 0;
    const got: PushEvent[] = [];
    const push = throttleProgress((e) => got.push(e), { now: () => t });
    const progress = (done: number, direction: 'x-to-bsky' | 'bsky-to-x' = 'x-to-bsky'): PushEvent => ({ name: 'sync/progress', payload: { direction, done, total: 10 } });
    push(progress(1));
    t = 50;
    push(progress(2)); // dropped: 50 ms after the last one
    push(progress(1, 'bsky-to-x')); // other direction: passes
    t = 100;
    push(progress(3));
    t = 101;
    push(progress(10)); // final: passes even though only 1 ms passed
    push({ name: 'sync/finished', payload: { startedAt: 0, finishedAt: 101, ok: true, directions: [] } });
    expect(got.map((e) => (e.name === 'sync/progress' ? `${e.payload.direction}:${e.payload.done}` : e.name))).toEqual([
      'x-to-bsky:1',
      'bsky-to-x:1',
      'x-to-bsky:3',
      'x-to-bsky:10',
      'sync/finished',
    ]);
  });
});
