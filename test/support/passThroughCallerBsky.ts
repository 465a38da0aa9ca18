/**
 * A RemoteCaller that calls straight through (no budgets, no retries) and records what it saw, so
 * connector tests can assert that every request was wrapped and its headers observed. The real
 * policy lives in src-main/connectors/limits/createRemoteCaller.ts.
 */
import type { CallSpec, HeadersLike, RemoteCaller } from '../../src-main/connectors/limits/types';

export interface PassThroughCaller extends RemoteCaller {
  readonly calls: CallSpec[];
  readonly observed: { spec: CallSpec; headers: Record<string, string> }[];
}

export function passThroughCallerBsky(): PassThroughCaller {
  const calls: CallSpec[] = [];
  const observed: { spec: CallSpec; headers: Record<string, string> }[] = [];
  return {
    calls,
    observed,
    async call<T>(spec: CallSpec, fn: (signal: AbortSignal) => Promise<T>, opts?: { signal?: AbortSignal }): Promise<T> {
      calls.push(spec);
      const ctl = new AbortController();
      const outer = opts?.signal;
      if (outer?.aborted) throw outer.reason;
      const onAbort = () => ctl.abort(outer?.reason);
      outer?.addEventListener('abort', onAbort, { once: true });
      try {
        return await fn(ctl.signal);
      } finally {
        outer?.removeEventListener('abort', onAbort);
      }
    },
    observe(spec: CallSpec, headers: HeadersLike) {
      const h: Record<string, string> = {};
      for (const name of ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy']) {
        const v = headers.get(name);
        if (v !== null) h[name] = v;
      }
      observed.push({ spec, headers: h });
    },
  };
}
