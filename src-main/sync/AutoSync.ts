import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import type { SyncService } from './SyncService';

/**
 * Timer-driven runs for the desktop app and `serve` (the tray's sync toggle). One loop, one run at
 * a time; a failed run is logged and the next interval tries again (the engine's breaker decides
 * whether X/Bluesky may be called at all).
 */
export interface AutoSyncDeps {
  sync: SyncService;
  clock: Clock;
  logger: Logger;
  intervalMs: () => number;
  enabled: () => boolean;
}

export class AutoSync {
  readonly #d: AutoSyncDeps;
  #abort: AbortController | null = null;
  #nextAt: number | null = null;

  constructor(d: AutoSyncDeps) {
    this.#d = d;
  }

  get nextSyncAt(): number | null {
    return this.#d.enabled() ? this.#nextAt : null;
  }

  start(): void {
    if (this.#abort) return;
    this.#abort = new AbortController();
    void this.#loop(this.#abort.signal);
  }

  stop(): void {
    this.#abort?.abort();
    this.#abort = null;
    this.#nextAt = null;
  }

  async #loop(signal: AbortSignal): Promise<void> {
    const { clock, logger } = this.#d;
    while (!signal.aborted) {
      const wait = this.#d.intervalMs();
      this.#nextAt = clock.now() + wait;
      try {
        await clock.sleep(wait, signal);
      } catch {
        return;
      }
      if (!this.#d.enabled() || this.#d.sync.engine.state !== 'idle') continue;
      try {
        await this.#d.sync.runOnce({ manual: false });
      } catch (e) {
        logger.warn('scheduled sync could not run', { error: (e as Error).message });
      }
    }
  }
}
