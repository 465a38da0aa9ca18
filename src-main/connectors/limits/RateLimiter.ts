import { BSKY_POINT_BUDGETS, DEFAULT_BUDGETS, SlidingWindow, defaultPoints, type Budget } from './budgets';
import { parseRateHeaders, type RateHint } from './rateHeaders';
import type { CallKind, CallSpec, HeadersLike, Service } from './types';

export type BudgetOverrides = Partial<Record<Service, Partial<Record<CallKind, Budget[]>>>>;

/**
 * The one place that decides how long a remote call must wait: our own sliding-window budgets per
 * (service, account, kind) and, on top, what the server last told us in its rate-limit headers.
 */
export class RateLimiter {
  readonly #budgets: Record<Service, Partial<Record<CallKind, Budget[]>>>;
  readonly #windows = new Map<string, SlidingWindow[]>();
  readonly #hints = new Map<string, RateHint>();

  constructor(overrides: BudgetOverrides = {}) {
    this.#budgets = {
      x: { ...DEFAULT_BUDGETS.x, ...overrides.x },
      bsky: { ...DEFAULT_BUDGETS.bsky, ...overrides.bsky },
    };
  }

  #windowsFor(spec: CallSpec): { win: SlidingWindow; cost: number }[] {
    const acct = spec.account ?? '-';
    const out: { win: SlidingWindow; cost: number }[] = [];
    const key = `${spec.service}:${acct}:${spec.kind}`;
    let wins = this.#windows.get(key);
    if (!wins) this.#windows.set(key, (wins = (this.#budgets[spec.service][spec.kind] ?? []).map((b) => new SlidingWindow(b))));
    for (const w of wins) out.push({ win: w, cost: 1 });
    const points = spec.service === 'bsky' ? defaultPoints(spec) : 0;
    if (points > 0) {
      const pkey = `bsky:${acct}:points`;
      let pw = this.#windows.get(pkey);
      if (!pw) this.#windows.set(pkey, (pw = BSKY_POINT_BUDGETS.map((b) => new SlidingWindow(b))));
      for (const w of pw) out.push({ win: w, cost: points });
    }
    return out;
  }

  /** X limits are per endpoint; a PDS's are per account and route group, so key hints by op for both. */
  #hintKey(spec: CallSpec): string {
    return `${spec.service}:${spec.account ?? '-'}:${spec.op}`;
  }

  /** Milliseconds until this call may be made (0 = now). Infinity when it can never fit. */
  waitMs(spec: CallSpec, now: number): number {
    let wait = 0;
    for (const { win, cost } of this.#windowsFor(spec)) wait = Math.max(wait, win.waitFor(cost, now));
    const hint = this.#hints.get(this.#hintKey(spec));
    if (hint && hint.remaining !== undefined && hint.remaining <= 0 && hint.resetAt !== undefined && hint.resetAt > now) {
      wait = Math.max(wait, hint.resetAt - now);
    }
    return wait;
  }

  take(spec: CallSpec, now: number): void {
    for (const { win, cost } of this.#windowsFor(spec)) win.take(cost, now);
    const hint = this.#hints.get(this.#hintKey(spec));
    if (hint?.remaining !== undefined && hint.remaining > 0) hint.remaining--;
  }

  observe(spec: CallSpec, headers: HeadersLike, now: number): RateHint | null {
    const hint = parseRateHeaders(spec.service, headers, now);
    if (hint) this.#hints.set(this.#hintKey(spec), hint);
    return hint;
  }

  /** Remember a reset the server announced in an error (429 body or headers). */
  blockUntil(spec: CallSpec, resetAt: number): void {
    this.#hints.set(this.#hintKey(spec), { ...this.#hints.get(this.#hintKey(spec)), remaining: 0, resetAt });
  }

  used(spec: CallSpec, now: number): number {
    return Math.max(0, ...this.#windowsFor(spec).map(({ win }) => win.used(now)));
  }
}
