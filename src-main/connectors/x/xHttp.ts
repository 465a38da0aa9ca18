/**
 * One X HTTP request inside `caller.call`, with X's headers (bearer, cookies, x-csrf-token = ct0),
 * every response's headers reported to `caller.observe`, and every failure turned into a
 * RemoteError. The connector never sleeps or retries: that is the caller's job (SPEC §2.3).
 *
 * A write that may have reached X (timeout, dropped connection, 5xx) is `unknown_outcome` here, not
 * `transient`, so nobody retries it blindly (the sync looks the post up first).
 */
import { RemoteError, type CallSpec, type RemoteCaller, type RemoteErrorKind } from '../limits/types';
import type { XCookieJar } from './XCookieJar';
import { WEB_BEARER } from './xEndpoints';

export interface XHttpDeps {
  caller: RemoteCaller;
  fetch: typeof fetch;
  jar: () => XCookieJar | undefined;
}

export interface XRequest {
  method: 'GET' | 'POST';
  url: string;
  json?: unknown;
  form?: FormData | URLSearchParams;
  signal?: AbortSignal;
}

export interface XResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON body; null for an empty body. */
  body: unknown;
}

const NOT_REACHED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCode(e: unknown): string | undefined {
  for (let c: unknown = e, i = 0; c && i < 5; c = (c as { cause?: unknown }).cause, i++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** The request failed without an HTTP answer. */
export function transportError(spec: CallSpec, e: unknown, aborted: boolean): RemoteError {
  const code = causeCode(e);
  if (code && NOT_REACHED.has(code)) return new RemoteError('network', 'x', `X could not be reached for ${spec.op} (${code}). Check the internet connection.`, { cause: e });
  const what = aborted ? 'did not answer in time' : `dropped the connection (${code ?? (e as Error)?.message ?? 'no answer'})`;
  if (!spec.idempotent) return new RemoteError('unknown_outcome', 'x', `X ${what} during ${spec.op}; it may or may not have happened. Look for it before trying again.`, { cause: e });
  return new RemoteError(aborted ? 'timeout' : 'transient', 'x', `X ${what} during ${spec.op}.`, { cause: e });
}

function xErrorOf(body: string): { code?: number; message?: string } {
  try {
    const e = (JSON.parse(body) as { errors?: { code?: unknown; message?: unknown }[] }).errors?.[0];
    return { code: typeof e?.code === 'number' ? e.code : undefined, message: typeof e?.message === 'string' ? e.message : undefined };
  } catch {
    return {};
  }
}

/** An HTTP answer that is not 2xx. */
export function httpError(spec: CallSpec, status: number, headers: Headers, body: string, isGraphql: boolean): RemoteError {
  const { code, message } = xErrorOf(body);
  const said = message ? `: ${message}` : '';
  const extra = { status, remoteCode: code };
  const kind = (k: RemoteErrorKind, text: string, more: { resetAt?: number } = {}) => new RemoteError(k, 'x', text, { ...extra, ...more });
  if (status === 429) {
    const reset = Number(headers.get('x-rate-limit-reset'));
    const resetAt = Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined;
    return kind('rate_limited', `X rate-limited ${spec.op}${resetAt ? ` until ${new Date(resetAt).toISOString()}` : ''}.`, { resetAt });
  }
  if (status === 401) return kind('auth', `X refused the session for ${spec.op}${said}. Sign in to X again.`);
  if (status === 403) {
    if (code === 326 || code === 64) return kind('locked', `X says the account is locked or suspended${said}. Unlock it on x.com, then sign in again.`);
    if (code === 353 || code === 32 || code === 89) return kind('auth', `X refused the session for ${spec.op}${said}. Sign in to X again.`);
    return kind('rejected', `X refused ${spec.op}${said}.`);
  }
  if (status === 404) {
    if (isGraphql) return kind('stale_endpoint', `X answered 404 to ${spec.op}: its query id changed. Update the X query id table (xEndpoints.ts) or the app.`);
    return kind('not_found', `X answered 404 to ${spec.op}${said}.`);
  }
  if (status === 408 || status >= 500) {
    if (!spec.idempotent) return kind('unknown_outcome', `X answered ${status} to ${spec.op}; it may or may not have happened. Look for it before trying again.`);
    return kind('transient', `X answered ${status} to ${spec.op}${said}. Try again later.`);
  }
  if (status === 400) return kind('rejected', `X refused ${spec.op} (400)${said}.`);
  return kind('api_changed', `X answered ${status} to ${spec.op}${said}; this is not an answer the app knows.`);
}

function headersFor(jar: XCookieJar | undefined, req: XRequest): Headers {
  const h = new Headers({
    authorization: `Bearer ${WEB_BEARER}`,
    'x-twitter-active-user': 'yes',
    'x-twitter-client-language': 'en',
  });
  if (jar) {
    h.set('cookie', jar.header());
    h.set('x-twitter-auth-type', 'OAuth2Session');
    const ct0 = jar.get('ct0');
    if (ct0) h.set('x-csrf-token', ct0);
  }
  if (req.json !== undefined) h.set('content-type', 'application/json');
  return h;
}

export async function xCall(deps: XHttpDeps, spec: CallSpec, req: XRequest): Promise<XResponse> {
  return deps.caller.call(
    spec,
    async (signal) => {
      const jar = deps.jar();
      const all = req.signal ? AbortSignal.any([signal, req.signal]) : signal;
      const body = req.json !== undefined ? JSON.stringify(req.json) : req.form;
      let res: Response;
      let text: string;
      try {
        res = await deps.fetch(req.url, { method: req.method, headers: headersFor(jar, req), body, signal: all });
        deps.caller.observe(spec, res.headers);
        jar?.absorb(res.headers);
        text = await res.text();
      } catch (e) {
        throw transportError(spec, e, all.aborted);
      }
      if (res.status < 200 || res.status > 299) throw httpError(spec, res.status, res.headers, text, req.url.includes('/graphql/'));
      return { status: res.status, headers: res.headers, body: parseBody(spec, text) };
    },
    { signal: req.signal },
  );
}

function parseBody(spec: CallSpec, text: string): unknown {
  if (!text.trim()) return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new RemoteError('api_changed', 'x', `X answered ${spec.op} with something that is not JSON ("${text.slice(0, 60)}"). X may have changed its web API.`, { status: 200 });
  }
}
