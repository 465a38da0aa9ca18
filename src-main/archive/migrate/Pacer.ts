/**
 * Keeps migration creates at `pace` per hour on the injected clock: a token bucket refilled at the
 * pace. It starts with at most one hour's pace (less what the account created in the past hour),
 * and the burst never exceeds what Bluesky's hourly budget leaves after an hour of refill, so the
 * start of a job cannot push the account over 5,000 points/h (PLATFORM.md).
 */
import type { Clock } from '../../util/clock';

/** Bluesky: 5,000 points/h at 3 points per create. */
export const BSKY_CREATES_PER_HOUR = 1_666;
const HOUR = 3_600_000;

export interface PacerOptions {
  pace: number;
  clock: Clock;
  /** Creates already made in the past hour (live sync and earlier runs). */
  recentCreates?: number;
  /** Largest grant (the batch size). */
  maxGrant: number;
}

export class Pacer {
  readonly #perMs: number;
  readonly #capacity: number;
  /** Records per wait: about a minute's worth, so waits come in steps rather than one per record. */
  readonly #step: number;
  readonly #clock: Clock;
  readonly #maxGrant: number;
  #tokens: number;
  #last: number;
  #slept = 0;

  constructor(o: PacerOptions) {
    this.#clock = o.clock;
    this.#perMs = o.pace / HOUR;
    this.#maxGrant = Math.max(1, o.maxGrant);
    this.#step = Math.min(this.#maxGrant, Math.max(1, Math.ceil(o.pace / 60)));
    this.#capacity = Math.max(this.#step, Math.min(o.pace, BSKY_CREATES_PER_HOUR - o.pace));
    this.#tokens = Math.max(0, this.#capacity - (o.recentCreates ?? 0));
    this.#last = o.clock.now();
  }

  get sleptMs(): number {
    return this.#slept;
  }

  /**
   * Waits (on the clock) until a step's worth of creates may be made, then grants up to `want`
   * (never more than the bucket holds). Rejects with the signal's reason when aborted.
   */
  async grant(want: number, signal?: AbortSignal, onWait?: (ms: number) => void): Promise<number> {
    const cap = Math.max(1, Math.min(want, this.#maxGrant));
    this.#refill();
    const need = Math.min(cap, this.#step);
    if (this.#tokens < need) {
      const ms = Math.ceil((need - this.#tokens) / this.#perMs);
      onWait?.(ms);
      await this.#clock.sleep(ms, signal);
      this.#slept += ms;
      this.#refill();
      // The clock may have slept a little less than asked (rounding): grant what was waited for.
      this.#tokens = Math.max(this.#tokens, need);
    }
    const granted = Math.max(1, Math.min(cap, Math.floor(this.#tokens)));
    this.#tokens -= granted;
    return granted;
  }

  /** Hands back creates that were granted but not made (records found already made, units failed early). */
  refund(n: number): void {
    if (n > 0) this.#tokens = Math.min(this.#capacity, this.#tokens + n);
  }

  #refill(): void {
    const now = this.#clock.now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + Math.max(0, now - this.#last) * this.#perMs);
    this.#last = now;
  }
}
