/**
 * The fetch handed to @atproto/api. It sees every response — including the session refreshes the
 * library does on its own — so the central limiter learns from every `ratelimit-*` header.
 */
import type { CallKind, CallSpec, RemoteCaller } from '../limits/types';

const KIND_BY_NSID: Record<string, CallKind> = {
  'com.atproto.server.createSession': 'login',
  'com.atproto.server.refreshSession': 'login',
  'com.atproto.repo.uploadBlob': 'upload',
  'com.atproto.repo.createRecord': 'write',
  'com.atproto.repo.putRecord': 'write',
  'com.atproto.repo.applyWrites': 'write',
  'com.atproto.repo.deleteRecord': 'delete',
};

/** CallSpec of a request by its XRPC method, for `observe` (the spec of the call in flight is not known here). */
export function specForUrl(url: string, account?: string): CallSpec {
  const path = new URL(url, 'http://x').pathname;
  const nsid = path.startsWith('/xrpc/') ? path.slice('/xrpc/'.length) : path;
  const kind = KIND_BY_NSID[nsid] ?? 'read';
  return { service: 'bsky', kind, op: nsid, account, idempotent: kind === 'read' };
}

function urlOf(input: Parameters<typeof fetch>[0]): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

export function observingFetch(base: typeof fetch, caller: RemoteCaller, account: () => string | undefined): typeof fetch {
  return async (input, init) => {
    const res = await base(input, init);
    caller.observe(specForUrl(urlOf(input), account()), res.headers);
    return res;
  };
}
