import type { CallKind, CallSpec, Service } from './types';

/** One budget: at most `limit` cost units in any `windowMs`. */
export interface Budget {
  limit: number;
  windowMs: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * The seed's budgets (SPEC §2.3) plus Bluesky's real write point budget (5000/h, 35000/day;
 * create 3, update 2, delete 1) and the createSession limit (~30 / 5 min, ~300/day).
 * X posting: X documents 2,400 posts/day split in semi-hourly windows; 300 per 3 h stays inside it.
 */
export const DEFAULT_BUDGETS: Record<Service, Partial<Record<CallKind, Budget[]>>> = {
  x: {
    read: [{ limit: 900, windowMs: 15 * MIN }],
    delete: [{ limit: 50, windowMs: 15 * MIN }],
    write: [{ limit: 300, windowMs: 3 * HOUR }],
    upload: [{ limit: 300, windowMs: 3 * HOUR }],
    login: [{ limit: 5, windowMs: 15 * MIN }],
  },
  bsky: {
    read: [{ limit: 3000, windowMs: 5 * MIN }],
    // `write` and `delete` share the point budget below (cost = points) plus the seed's 1500 req/h.
    write: [{ limit: 1500, windowMs: HOUR }],
    delete: [{ limit: 1500, windowMs: HOUR }],
    upload: [{ limit: 1500, windowMs: HOUR }],
    login: [
      { limit: 30, windowMs: 5 * MIN },
      { limit: 300, windowMs: 24 * HOUR },
    ],
  },
};

export const BSKY_POINT_BUDGETS: Budget[] = [
  { limit: 5000, windowMs: HOUR },
  { limit: 35000, windowMs: 24 * HOUR },
];

export function defaultPoints(spec: CallSpec): number {
  if (spec.points !== undefined) return spec.points;
  if (spec.kind === 'delete') return 1;
  if (spec.kind === 'write') return 3;
  return 0;
}

/**
 * A sliding log of (time, cost). Exact for our volumes (≤ 35k entries/day) and, unlike fixed windows,
 * never allows a double burst at a window edge.
 */
export class SlidingWindow {
  readonly #budget: Budget;
  #log: { t: number; cost: number }[] = [];
  #used = 0;

  constructor(budget: Budget) {
    this.#budget = budget;
  }

  #prune(now: number): void {
    const from = now - this.#budget.windowMs;
    let i = 0;
    while (i < this.#log.length && this.#log[i]!.t <= from) {
      this.#used -= this.#log[i]!.cost;
      i++;
    }
    if (i > 0) this.#log.splice(0, i);
  }

  /** Milliseconds to wait before `cost` fits; 0 when it fits now. */
  waitFor(cost: number, now: number): number {
    this.#prune(now);
    if (cost > this.#budget.limit) return Number.POSITIVE_INFINITY;
    let excess = this.#used + cost - this.#budget.limit;
    if (excess <= 0) return 0;
    for (const e of this.#log) {
      excess -= e.cost;
      if (excess <= 0) return e.t + this.#budget.windowMs - now;
    }
    return this.#budget.windowMs;
  }

  take(cost: number, now: number): void {
    if (cost <= 0) return;
    this.#log.push({ t: now, cost });
    this.#used += cost;
  }

  used(now: number): number {
    this.#prune(now);
    return this.#used;
  }
}
