/**
 * The X connector: sign-in (pasted/captured cookies, or username/password(/email/2FA) through
 * agent-twitter-client's login flow), "Test connection", reading the account's own posts, and
 * creating/deleting posts. Every remote call goes through the injected RemoteCaller; every failure
 * is a RemoteError (SPEC §2.1, §2.3). The session cookies are secret: they leave this object only
 * through exportSession(), for the vault.
 */
import { z } from 'zod';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Post } from '../../../src-shared/domain/post';
import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import { RemoteError, type RemoteCaller } from '../limits/types';
import { XCookieJar } from './XCookieJar';
import { XLibraryClient } from './XLibraryClient';
import { DEFAULT_QUERY_IDS, X_API_BASE, type XOperation } from './xEndpoints';
import { xCall, type XHttpDeps } from './xHttp';
import { createPost, deletePost, type XDraft } from './xPublish';
import { getPost, listOwnPosts, type ListOwnPostsOptions, type ListOwnPostsResult } from './xTimeline';

export interface XCredentials {
  username?: string;
  password?: string;
  email?: string;
  twoFactorSecret?: string;
  /** "auth_token=...; ct0=..." or a JSON array of {name|key, value, domain}. */
  cookies?: string;
}

export interface XSessionState {
  /** Serialised cookie jar. Secret: it goes to the vault. */
  cookies: string;
  userId?: string;
  screenName?: string;
}

export interface XConnectorDeps {
  caller: RemoteCaller;
  logger: Logger;
  clock: Clock;
  fetch?: typeof fetch;
  queryIds?: Partial<Record<string, string>>;
}

const CredentialsSchema = z.object({
  username: z.string().trim().min(1).max(320).optional(),
  password: z.string().min(1).max(1024).optional(),
  email: z.string().trim().email().optional(),
  twoFactorSecret: z.string().trim().regex(/^[A-Za-z2-7=\s]{8,}$/, 'the 2FA secret must be the base32 key X showed when 2FA was set up').optional(),
  cookies: z.string().min(1).optional(),
});

const SessionSchema = z.object({ cookies: z.string().min(1), userId: z.string().regex(/^\d{1,20}$/).optional(), screenName: z.string().regex(/^[A-Za-z0-9_]{1,15}$/).optional() });

const VerifyAnswer = z.object({ id_str: z.string().regex(/^\d+$/), screen_name: z.string().min(1), name: z.string() });

function invalid(what: string, e: z.ZodError): AppError {
  const i = e.issues[0];
  return new AppError(ErrorCode.InvalidInput, `${what}: ${i?.path.join('.') || 'value'} — ${i?.message ?? 'invalid'}.`, { field: i?.path.join('.') });
}

export class XConnector {
  readonly #caller: RemoteCaller;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #fetch: typeof fetch;
  readonly #queryIds: Record<XOperation, string>;
  #jar: XCookieJar | undefined;
  #userId: string | undefined;
  #screenName: string | undefined;

  constructor(deps: XConnectorDeps) {
    this.#caller = deps.caller;
    this.#logger = deps.logger.child({ connector: 'x' });
    this.#clock = deps.clock;
    // Late-bound so whatever fetch the process has at call time is used (tests route it to the sandbox).
    this.#fetch = deps.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const ids = { ...DEFAULT_QUERY_IDS };
    for (const [op, id] of Object.entries(deps.queryIds ?? {})) {
      if (!(op in ids)) throw new AppError(ErrorCode.ConfigInvalid, `Unknown X operation "${op}" in queryIds; known: ${Object.keys(ids).join(', ')}.`, { field: 'queryIds' });
      if (!id || !/^[A-Za-z0-9_-]{10,40}$/.test(id)) throw new AppError(ErrorCode.ConfigInvalid, `X query id for ${op} must be 10-40 letters, digits, - or _.`, { field: `queryIds.${op}` });
      ids[op as XOperation] = id;
    }
    this.#queryIds = ids;
  }

  get #http(): XHttpDeps {
    return { caller: this.#caller, fetch: this.#fetch, jar: () => this.#jar };
  }

