/**
 * A RemoteCaller without policy: runs fn once with a fresh signal and rethrows whatever it throws,
 * so connector tests see exactly the RemoteError the connector produced. It records every spec and
 * every observed header set, for assertions.
 */
import type { CallSpec, HeadersLike, RemoteCaller } from '../../src-main/connectors/limits/types';

export class PassThroughCaller implements RemoteCaller {
  readonly calls: CallSpec[] = [];
  readonly observed: { spec: CallSpec; limit: string | null; remaining: string | null; reset: string | null }[] = [];

  async call<T>(spec: CallSpec, fn: (signal: AbortSignal) => Promise<T>, opts: { signal?: AbortSignal } = {}): Promise<T> {
    this.calls.push(spec);
    const ctl = new AbortController();
    const onAbort = () => ctl.abort(opts.signal?.reason);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await fn(ctl.signal);
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  observe(spec: CallSpec, headers: HeadersLike): void {
    this.observed.push({ spec, limit: headers.get('x-rate-limit-limit'), remaining: headers.get('x-rate-limit-remaining'), reset: headers.get('x-rate-limit-reset') });
  }
}
