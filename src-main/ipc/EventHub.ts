/**
 * Fan-out of push events: the core emits into one hub, and each transport (desktop windows, SSE,
 * tray, notifications) subscribes. `fromSyncEvent` converts the engine's events to the contract's.
 */
import type { PushEvent, SyncFinishedEvent } from '../../src-shared/ipc/contract';
import type { SyncEvent } from '../sync/SyncEngine';
import type { Logger } from '../util/logger';
import type { EventSink } from '../util/ports';

export class EventHub implements EventSink {
  #listeners = new Set<(e: PushEvent) => void>();
  #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  emit(e: PushEvent): void {
    for (const l of [...this.#listeners]) {
      try {
        l(e);
      } catch (err) {
        // One broken subscriber (a closed window) must not stop the others from hearing the event.
        this.#logger.warn('event listener failed', { event: e.name, error: (err as Error).message });
      }
    }
  }

  subscribe(listener: (e: PushEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

export function fromSyncEvent(e: SyncEvent): PushEvent {
  if (e.type === 'sync/progress') return { name: 'sync/progress', payload: { direction: e.direction, done: e.done, total: e.total } };
  const r = e.report;
  const payload: SyncFinishedEvent = {
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    ok: r.ok,
    directions: r.directions.map((d) => ({
      direction: d.direction,
      status: d.status,
      fetched: d.fetched,
      created: d.created,
      skipped: d.skipped,
      failed: d.failed,
      error: d.error,
      errorCode: d.errorCode,
    })),
  };
  return { name: 'sync/finished', payload };
}
