/**
 * Keeps push traffic at or under 10 progress events a second per direction (STYLE.md §10), whatever
 * rate the engine reports at: a burst of progress from a fast batch would otherwise flood the
 * renderer's event loop and an SSE socket. The last progress of a direction (done >= total) and
 * every non-progress event always pass, so `sync/finished` is never lost.
 */
import type { PushEvent } from '../../src-shared/ipc/contract';

export function throttleProgress(listener: (e: PushEvent) => void, opts: { now: () => number; minIntervalMs?: number }): (e: PushEvent) => void {
  const gap = opts.minIntervalMs ?? 100;
  const last = new Map<string, number>();
  return (e) => {
    if (e.name !== 'sync/progress') {
      if (e.name === 'sync/finished') last.clear();
      listener(e);
      return;
    }
    const t = opts.now();
    const prev = last.get(e.payload.direction);
    const final = e.payload.done >= e.payload.total;
    if (!final && prev !== undefined && t - prev < gap) return;
    last.set(e.payload.direction, t);
    listener(e);
  };
}
