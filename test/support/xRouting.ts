/**
 * Redirects X traffic to the X sandbox in tests. agent-twitter-client uses the fetch passed to its
 * Scraper for login and reads, but the process-wide fetch for posting and media (ENVIRONMENT.md),
 * so the harness installs the same wrapper as `globalThis.fetch` and hands it to the connector.
 *
 * Requests to X hosts are rewritten onto the sandbox (path, query, method, headers and body kept;
 * the host the client meant travels in `x-chirp-original-host`). Loopback requests pass through.
 * Anything else is a test that would leave the machine: it throws and is recorded in `violations`.
 */
import { ORIGINAL_HOST_HEADER, X_HOSTS } from './xSandbox/XSandbox';

export interface XRouting {
  fetch: typeof fetch;
  /** Off-machine requests that were refused; assert it is empty in afterEach/afterAll. */
  violations: string[];
  restore(): void;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function routeXTo(sandboxUrl: string, opts: { installGlobal?: boolean } = {}): XRouting {
  const target = new URL(sandboxUrl);
  if (!LOOPBACK.has(target.hostname)) throw new Error(`routeXTo: the sandbox must be on loopback, got ${sandboxUrl}.`);
  const realFetch = globalThis.fetch;
  const violations: string[] = [];

  const routed = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    if (LOOPBACK.has(url.hostname)) return realFetch(req);
    const host = url.hostname.toLowerCase();
    if (!X_HOSTS.includes(host)) {
      const msg = `routeXTo: a test tried to reach ${url.origin} (not X, not loopback); nothing may leave the machine.`;
      violations.push(url.href);
      console.error(msg);
      throw new Error(msg);
    }
    const headers = new Headers(req.headers);
    headers.set(ORIGINAL_HOST_HEADER, host);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const body = hasBody ? new Uint8Array(await req.arrayBuffer()) : undefined;
    const dest = new URL(url.pathname + url.search, target);
    return realFetch(dest, { method: req.method, headers, body, signal: req.signal, redirect: 'manual' });
  };
  const wrapper = routed as typeof fetch;

  const install = opts.installGlobal ?? true;
  if (install) globalThis.fetch = wrapper;
  return {
    fetch: wrapper,
    violations,
    restore() {
      if (install && globalThis.fetch === wrapper) globalThis.fetch = realFetch;
    },
  };
}
