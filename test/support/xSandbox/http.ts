/**
 * HTTP plumbing of the sandbox: request context, X's error bodies, cookies and per-route
 * rate-limit windows (x-rate-limit-limit / -remaining / -reset on every answer).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { SandboxAccount } from './state';

export interface Session {
  token: string;
  account: SandboxAccount;
  ct0: string;
}

export interface Ctx {
  method: string;
  url: URL;
  /** The X host the client meant (from x-chirp-original-host, else Host). */
  host: string;
  op: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  cookies: Map<string, string>;
  session?: Session;
  now(): number;
}

export interface Reply {
  status: number;
  /** Objects are sent as JSON, strings as text, undefined as an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
  cookies?: string[];
}

export const json = (status: number, body: unknown): Reply => ({ status, body });

/** v1.1-style error body: `{"errors":[{"code":32,"message":"…"}]}`. */
export const v1Error = (status: number, code: number, message: string): Reply => json(status, { errors: [{ code, message }] });

/**
 * GraphQL error entry as X sends it inside HTTP 200 (no error is captured in the corpus; this is the
 * shape documented by clients that meet them: code/kind/name both at top level and in extensions).
 */
export function gqlError(code: number, message: string, path: string[], kind = 'Permissions', name = 'AuthorizationError'): object {
  const tracing = { trace_id: randomBytes(8).toString('hex') };
  return { message, locations: [{ line: 3, column: 3 }], path, extensions: { name, source: 'Client', code, kind, tracing }, code, kind, name, source: 'Client', tracing };
}

export const gqlErrorReply = (code: number, message: string, path: string[], kind?: string, name?: string): Reply => json(200, { errors: [gqlError(code, message, path, kind, name)], data: {} });

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

/** Cookies must carry the X domain, or agent-twitter-client's jar files them under "null" (ENVIRONMENT.md). */
export function setCookie(name: string, value: string, domain: string, nowMs: number, httpOnly: boolean): string {
  const expires = new Date(nowMs + 5 * 365 * 86_400_000).toUTCString();
  return `${name}=${value}; Max-Age=157680000; Expires=${expires}; Path=/; Domain=.${domain}; Secure${httpOnly ? '; HttpOnly' : ''}; SameSite=None`;
}

export interface Budget {
  limit: number;
  windowSec: number;
}

/** X's published / observed windows where known; generous enough for integration tests. */
export const DEFAULT_BUDGETS: Record<string, Budget> = {
  UserTweets: { limit: 50, windowSec: 900 },
  UserTweetsAndReplies: { limit: 50, windowSec: 900 },
  TweetDetail: { limit: 150, windowSec: 900 },
  UserByScreenName: { limit: 95, windowSec: 900 },
  UserByRestId: { limit: 500, windowSec: 900 },
  CreateTweet: { limit: 300, windowSec: 10_800 },
  CreateNoteTweet: { limit: 300, windowSec: 10_800 },
  DeleteTweet: { limit: 100, windowSec: 900 },
  verify_credentials: { limit: 75, windowSec: 900 },
  'guest/activate': { limit: 100, windowSec: 900 },
  'onboarding/task': { limit: 200, windowSec: 900 },
  'media/upload': { limit: 615, windowSec: 900 },
  'media/metadata/create': { limit: 615, windowSec: 900 },
};

export class RateWindows {
  readonly #windows = new Map<string, { start: number; used: number }>();
  readonly #budgets: Record<string, Budget>;

  constructor(overrides: Partial<Record<string, Budget>> = {}) {
    this.#budgets = { ...DEFAULT_BUDGETS, ...(overrides as Record<string, Budget>) };
  }

  budget(op: string): Budget {
    return this.#budgets[op] ?? { limit: 500, windowSec: 900 };
  }

  /** Counts one request; `ok` is false when the window is used up. */
  take(op: string, who: string, nowMs: number): { ok: boolean; headers: Record<string, string> } {
    const b = this.budget(op);
    const key = `${op}\u0000${who}`;
    let w = this.#windows.get(key);
    if (!w || nowMs >= w.start + b.windowSec * 1000) {
      w = { start: nowMs, used: 0 };
      this.#windows.set(key, w);
    }
    const ok = w.used < b.limit;
    if (ok) w.used++;
    return { ok, headers: rateHeaders(b.limit, b.limit - w.used, Math.ceil((w.start + b.windowSec * 1000) / 1000)) };
  }
}

export function rateHeaders(limit: number, remaining: number, resetEpochSec: number): Record<string, string> {
  return { 'x-rate-limit-limit': String(limit), 'x-rate-limit-remaining': String(Math.max(0, remaining)), 'x-rate-limit-reset': String(resetEpochSec) };
}

export function jsonBody(ctx: Ctx): Record<string, unknown> | undefined {
  if (!ctx.body.length) return undefined;
  try {
    const v = JSON.parse(ctx.body.toString('utf8'));
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
