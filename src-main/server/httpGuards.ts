/**
 * The small pieces of HTTP hygiene the headless server needs (SPEC §7): loopback and Host checks,
 * same-origin checks, the session cookie, CSRF values, a bounded body reader and status codes.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { AppError, ErrorCode } from '../../src-shared/errors';

export const COOKIE_NAME = 'chirp_token';
export const CSRF_HEADER = 'x-chirp-csrf';

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/**
 * A loopback server must only answer requests addressed to a loopback name: otherwise a web page on
 * a domain that re-resolves to 127.0.0.1 (DNS rebinding) could talk to it as if same-origin.
 */
export function hostHeaderAllowed(req: IncomingMessage, allowRemote: boolean): boolean {
  if (allowRemote) return true;
  const host = req.headers.host;
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  return isLoopbackHost(name);
}

/**
 * Browsers send Sec-Fetch-Site on every request and Origin on every POST; a cross-site request
 * gives itself away through either. Clients that send neither (curl, scripts) are not browsers and
 * cannot ride the person's cookie, so they pass this check and still need the session + CSRF value.
 */
export function isCrossSite(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return true;
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') {
    try {
      return new URL(origin).host !== req.headers.host;
    } catch {
      return true;
    }
  }
  return origin === 'null';
}

export function readCookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      const v = part.slice(i + 1).trim();
      return v.length > 0 && v.length <= 512 ? v : null;
    }
  }
  return null;
}

export function sessionCookie(token: string, maxAgeSec: number): string {
  return `${COOKIE_NAME}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${Math.max(0, Math.floor(maxAgeSec))}`;
}

export const clearedSessionCookie = (): string => `${COOKIE_NAME}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;

/** CSRF value = HMAC(server secret, session token): nothing to store, and useless without the cookie. */
export class CsrfTokens {
  #secret: Buffer;
  constructor(secret: Buffer) {
    this.#secret = secret;
  }
  forSession(token: string): string {
    return createHmac('sha256', this.#secret).update(token).digest('base64url');
  }
  matches(token: string, presented: unknown): boolean {
    if (typeof presented !== 'string' || presented.length > 200) return false;
    const want = Buffer.from(this.forSession(token));
    const got = Buffer.from(presented);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}

/** Reads the body up to `limit` bytes; PayloadTooLarge (413) past that, without buffering the rest. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.off('data', onData);
        req.resume(); // drain what is left so the 413 can still be written
        reject(tooLarge(limit));
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

export class HttpRefusal extends AppError {
  readonly status: number;
  constructor(status: number, code: ErrorCode, message: string) {
    super(code, message);
    this.status = status;
  }
}

const tooLarge = (limit: number) => new HttpRefusal(413, ErrorCode.InvalidInput, `The request is larger than ${Math.round(limit / 1024)} KiB; send less at once.`);

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.InvalidInput]: 400,
  [ErrorCode.ConfigInvalid]: 400,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.SessionExpired]: 401,
  [ErrorCode.AuthFailed]: 401,
  [ErrorCode.StepUpRequired]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.Internal]: 500,
  [ErrorCode.VaultLocked]: 503,
};

/** HTTP status for an error envelope. Remote-side failures (network, API changed…) are 502: our server is fine. */
export function statusFor(code: ErrorCode): number {
  return STATUS[code] ?? 502;
}