  #account(): string | undefined {
    return this.#screenName ?? this.#userId;
  }

  #requireSession(): void {
    if (!this.#jar) throw new AppError(ErrorCode.SessionExpired, 'X is not signed in: sign in (or restore the saved session) first.');
  }

  /** Cookies → verify them; otherwise the username/password(/email/2FA) flow, then verify. */
  async login(creds: XCredentials): Promise<XSessionState> {
    const parsed = CredentialsSchema.safeParse(creds);
    if (!parsed.success) throw invalid('X sign-in details are invalid', parsed.error);
    const c = parsed.data;
    if (c.cookies) {
      this.#jar = XCookieJar.parse(c.cookies);
    } else {
      if (!c.username || !c.password) throw new AppError(ErrorCode.InvalidInput, 'Enter the X username (or email) and password, or paste the session cookies.', { field: c.username ? 'password' : 'username' });
      const lib = new XLibraryClient({ fetch: this.#fetch, caller: this.#caller });
      const spec = { service: 'x' as const, kind: 'login' as const, op: 'login', account: c.username.replace(/^@/, ''), idempotent: true };
      const cookies = await lib.login({ username: c.username.replace(/^@/, ''), password: c.password, email: c.email, twoFactorSecret: c.twoFactorSecret?.replace(/\s+/g, '') }, spec);
      const jar = XCookieJar.fromCookies(cookies);
      try {
        jar.assertSession();
      } catch {
        throw new RemoteError('api_changed', 'x', 'X finished the login flow without setting auth_token and ct0; its login may have changed.');
      }
      this.#jar = jar;
    }
    this.#userId = this.#jar.twidUserId();
    const me = await this.verify();
    this.#logger.info('x signed in', { userId: me.userId, screenName: me.screenName, via: c.cookies ? 'cookies' : 'password' });
    return this.exportSession();
  }

  /** Restores a saved session without signing in again (login is rate limited). */
  async resume(state: XSessionState): Promise<void> {
    const parsed = SessionSchema.safeParse(state);
    if (!parsed.success) throw invalid('The saved X session is invalid', parsed.error);
    this.#jar = XCookieJar.parse(parsed.data.cookies);
    this.#userId = parsed.data.userId ?? this.#jar.twidUserId();
    this.#screenName = parsed.data.screenName;
  }

  async exportSession(): Promise<XSessionState> {
    this.#requireSession();
    const jar = this.#jar as XCookieJar;
    return { cookies: jar.serialize(), ...(this.#userId ? { userId: this.#userId } : {}), ...(this.#screenName ? { screenName: this.#screenName } : {}) };
  }

  /** "Test connection": who X says the session belongs to. */
  async verify(): Promise<{ userId: string; screenName: string; name: string }> {
    this.#requireSession();
    const url = `${X_API_BASE}/account/verify_credentials.json?include_entities=false&skip_status=true&include_email=false`;
    const res = await xCall(this.#http, { service: 'x', kind: 'read', op: 'verify_credentials', account: this.#account(), idempotent: true }, { method: 'GET', url });
    const r = VerifyAnswer.safeParse(res.body);
    if (!r.success) throw new RemoteError('api_changed', 'x', 'X answered verify_credentials without id_str/screen_name; X may have changed its API.', { status: res.status });
    this.#userId = r.data.id_str;
    this.#screenName = r.data.screen_name;
    return { userId: r.data.id_str, screenName: r.data.screen_name, name: r.data.name };
  }

  async listOwnPosts(opts: ListOwnPostsOptions): Promise<ListOwnPostsResult> {
    this.#requireSession();
    return listOwnPosts({ http: this.#http, queryIds: this.#queryIds, account: this.#account() }, opts);
  }

  async getPost(id: string): Promise<Post | null> {
    this.#requireSession();
    return getPost({ http: this.#http, queryIds: this.#queryIds, account: this.#account() }, id);
  }

  async createPost(draft: XDraft): Promise<Post> {
    this.#requireSession();
    const post = await createPost({ http: this.#http, clock: this.#clock, queryIds: this.#queryIds, account: this.#account() }, draft);
    this.#logger.info('x post created', { id: post.id, media: draft.media?.length ?? 0, reply: !!draft.replyToId, quote: !!draft.quoteUrl });
    return post;
  }

  async deletePost(id: string): Promise<'deleted' | 'already_gone'> {
    this.#requireSession();
    const outcome = await deletePost({ http: this.#http, clock: this.#clock, queryIds: this.#queryIds, account: this.#account() }, id);
    this.#logger.info('x post deleted', { id, outcome });
    return outcome;
  }
}
