/**
 * `errors[]` inside an HTTP 200. X reports duplicates, automation suspicion, daily limits, expired
 * sessions and missing posts this way, usually with `data` empty — so an error array must never be
 * read as "no posts" (X-WEB-API.md "What our parser must handle").
 */
import { RemoteError, type RemoteErrorKind } from '../../limits/types';
import { arr, isObj, nstr, num, obj, str, type Obj } from './json';

const KIND_BY_CODE: Record<number, RemoteErrorKind> = {
  187: 'duplicate',
  226: 'automation',
  186: 'rejected',
  88: 'rate_limited',
  344: 'rate_limited', // the daily post limit
  32: 'auth',
  89: 'auth',
  215: 'auth',
  326: 'locked',
  64: 'locked',
  144: 'not_found',
};

const HINT: Partial<Record<RemoteErrorKind, string>> = {
  duplicate: 'X already has a post with this exact text.',
  automation: 'X thinks this looks automated; stop all writes and post by hand for a while.',
  rejected: 'X refused the content (for example too long); change it before retrying.',
  rate_limited: 'Wait until the limit resets before trying again.',
  auth: 'Sign in to X again.',
  locked: 'Unlock the account on x.com (it may ask for a challenge), then sign in again.',
  not_found: 'The post or account no longer exists.',
  api_changed: 'X may have changed its web API.',
};

export interface XGraphqlError {
  code?: number;
  message: string;
  /** GraphQL path of the field that failed, e.g. ["threaded_conversation_with_injections_v2", ..., "card"]. */
  path: (string | number)[];
  kind: RemoteErrorKind;
}

function readError(e: unknown): XGraphqlError {
  const o: Obj = obj(e) ?? {};
  const code = num(o.code) ?? num(obj(o.extensions)?.code);
  const message = nstr(o.message) ?? nstr(o.name) ?? 'no message';
  const path = arr(o.path).filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
  const kind = (code !== undefined ? KIND_BY_CODE[code] : undefined) ?? 'api_changed';
  return { code, message, path, kind };
}

/** Every entry of `errors[]`, classified. Empty when there is none. */
export function graphqlErrors(json: unknown): XGraphqlError[] {
  return arr(obj(json)?.errors).map(readError);
}

export function toRemoteError(op: string, e: XGraphqlError): RemoteError {
  const code = e.code !== undefined ? `error ${e.code}` : 'an error without a code';
  const hint = HINT[e.kind] ?? '';
  return new RemoteError(e.kind, 'x', `X ${op} failed with ${code}: ${e.message}. ${hint}`.trim(), {
    status: 200,
    remoteCode: e.code,
  });
}

function hasSomeData(data: unknown): boolean {
  return isObj(data) && Object.values(data).some((v) => v !== null && v !== undefined && !(isObj(v) && Object.keys(v).length === 0));
}

/**
 * Throws a RemoteError when the response reports an error, or is not a GraphQL answer at all.
 *
 * Partial data: X sometimes answers a timeline with full `data` plus an error about one sub-object
 * (a card, a poll, one unavailable quoted post). Throwing would lose a whole page for a cosmetic
 * field, so such errors are tolerated and returned for logging — but only when (a) `data` holds
 * something, (b) every error has a GraphQL `path` deeper than the root field (it names a sub-object)
 * and (c) none of them is an account-level kind (duplicate, automation, rate limit, auth, locked,
 * rejected), which always stop the call whatever `data` says.
 */
export function assertNoGraphqlErrors(json: unknown, op: string): XGraphqlError[] {
  if (!isObj(json)) {
    throw new RemoteError('api_changed', 'x', `X ${op}: the response is not a JSON object (got ${describe(json)}). X may have changed its web API.`, { status: 200 });
  }
  const errors = graphqlErrors(json);
  if (errors.length === 0) {
    if (!('data' in json)) {
      throw new RemoteError('api_changed', 'x', `X ${op}: the response has neither \`data\` nor \`errors\`. X may have changed its web API.`, { status: 200 });
    }
    return [];
  }
  const hard = errors.find((e) => e.kind !== 'api_changed' && e.kind !== 'not_found');
  if (hard) throw toRemoteError(op, hard);
  const partial = hasSomeData(json.data) && errors.every((e) => e.path.length > 1);
  if (partial) return errors;
  throw toRemoteError(op, errors[0] as XGraphqlError);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? `a string "${str(v)?.slice(0, 40)}"` : typeof v;
}
