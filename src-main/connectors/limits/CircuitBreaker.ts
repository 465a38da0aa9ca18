import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Service } from './types';

/**
 * Opens after `threshold` consecutive unexpected failures of one service (SPEC §2.3: "the X web API
 * changed" must stop the run instead of marking items done). While open every call fails at once;
 * after `cooldownMs` one trial call is let through (half-open). `reset()` is called by the engine when
 * the person starts a new run on purpose.
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #cooldownMs: number;
  #state = new Map<Service, { failures: number; openedAt?: number; reason?: string }>();

  constructor(opts: { threshold?: number; cooldownMs?: number } = {}) {
    this.#threshold = opts.threshold ?? 5;
    this.#cooldownMs = opts.cooldownMs ?? 15 * 60_000;
  }

  #get(service: Service) {
    let s = this.#state.get(service);
    if (!s) this.#state.set(service, (s = { failures: 0 }));
    return s;
  }

  /** Throws CircuitOpen when calls to `service` must not be made now. */
  check(service: Service, now: number): void {
    const s = this.#get(service);
    if (s.openedAt === undefined) return;
    if (now - s.openedAt >= this.#cooldownMs) return; // half-open: one trial
    throw new AppError(
      ErrorCode.CircuitOpen,
      `Stopped talking to ${service === 'x' ? 'X' : 'Bluesky'} after ${s.failures} unexpected errors in a row (last: ${s.reason ?? 'unknown'}). ` +
        'Nothing was marked as synced. The service may have changed its API or be down; try again later or update the app.',
      { service, failures: s.failures },
    );
  }

  success(service: Service): void {
    const s = this.#get(service);
    s.failures = 0;
    s.openedAt = undefined;
    s.reason = undefined;
  }

  failure(service: Service, reason: string, now: number, immediate = false): void {
    const s = this.#get(service);
    s.failures++;
    s.reason = reason;
    if (immediate || s.failures >= this.#threshold) s.openedAt = now;
  }

  isOpen(service: Service): boolean {
    return this.#get(service).openedAt !== undefined;
  }

  reset(service?: Service): void {
    if (service) this.#state.delete(service);
    else this.#state.clear();
  }
}
