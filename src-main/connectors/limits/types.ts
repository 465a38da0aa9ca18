/**
 * The contract every connector uses to make a remote call. One RemoteCaller instance per
 * composed core: it owns the central rate limiter (SPEC §2.3 budgets, adjusted live from response
 * headers), retry with exponential backoff + jitter that honours reset headers, and the circuit
 * breaker that stops a run after K consecutive unexpected errors.
 *
 * Connectors wrap each HTTP request in `caller.call(spec, fn)`, call `caller.observe(spec, headers)`
 * with the headers of every response they see, and throw `RemoteError` (below) for every failure so
 * the caller can classify it. They never sleep or retry on their own.
 */
export type Service = 'x' | 'bsky';
export type CallKind = 'read' | 'write' | 'delete' | 'login' | 'upload';

export interface CallSpec {
  service: Service;
  kind: CallKind;
  /** Operation name for logs and api_usage (e.g. `UserTweets`, `com.atproto.repo.createRecord`). */
  op: string;
  /** Bluesky write points (create 3, update 2, delete 1); defaults by kind. */
  points?: number;
  /** Account the budget belongs to (handle / user id); budgets are per account. */
  account?: string;
  /**
   * True when repeating the request cannot create a second effect (reads, Bluesky creates with a
   * deterministic record key, deletes). False for X creates: after a timeout / 5xx / dropped
   * connection the caller throws `RemoteError('unknown_outcome')` instead of retrying blindly.
   */
  idempotent: boolean;
}

export type RemoteErrorKind =
  | 'rate_limited' // 429 or an explicit rate-limit error; `resetAt` when the server said
  | 'transient' // 5xx, 408, connection reset before the request was accepted
  | 'timeout'
  | 'network' // DNS, ECONNREFUSED: the server was not reached
  | 'auth' // 401/403 for credentials, wrong password, expired session
  | 'needs_2fa'
  | 'locked' // account locked / suspended / challenge
  | 'not_found' // the thing asked for does not exist (a deleted post)
  | 'stale_endpoint' // 404 for a route that should exist (X query id rotated)
  | 'rejected' // the remote refused the content (too long, invalid record)
  | 'duplicate' // X error 187
  | 'automation' // X error 226 or similar: stop all writes
  | 'api_changed' // the answer did not parse / unexpected shape
  | 'unknown_outcome'; // a non-idempotent write whose result we could not observe

export class RemoteError extends Error {
  readonly kind: RemoteErrorKind;
  readonly service: Service;
  readonly status?: number;
  /** Epoch ms when the limit resets, from x-rate-limit-reset / ratelimit-reset. */
  readonly resetAt?: number;
  /** X error code (187, 226, …) or XRPC error name. */
  readonly remoteCode?: string | number;

  constructor(
    kind: RemoteErrorKind,
    service: Service,
    message: string,
    extra: { status?: number; resetAt?: number; remoteCode?: string | number; cause?: unknown } = {},
  ) {
    super(message, { cause: extra.cause });
    this.name = 'RemoteError';
    this.kind = kind;
    this.service = service;
    this.status = extra.status;
    this.resetAt = extra.resetAt;
    this.remoteCode = extra.remoteCode;
  }
}

/** Anything with a `get(name)` (fetch Headers, undici, a plain adapter over Node's IncomingHttpHeaders). */
export interface HeadersLike {
  get(name: string): string | null;
}

export interface RemoteCaller {
  call<T>(spec: CallSpec, fn: (signal: AbortSignal) => Promise<T>, opts?: { signal?: AbortSignal }): Promise<T>;
  observe(spec: CallSpec, headers: HeadersLike): void;
}
