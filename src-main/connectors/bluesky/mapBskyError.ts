/**
 * Turns whatever @atproto/api threw into a RemoteError the central caller can classify
 * (src-main/connectors/limits/types.ts). Messages are written for a person: they end up in the UI.
 */
import { XRPCError } from '@atproto/api';
import { RemoteError, type RemoteErrorKind } from '../limits/types';

const AUTH_ERRORS = new Set(['AuthenticationRequired', 'InvalidToken', 'AuthMissing', 'ExpiredToken', 'InvalidDID']);
const LOCKED_ERRORS = new Set(['AccountTakedown', 'AccountDeactivated', 'AccountSuspended']);
const NOT_FOUND_ERRORS = new Set(['RecordNotFound', 'RepoNotFound', 'NotFound']);

/** Codes of Node/undici errors that mean "the server was not reached". */
const UNREACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
/** Codes that mean "the connection broke after it was made" — the request may have been handled. */
const BROKEN = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function causeCodes(err: unknown): string[] {
  const codes: string[] = [];
  let cur: unknown = err;
  for (let i = 0; i < 6 && cur && typeof cur === 'object'; i++) {
    const c = cur as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
    if (typeof c.code === 'string') codes.push(c.code);
    if (typeof c.name === 'string') codes.push(c.name);
    if (Array.isArray(c.errors)) for (const e of c.errors) codes.push(...causeCodes(e));
    cur = c.cause;
  }
  return codes;
}

/** Epoch ms from `ratelimit-reset` (epoch seconds on a PDS; small values are taken as a delta). */
export function resetAtFromHeaders(headers: Record<string, string | undefined> | undefined, now: number): number | undefined {
  const raw = headers?.['ratelimit-reset'] ?? headers?.['Ratelimit-Reset'];
  const n = raw === undefined ? NaN : Number(raw);
  if (!Number.isFinite(n)) return undefined;
  return n < 1e9 ? now + n * 1000 : n * 1000;
}

function kindOfXrpc(e: XRPCError): RemoteErrorKind {
  const name = e.error ?? '';
  if (e.status === 429 || name === 'RateLimitExceeded') return 'rate_limited';
  if (name === 'AuthFactorTokenRequired') return 'needs_2fa';
  if (LOCKED_ERRORS.has(name)) return 'locked';
  if (AUTH_ERRORS.has(name) || e.status === 401) return 'auth';
  if (NOT_FOUND_ERRORS.has(name) || /could not locate record/i.test(e.message)) return 'not_found';
  if (e.status === 2) return 'api_changed'; // the response failed lexicon validation
  if (e.status === 404 || e.status === 501) return 'stale_endpoint';
  if (e.status >= 500) return 'transient';
  if (e.status === 403) return 'auth';
  if (e.status >= 400) return 'rejected';
  return 'network';
}

function kindOfTransport(err: unknown): RemoteErrorKind {
  const codes = causeCodes(err);
  if (codes.includes('TimeoutError')) return 'timeout';
  if (codes.some((c) => UNREACHED.has(c))) return 'network';
  if (codes.some((c) => BROKEN.has(c))) return 'transient';
  // undici says "fetch failed" with the reason in `cause`; without a known code the server was not reached.
  return 'network';
}

function humanMessage(kind: RemoteErrorKind, op: string, detail: string, service: string): string {
  switch (kind) {
    case 'rate_limited':
      return `Bluesky is rate limiting ${op}; it will be retried after the limit resets (${detail}).`;
    case 'auth':
      return `Bluesky did not accept the session or the app password (${detail}). Log in again with an app password.`;
    case 'needs_2fa':
      return `Bluesky wants an email confirmation code for this login (${detail}). Use an app password instead of the main password.`;
    case 'locked':
      return `The Bluesky account is deactivated or taken down (${detail}); nothing can be posted until that is resolved on bsky.app.`;
    case 'network':
      return `Could not reach the Bluesky server ${service} (${detail}). Check the network connection and the PDS URL.`;
    case 'not_found':
      return `Bluesky has no such record (${detail}).`;
    case 'rejected':
      return `Bluesky refused ${op}: ${detail}`;
    case 'api_changed':
      return `Bluesky answered ${op} with something this version does not understand (${detail}). An update may be needed.`;
    default:
      return `Bluesky ${op} failed: ${detail}`;
  }
}

/** Classifies an error thrown by @atproto/api (or fetch) during `op` against `service`. */
export function toRemoteError(err: unknown, op: string, service: string, now: number): RemoteError {
  if (err instanceof RemoteError) return err;
  if (err instanceof XRPCError && err.status !== 1) {
    const kind = kindOfXrpc(err);
    const detail = err.error && err.message && err.error !== err.message ? `${err.error}: ${err.message}` : err.message || err.error || `HTTP ${err.status}`;
    const resetAt = kind === 'rate_limited' ? resetAtFromHeaders(err.headers, now) : undefined;
    return new RemoteError(kind, 'bsky', humanMessage(kind, op, detail, service), { status: err.status, resetAt, remoteCode: err.error, cause: err });
  }
  const kind = kindOfTransport(err);
  const detail = [(err as Error)?.message ?? String(err), ...causeCodes((err as { cause?: unknown })?.cause)].filter(Boolean).join(' / ');
  return new RemoteError(kind, 'bsky', humanMessage(kind, op, detail, service), { cause: err });
}
