/**
 * Owns the AtpAgent and the session: login, resume without a new login, refresh, and persisting
 * every change through the injected session store (SPEC §2.1: createSession is limited to ~30 per
 * 5 min and ~300 a day, so a stored session is reused and refreshed, never replaced per job).
 */
import { AtpAgent, type AtpSessionData, type AtpSessionEvent } from '@atproto/api';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Logger } from '../../util/logger';
import { RemoteError, type CallSpec, type RemoteCaller } from '../limits/types';
import { toRemoteError } from './mapBskyError';
import { observingFetch } from './observingFetch';
import { jwtExpired } from './sessionJwt';
import type { BskySessionState, BskySessionStore } from './types';

const storedSession = z.object({
  did: z.string().startsWith('did:'),
  handle: z.string().min(1),
  accessJwt: z.string().min(1),
  refreshJwt: z.string().min(1),
  service: z.url(),
});

export interface BskySessionDeps {
  caller: RemoteCaller;
  logger: Logger;
  now: () => number;
  fetch: typeof globalThis.fetch;
  store: BskySessionStore;
}

export class BskySession {
  #deps: BskySessionDeps;
  #agent: AtpAgent | null = null;
  #state: BskySessionState | null = null;
  #service = '';
  #saving: Promise<void> = Promise.resolve();
  #saveError: unknown = undefined;

  constructor(deps: BskySessionDeps) {
    this.#deps = deps;
  }

  /** The agent of the current session; throws a plain-words error when there is none. */
  get agent(): AtpAgent {
    if (!this.#agent || !this.#state) {
      throw new AppError(ErrorCode.SessionExpired, 'Not connected to Bluesky: log in with your handle and an app password first.');
    }
    return this.#agent;
  }

  get state(): BskySessionState | null {
    return this.#state;
  }

  /** A fresh agent for `service` whose session changes are persisted. */
  newAgent(service: string): AtpAgent {
    // A new agent has no session yet: until login/resume succeeds the connector is logged out
    // (the stored session is left alone, so a failed re-login does not destroy a working one).
    this.#state = null;
    this.#service = service;
    const fetch = observingFetch(this.#deps.fetch, this.#deps.caller, () => this.#state?.handle);
    this.#agent = new AtpAgent({ service, fetch, persistSession: (evt, s) => this.#onPersist(evt, s) });
    return this.#agent;
  }

  #onPersist(evt: AtpSessionEvent, s: AtpSessionData | undefined): void {
    if ((evt === 'create' || evt === 'update') && s) {
      this.#state = { did: s.did, handle: s.handle, accessJwt: s.accessJwt, refreshJwt: s.refreshJwt, service: this.#service };
      this.#queueSave(this.#state);
    } else if (evt === 'expired') {
      // The refresh token was rejected: the stored session is dead, so clear it and ask for a login.
      this.#deps.logger.warn('bluesky session expired', { did: this.#state?.did });
      this.#state = null;
      this.#queueSave(null);
    }
  }

  #queueSave(s: BskySessionState | null): void {
    this.#saving = this.#saving
      .then(() => this.#deps.store.save(s))
      .catch((e: unknown) => {
        this.#saveError = e;
        this.#deps.logger.error('saving the bluesky session failed', { error: e });
      });
  }

  /** Waits for pending session saves; a failed save is reported here, not lost. */
  async flush(): Promise<void> {
    await this.#saving;
    if (this.#saveError !== undefined) {
      const e = this.#saveError;
      this.#saveError = undefined;
      throw new AppError(ErrorCode.Internal, `The Bluesky session could not be saved (${(e as Error)?.message ?? String(e)}); the next start will need a new login.`, undefined, { cause: e });
    }
  }

  /** Loads the stored session; refreshes it only when the access token has expired. No login. */
  async resume(): Promise<BskySessionState> {
    const raw = await this.#deps.store.load();
    if (!raw) throw new AppError(ErrorCode.SessionExpired, 'No Bluesky session is saved: log in with your handle and an app password.');
    const parsed = storedSession.safeParse(raw);
    if (!parsed.success) throw new AppError(ErrorCode.SessionExpired, 'The saved Bluesky session is unreadable: log in again with your handle and an app password.');
    const s = parsed.data;
    const now = this.#deps.now();
    if (jwtExpired(s.refreshJwt, now, 0)) {
      await this.#deps.store.save(null);
      throw new AppError(ErrorCode.SessionExpired, `The saved Bluesky session of ${s.handle} has expired: log in again with an app password.`);
    }
    const agent = this.newAgent(s.service);
    this.#state = { ...s };
    agent.sessionManager.session = { did: s.did, handle: s.handle, accessJwt: s.accessJwt, refreshJwt: s.refreshJwt, active: true };
    if (jwtExpired(s.accessJwt, now)) await this.refresh();
    return { ...(this.#state as BskySessionState) };
  }

  /** Exchanges the refresh token for new tokens (com.atproto.server.refreshSession). */
  async refresh(): Promise<void> {
    const agent = this.agent;
    const handle = this.#state?.handle;
    const spec: CallSpec = { service: 'bsky', kind: 'login', op: 'com.atproto.server.refreshSession', account: handle, idempotent: false };
    try {
      await this.#deps.caller.call(spec, async () => {
        try {
          await agent.sessionManager.refreshSession();
        } catch (e) {
          throw toRemoteError(e, spec.op, this.#service, this.#deps.now());
        }
      });
    } catch (e) {
      if (e instanceof RemoteError && e.kind === 'auth') {
        throw new AppError(ErrorCode.SessionExpired, `Bluesky no longer accepts the saved session of ${handle}: log in again with an app password.`, undefined, { cause: e });
      }
      throw e;
    } finally {
      await this.flush();
    }
  }
}
