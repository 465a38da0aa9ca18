import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { CircuitBreaker } from './CircuitBreaker';
import { RateLimiter, type BudgetOverrides } from './RateLimiter';
import { RemoteError, type CallSpec, type HeadersLike, type RemoteCaller, type RemoteErrorKind } from './types';

export interface CallOutcome {
  spec: CallSpec;
  ok: boolean;
  errorKind?: RemoteErrorKind | 'other';
  status?: number;
  at: number;
}

export interface RemoteCallerOptions {
  clock: Clock;
  logger: Logger;
  budgets?: BudgetOverrides;
  backoff?: BackoffPolicy;
  breaker?: CircuitBreaker;
  /** Longest we wait for a budget or a reset inside one call; beyond it the call fails `rate_limited`. */
  maxWaitMs?: number;
  /** Per-attempt timeout; the fn's signal aborts after it. */
  timeoutMs?: number;
  random?: () => number;
  /** Every attempt's outcome, for api_usage (SPEC §2.3). */
  onOutcome?: (o: CallOutcome) => void;
}

export interface ControlledRemoteCaller extends RemoteCaller {
  readonly limiter: RateLimiter;
  readonly breaker: CircuitBreaker;
}

/** Kinds that say "something is wrong with our client or the remote API", counted by the breaker. */
const UNEXPECTED: ReadonlySet<string> = new Set(['api_changed', 'stale_endpoint', 'transient', 'timeout', 'other']);

export function createRemoteCaller(opts: RemoteCallerOptions): ControlledRemoteCaller {
  const limiter = new RateLimiter(opts.budgets);
  const breaker = opts.breaker ?? new CircuitBreaker();
  const policy = opts.backoff ?? DEFAULT_BACKOFF;
  const maxWait = opts.maxWaitMs ?? 15 * 60_000;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const { clock, logger } = opts;

  async function waitForBudget(spec: CallSpec, signal?: AbortSignal): Promise<void> {
    const wait = limiter.waitMs(spec, clock.now());
    if (wait <= 0) return;
    if (wait > maxWait) {
      const resetAt = Number.isFinite(wait) ? clock.now() + wait : undefined;
      throw new RemoteError('rate_limited', spec.service, `Rate budget for ${spec.service} ${spec.kind} is used up${resetAt ? ` until ${new Date(resetAt).toISOString()}` : ''}.`, { resetAt });
    }
    logger.info('rate limit wait', { service: spec.service, op: spec.op, waitMs: wait });
    await clock.sleep(wait, signal);
  }

  async function attempt<T>(spec: CallSpec, fn: (s: AbortSignal) => Promise<T>, outer?: AbortSignal): Promise<T> {
    const ctl = new AbortController();
    const onOuter = () => ctl.abort(outer?.reason);
    outer?.addEventListener('abort', onOuter, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctl.abort(new Error('timeout'));
    }, timeoutMs);
    try {
      return await fn(ctl.signal);
    } catch (e) {
      if (outer?.aborted) throw new AppError(ErrorCode.Cancelled, 'The run was cancelled.');
      if (timedOut && !(e instanceof RemoteError)) {
        throw new RemoteError('timeout', spec.service, `${spec.op} did not answer within ${timeoutMs / 1000} s.`, { cause: e });
      }
      throw e;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    }
  }

  function retryDelay(spec: CallSpec, err: RemoteError, n: number): number | null {
    if (n >= policy.maxAttempts) return null;
    if (err.kind === 'rate_limited') {
      const wait = err.resetAt !== undefined ? err.resetAt - clock.now() : backoffDelay(n, policy, opts.random);
      return wait > maxWait ? null : Math.max(0, wait);
    }
    if (err.kind === 'network') return backoffDelay(n, policy, opts.random);
    if ((err.kind === 'transient' || err.kind === 'timeout') && spec.idempotent) return backoffDelay(n, policy, opts.random);
    return null;
  }

  async function call<T>(spec: CallSpec, fn: (s: AbortSignal) => Promise<T>, callOpts: { signal?: AbortSignal } = {}): Promise<T> {
    for (let n = 1; ; n++) {
      breaker.check(spec.service, clock.now());
      await waitForBudget(spec, callOpts.signal);
      limiter.take(spec, clock.now());
      try {
        const value = await attempt(spec, fn, callOpts.signal);
        breaker.success(spec.service, spec.op);
        opts.onOutcome?.({ spec, ok: true, at: clock.now() });
        return value;
      } catch (e) {
        if (e instanceof AppError) throw e;
        const err = e instanceof RemoteError ? e : new RemoteError('api_changed', spec.service, `${spec.op} failed unexpectedly: ${(e as Error)?.message ?? String(e)}`, { cause: e });
        opts.onOutcome?.({ spec, ok: false, errorKind: e instanceof RemoteError ? err.kind : 'other', status: err.status, at: clock.now() });
        if (err.kind === 'rate_limited' && err.resetAt) limiter.blockUntil(spec, err.resetAt);
        const delay = retryDelay(spec, err, n);
        if (delay !== null) {
          logger.warn('remote call retry', { service: spec.service, op: spec.op, kind: err.kind, attempt: n, delayMs: delay });
          await clock.sleep(delay, callOpts.signal);
          continue;
        }
        noteFailure(spec, err);
        throw finalError(spec, err);
      }
    }
  }

  function noteFailure(spec: CallSpec, err: RemoteError): void {
    if (err.kind === 'automation' || err.kind === 'locked') breaker.failure(spec.service, err.message, clock.now(), true, spec.op);
    else if (UNEXPECTED.has(err.kind)) breaker.failure(spec.service, err.message, clock.now(), false, spec.op);
  }

  /** A non-idempotent write that failed in a way that may have committed becomes `unknown_outcome`. */
  function finalError(spec: CallSpec, err: RemoteError): RemoteError {
    if (!spec.idempotent && (err.kind === 'transient' || err.kind === 'timeout')) {
      return new RemoteError('unknown_outcome', spec.service, `${spec.op}: the result is unknown (${err.message}); it will be checked before any retry.`, { status: err.status, cause: err });
    }
    return err;
  }

  return {
    limiter,
    breaker,
    call,
    observe(spec: CallSpec, headers: HeadersLike) {
      limiter.observe(spec, headers, clock.now());
    },
  };
}
