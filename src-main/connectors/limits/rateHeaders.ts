import type { HeadersLike, Service } from './types';

export interface RateHint {
  limit?: number;
  remaining?: number;
  /** Epoch ms. */
  resetAt?: number;
}

function num(h: HeadersLike, name: string): number | undefined {
  const v = h.get(name);
  if (v == null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * X sends `x-rate-limit-*` (reset = epoch seconds); Bluesky PDSes send `ratelimit-*` (reset = epoch
 * seconds too, per the PDS implementation; some proxies send delta seconds, which we detect by size).
 */
export function parseRateHeaders(service: Service, h: HeadersLike, now: number): RateHint | null {
  const prefix = service === 'x' ? 'x-rate-limit-' : 'ratelimit-';
  const limit = num(h, `${prefix}limit`);
  const remaining = num(h, `${prefix}remaining`);
  const reset = num(h, `${prefix}reset`);
  if (limit === undefined && remaining === undefined && reset === undefined) return null;
  let resetAt: number | undefined;
  if (reset !== undefined) {
    // < 10^9 cannot be an epoch in seconds after 2001: treat it as "seconds from now".
    resetAt = reset < 1e9 ? now + reset * 1000 : reset * 1000;
  }
  return { limit, remaining, resetAt };
}

/** `retry-after` (seconds or HTTP date) as an epoch ms, when present. */
export function parseRetryAfter(h: HeadersLike, now: number): number | undefined {
  const v = h.get('retry-after');
  if (!v) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return now + secs * 1000;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
}
