/**
 * The X session's cookies (auth_token, ct0, twid, …). A secret: it is serialised only for the vault.
 * Accepts what people paste — `auth_token=…; ct0=…` or a browser/extension JSON export
 * (`[{name|key, value, domain}]`) — and keeps itself current from `Set-Cookie` (X rotates ct0).
 */
import { AppError, ErrorCode } from '../../../src-shared/errors';

export interface StoredCookie {
  name: string;
  value: string;
  domain: string;
}

const NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function fromJson(text: string): StoredCookie[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError(ErrorCode.InvalidInput, 'The X cookies look like JSON but do not parse. Paste them again as exported, or as "auth_token=…; ct0=…".', { field: 'cookies' });
  }
  if (!Array.isArray(parsed)) throw new AppError(ErrorCode.InvalidInput, 'X cookies in JSON must be an array of {name, value} objects.', { field: 'cookies' });
  return parsed.map((c, i) => {
    const o = (c ?? {}) as Record<string, unknown>;
    const name = typeof o.name === 'string' ? o.name : o.key;
    if (typeof name !== 'string' || typeof o.value !== 'string') throw new AppError(ErrorCode.InvalidInput, `X cookie #${i + 1} has no string name/key and value.`, { field: 'cookies' });
    return { name, value: o.value, domain: typeof o.domain === 'string' ? o.domain.replace(/^\./, '') : 'x.com' };
  });
}

function fromHeader(text: string): StoredCookie[] {
  return text
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const eq = p.indexOf('=');
      if (eq <= 0) throw new AppError(ErrorCode.InvalidInput, `"${p.slice(0, 20)}" is not a name=value cookie. Paste "auth_token=…; ct0=…".`, { field: 'cookies' });
      return { name: p.slice(0, eq).trim(), value: p.slice(eq + 1).trim(), domain: 'x.com' };
    });
}

export class XCookieJar {
  readonly #cookies = new Map<string, StoredCookie>();

  /** Parses pasted or stored cookies; both auth_token and ct0 must be there. */
  static parse(text: string): XCookieJar {
    const trimmed = text.trim();
    if (!trimmed) throw new AppError(ErrorCode.InvalidInput, 'The X cookies are empty. Paste auth_token and ct0 from a signed-in x.com browser session.', { field: 'cookies' });
    const jar = new XCookieJar();
    for (const c of trimmed.startsWith('[') ? fromJson(trimmed) : fromHeader(trimmed)) {
      if (!NAME.test(c.name) || /[;\r\n]/.test(c.value)) throw new AppError(ErrorCode.InvalidInput, `X cookie "${c.name.slice(0, 20)}" has characters a cookie cannot contain.`, { field: 'cookies' });
      jar.#cookies.set(c.name, c);
    }
    jar.assertSession();
    return jar;
  }

  static fromCookies(cookies: StoredCookie[]): XCookieJar {
    const jar = new XCookieJar();
    for (const c of cookies) jar.#cookies.set(c.name, c);
    return jar;
  }

  assertSession(): void {
    const missing = ['auth_token', 'ct0'].filter((n) => !this.#cookies.get(n)?.value);
    if (missing.length) throw new AppError(ErrorCode.InvalidInput, `The X cookies lack ${missing.join(' and ')}. Copy both from a signed-in x.com session.`, { field: 'cookies', missing });
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name)?.value;
  }

  header(): string {
    return [...this.#cookies.values()].map((c) => `${c.name}=${c.value}`).join('; ');
  }

  /** Applies `Set-Cookie` answers: new values replace old ones, expired ones are removed. */
  absorb(headers: Headers): void {
    const lines = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [];
    for (const line of lines) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const attr = (k: string) => attrs.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith(`${k}=`))?.slice(k.length + 1);
      const expired = attr('max-age') === '0' || (attr('expires') !== undefined && Date.parse(attr('expires') as string) < Date.now()) || value === '';
      if (expired) this.#cookies.delete(name);
      else this.#cookies.set(name, { name, value, domain: (attr('domain') ?? 'x.com').replace(/^\./, '') });
    }
  }

  serialize(): string {
    return JSON.stringify([...this.#cookies.values()]);
  }

  /** The account id X puts in `twid` ("u=123" URL-encoded), when present. */
  twidUserId(): string | undefined {
    const raw = this.get('twid');
    const m = raw ? /u=(\d+)/.exec(decodeURIComponent(raw.replace(/^"|"$/g, ''))) : null;
    return m?.[1];
  }
}
