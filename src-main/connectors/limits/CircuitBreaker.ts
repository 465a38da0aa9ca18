import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Service } from './types';

/**
 * Opens after `threshold` consecutive unexpected failures of one operation of a service (SPEC §2.3:
 * "the X web API changed" must stop the run instead of marking items done). Counting per operation
 * matters: X rotates query ids per operation, so CreateTweet can be broken while reads still work,
 * and those successful reads must not wipe out the count. While open, every call to the service fails at once;
 * with a finite `cooldownMs`, one trial call is let through after it (half-open). `reset()` is called
 * when the person starts a run on purpose.
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #cooldownMs: number;
  #state = new Map<Service, { failures: number; openedAt?: number; reason?: string }>();
  /** Consecutive failures per `service:op`. */
  #ops = new Map<string, number>();

  constructor(opts: { threshold?: number; cooldownMs?: number } = {}) {
    this.#threshold = opts.threshold ?? 5;
    // No automatic half-open by default: an open circuit is a "needs action" state (SPEC §9) that a
    // run started by the person closes; timer-driven runs must not keep probing a changed API.
    this.#cooldownMs = opts.cooldownMs ?? Number.POSITIVE_INFINITY;
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

  success(service: Service, op = '*'): void {
    this.#ops.delete(`${service}:${op}`);
    const s = this.#get(service);
    // A success while half-open closes the circuit again.
    if (s.openedAt !== undefined) {
      s.openedAt = undefined;
      s.failures = 0;
      s.reason = undefined;
    }
  }

  failure(service: Service, reason: string, now: number, immediate = false, op = '*'): void {
    const key = `${service}:${op}`;
    const n = (this.#ops.get(key) ?? 0) + 1;
    this.#ops.set(key, n);
    const s = this.#get(service);
    s.failures = n;
    s.reason = reason;
    if (immediate || n >= this.#threshold) s.openedAt = now;
  }

  isOpen(service: Service): boolean {
    return this.#get(service).openedAt !== undefined;
  }

  reset(service?: Service): void {
    if (service) {
      this.#state.delete(service);
      for (const k of [...this.#ops.keys()]) if (k.startsWith(`${service}:`)) this.#ops.delete(k);
    } else {
      this.#state.clear();
      this.#ops.clear();
    }
  }
}
