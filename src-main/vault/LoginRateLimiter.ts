/**
 * Sign-in rate limit (SPEC §7): at most 5 failed attempts per 15 minutes for one user name from one
 * address. Once the limit is reached every attempt — even with the right password — is refused until
 * the oldest failure in the window ages out, so guessing cannot continue at any speed.
 */
import type Database from 'better-sqlite3';
import type { Clock } from '../util/clock';

export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;

export interface RateLimitState {
  locked: boolean;
  failures: number;
  /** When the next attempt will be allowed (epoch ms), when locked. */
  retryAt: number | null;
}

export class LoginRateLimiter {
  #clock: Clock;
  #max: number;
  #windowMs: number;
  #recent: Database.Statement<[string, string, number], { at: number }>;
  #insert: Database.Statement<[string, string, number]>;
  #clear: Database.Statement<[string, string]>;
  #prune: Database.Statement<[number]>;

  constructor(deps: { db: Database.Database; clock: Clock; maxFailures?: number; windowMs?: number }) {
    this.#clock = deps.clock;
    this.#max = deps.maxFailures ?? MAX_FAILURES;
    this.#windowMs = deps.windowMs ?? FAILURE_WINDOW_MS;
    this.#recent = deps.db.prepare('SELECT at FROM login_attempts WHERE username = ? AND address = ? AND at > ? ORDER BY at ASC');
    this.#insert = deps.db.prepare('INSERT INTO login_attempts (username, address, at) VALUES (?, ?, ?)');
    this.#clear = deps.db.prepare('DELETE FROM login_attempts WHERE username = ? AND address = ?');
    this.#prune = deps.db.prepare('DELETE FROM login_attempts WHERE at <= ?');
  }

  check(username: string, address: string): RateLimitState {
    const now = this.#clock.now();
    const times = this.#recent.all(norm(username), address, now - this.#windowMs).map((r) => r.at);
    if (times.length < this.#max) return { locked: false, failures: times.length, retryAt: null };
    // The window slides: one more attempt opens when enough failures age out to drop below the limit.
    const unlockBy = times[times.length - this.#max]!;
    return { locked: true, failures: times.length, retryAt: unlockBy + this.#windowMs };
  }

  recordFailure(username: string, address: string): RateLimitState {
    this.#prune.run(this.#clock.now() - this.#windowMs);
    this.#insert.run(norm(username), address, this.#clock.now());
    return this.check(username, address);
  }

  /** A successful sign-in forgets the failures of that user from that address. */
  clear(username: string, address: string): void {
    this.#clear.run(norm(username), address);
  }
}

function norm(username: string): string {
  return username.trim().toLowerCase();
}
