/** SPEC §2.3: initial 1 s, ×2, capped at 300 s, ±10 % jitter, at most 5 attempts. */
export interface BackoffPolicy {
  initialMs: number;
  factor: number;
  maxMs: number;
  jitter: number;
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, factor: 2, maxMs: 300_000, jitter: 0.1, maxAttempts: 5 };

/** Delay before attempt number `attempt + 1` (attempt counts from 1 = the first try that failed). */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt - 1));
  const spread = base * policy.jitter;
  return Math.max(0, Math.round(base - spread + random() * 2 * spread));
}
