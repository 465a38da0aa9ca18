import type { Clock } from '../../src-main/util/clock';

/**
 * A clock that never really waits: `sleep(ms)` moves time forward by `ms` at once and records it,
 * so tests can assert how long the code *would* have waited (ENVIRONMENT: no real sleeping in tests).
 */
export class ManualClock implements Clock {
  #now: number;
  readonly sleeps: number[] = [];

  constructor(start = Date.UTC(2026, 0, 15, 12, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    this.#now += ms;
  }

  set(ms: number): void {
    this.#now = ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.#now += Math.max(0, ms);
  }

  get totalSlept(): number {
    return this.sleeps.reduce((a, b) => a + b, 0);
  }
}
