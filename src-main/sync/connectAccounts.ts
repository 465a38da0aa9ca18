import { AppError, ErrorCode } from '../../src-shared/errors';
import { BlueskyConnector } from '../connectors/bluesky/BlueskyConnector';
import type { BskySessionState, BskySessionStore } from '../connectors/bluesky/types';
import type { RemoteCaller } from '../connectors/limits/types';
import { RemoteError } from '../connectors/limits/types';
import { XCookieJar } from '../connectors/x/XCookieJar';
import { XConnector } from '../connectors/x/XConnector';
import type { EnvConfig } from '../config/env';
import type { Store } from '../store/createStore';
import type { Account } from '../store/types';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import type { AccountCredentials } from '../vault/AccountCredentials';
import type { AuditActor } from '../vault/AuditLog';

export interface ConnectDeps {
  store: Store;
  caller: RemoteCaller;
  clock: Clock;
  logger: Logger;
  fetch: typeof fetch;
  config: EnvConfig;
  credentials: AccountCredentials | null;
  secrets: Set<string>;
  profileId: number;
}

const ACTOR: AuditActor = { userId: null, actor: 'sync' };

export interface ConnectedX {
  account: Account;
  connector: XConnector;
}

export interface ConnectedBsky {
  account: Account;
  connector: BlueskyConnector;
}

function findAccount(d: ConnectDeps, platform: 'x' | 'bsky', match: (a: Account) => boolean): Account | undefined {
  return d.store.accounts.listByProfile(d.profileId).find((a) => a.platform === platform && match(a));
}

function remember(d: ConnectDeps, ...values: (string | undefined)[]): void {
  for (const v of values) if (v && v.length >= 6) d.secrets.add(v);
}

/** Keeps the session in memory until the account row exists, then in the vault (never in plain text). */
class HandoverSessionStore implements BskySessionStore {
  #mem: BskySessionState | null = null;
  #target: BskySessionStore | null = null;
  constructor(initial: BskySessionStore | null) {
    this.#target = initial;
  }
  attach(target: BskySessionStore | null): Promise<void> {
    this.#target = target;
    return this.#mem && target ? target.save(this.#mem) : Promise.resolve();
  }
  async load() {
    return this.#target ? this.#target.load() : this.#mem;
  }
  async save(s: BskySessionState | null) {
    this.#mem = s;
    if (this.#target) await this.#target.save(s);
  }
}

function vaultSessionStore(d: ConnectDeps, accountId: number): BskySessionStore | null {
  const creds = d.credentials;
  if (!creds) return null;
  return {
    load: async () => creds.get(accountId, 'bsky.session'),
    save: async (s) => {
      if (s) creds.add({ accountId, kind: 'bsky.session', secret: s }, ACTOR);
      else creds.removeKind(accountId, 'bsky.session', ACTOR);
    },
  };
}

/** Bluesky: resume the saved session (no createSession per job, SPEC §2.1), else log in with the app password. */
export async function connectBsky(d: ConnectDeps): Promise<ConnectedBsky> {
  const env = d.config.bsky;
  const ident = env?.identifier.replace(/^@/, '').toLowerCase();
  const known = findAccount(d, 'bsky', (a) => (ident ? a.handle === ident || a.remoteId === ident : true));
  const stored = known && d.credentials?.get(known.id, 'bsky.app-password');
  const login = env ? { identifier: env.identifier, password: env.password, service: env.service } : stored ? { identifier: stored.identifier, password: stored.appPassword, service: stored.service } : null;
  if (!login) throw new AppError(ErrorCode.ConfigInvalid, 'No Bluesky account is configured. Set BSKY_USERNAME and BSKY_PASSWORD, or add one with `chirpsyncer accounts add bsky`.', { variable: 'BSKY_USERNAME' });
  remember(d, login.password);
  const sessions = new HandoverSessionStore(known ? vaultSessionStore(d, known.id) : null);
  const connector = new BlueskyConnector({ service: known?.serviceUrl ?? login.service, caller: d.caller, logger: d.logger, clock: d.clock, fetch: d.fetch, sessionStore: sessions });
  let session: BskySessionState | null = null;
  if (known && (await sessions.load())) {
    try {
      session = await connector.resume();
    } catch (e) {
      if (!(e instanceof RemoteError && e.kind === 'auth') && !(e instanceof AppError && e.code === ErrorCode.SessionExpired)) throw e;
      d.logger.info('bluesky session could not be resumed; logging in again', { handle: known.handle });
    }
  }
  session ??= await connector.login(login.identifier, login.password);
  remember(d, session.accessJwt, session.refreshJwt);
  const account = d.store.accounts.upsert({ profileId: d.profileId, platform: 'bsky', handle: session.handle, remoteId: session.did, serviceUrl: login.service });
  await sessions.attach(vaultSessionStore(d, account.id));
  return { account, connector };
}

function cookiesOf(jarText: string): { authToken: string; ct0: string } {
  const jar = XCookieJar.parse(jarText);
  return { authToken: jar.get('auth_token') ?? '', ct0: jar.get('ct0') ?? '' };
}

/** X: resume saved cookies, else pasted cookies, else the password flow; the resulting cookies go to the vault. */
export async function connectX(d: ConnectDeps): Promise<ConnectedX> {
  const env = d.config.x;
  const user = env?.username?.toLowerCase();
  const known = findAccount(d, 'x', (a) => (user ? a.handle.toLowerCase() === user : true));
  const connector = new XConnector({ caller: d.caller, logger: d.logger, clock: d.clock, fetch: d.fetch });
  remember(d, env?.password, env?.cookies);
  const saved = known ? d.credentials?.get(known.id, 'x.cookies') : null;
  let me: { userId: string; screenName: string; name: string } | null = null;
  if (saved && !env?.cookies) {
    remember(d, saved.authToken, saved.ct0);
    await connector.resume({ cookies: `auth_token=${saved.authToken}; ct0=${saved.ct0}`, userId: known!.remoteId });
    try {
      me = await connector.verify();
    } catch (e) {
      if (!(e instanceof RemoteError && e.kind === 'auth')) throw e;
      d.logger.info('saved X cookies were rejected; signing in again', { handle: known!.handle });
    }
  }
  if (!me) {
    const stored = known ? d.credentials?.get(known.id, 'x.password') : null;
    const creds = env ?? (stored ? { ...stored } : null);
    if (!creds) throw new AppError(ErrorCode.ConfigInvalid, 'No X account is configured. Set TWITTER_COOKIES, or TWITTER_USERNAME and TWITTER_PASSWORD, or add one with `chirpsyncer accounts add x`.', { variable: 'TWITTER_USERNAME' });
    remember(d, creds.password);
    await connector.login(creds);
    me = await connector.verify();
  }
  const session = await connector.exportSession();
  const cookies = cookiesOf(session.cookies);
  remember(d, cookies.authToken, cookies.ct0);
  const account = d.store.accounts.upsert({ profileId: d.profileId, platform: 'x', handle: me.screenName, remoteId: me.userId, displayName: me.name });
  // Passwords from the environment stay there; only the resulting session is kept (encrypted).
  d.credentials?.add({ accountId: account.id, kind: 'x.cookies', secret: { ...cookies, username: me.screenName } }, ACTOR);
  return { account, connector };
}
