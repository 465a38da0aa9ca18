/**
 * An in-memory AppServices for the transport, renderer and browser tests. It keeps real state
 * (users, sessions, settings, a sync that runs until the test says otherwise) so the tests can
 * observe effects, and records every call so a test can prove a handler was NOT reached.
 * It is a test double: the real implementation is the lead's composition over the core.
 */
import { randomBytes } from 'node:crypto';
import { AppError, ErrorCode } from '../../src-shared/errors';
import type {
  AccountSummary,
  AccountTestResult,
  AppStatus,
  PostPage,
  PostSummary,
  PushEvent,
  SettingsView,
  SyncDirection,
  SyncRunSummary,
  SyncState,
} from '../../src-shared/ipc/contract';
import type { AppServices, SessionUser } from '../../src-main/ipc/services';

export interface FakeCall {
  method: keyof AppServices;
  input: unknown;
}

export interface FakeOptions {
  /** How many posts the local index pretends to hold (half X, half Bluesky). */
  posts?: number;
  now?: () => number;
}

export const FAKE_USER = { username: 'owner', password: 'Correct-Horse-9!' };

export class FakeServices implements AppServices {
  readonly calls: FakeCall[] = [];
  readonly settings: SettingsView = { syncXToBsky: true, syncBskyToX: true, pollIntervalMinutes: 15 };
  readonly runs: SyncRunSummary[] = [];
  readonly accounts: AccountSummary[] = [
    { id: 1, platform: 'x', handle: 'alice', displayName: 'Alice', serviceUrl: null, hasCredentials: true },
    { id: 2, platform: 'bsky', handle: 'alice.bsky.social', displayName: 'Alice', serviceUrl: 'https://bsky.social', hasCredentials: true },
  ];
  /** Set to make the next call of that method throw this error. */
  failNext: Partial<Record<keyof AppServices, unknown>> = {};
  syncState: SyncState = 'idle';
  syncEnabled = true;
  #posts: PostSummary[];
  #sessions = new Map<string, SessionUser>();
  #listeners = new Set<(e: PushEvent) => void>();
  #now: () => number;
  #runStartedAt = 0;

  constructor(opts: FakeOptions = {}) {
    this.#now = opts.now ?? (() => Date.now());
    this.#posts = makePosts(opts.posts ?? 50, this.#now());
  }

  #record(method: keyof AppServices, input: unknown): void {
    this.calls.push({ method, input });
    const err = this.failNext[method];
    if (err !== undefined) {
      delete this.failNext[method];
      throw err;
    }
  }

  called(method: keyof AppServices): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  async status(): Promise<AppStatus> {
    this.#record('status', undefined);
    const last = this.runs[0];
    return {
      syncState: this.syncState,
      syncEnabled: this.syncEnabled,
      lastSync: last && last.finishedAt ? { startedAt: last.startedAt, finishedAt: last.finishedAt, ok: last.status === 'ok', created: last.created, failed: last.failed } : null,
      nextSyncAt: this.syncEnabled ? this.#now() + 15 * 60_000 : null,
      counts: { posts: { x: this.#posts.filter((p) => p.platform === 'x').length, bsky: this.#posts.filter((p) => p.platform === 'bsky').length }, synced: 12, pending: 1, failed: 0 },
      recentErrors: this.runs.filter((r) => r.error).slice(0, 5).map((r) => ({ at: r.startedAt, message: r.error!, code: 'NETWORK_DOWN' })),
      version: '0.1.0-test',
    };
  }

  async runSync(input: { direction?: SyncDirection }): Promise<{ startedAt: number }> {
    this.#record('runSync', input);
    if (this.syncState !== 'idle') throw new AppError(ErrorCode.Conflict, 'A sync is already running; wait for it to finish or cancel it.');
    this.syncState = 'running';
    this.#runStartedAt = this.#now();
    this.emit({ name: 'app/status-changed', payload: { reason: 'sync started' } });
    return { startedAt: this.#runStartedAt };
  }

  /** Test control: report progress of the running sync. */
  progress(done: number, total: number, direction: SyncDirection = 'x-to-bsky'): void {
    this.emit({ name: 'sync/progress', payload: { direction, done, total } });
  }

  /** Test control: end the running sync with this many posts created. */
  finish(created: number, ok = true): void {
    const finishedAt = this.#now();
    const status = this.syncState === 'cancelling' ? 'cancelled' : ok ? 'ok' : 'failed';
    this.syncState = 'idle';
    const error = ok ? null : 'Bluesky could not be reached. Check the connection; the sync will retry.';
    this.runs.unshift({ id: this.runs.length + 1, direction: 'x-to-bsky', status, startedAt: this.#runStartedAt, finishedAt, fetched: created, created, skipped: 0, failed: ok ? 0 : 1, error, durationMs: finishedAt - this.#runStartedAt });
    this.emit({
      name: 'sync/finished',
      payload: { startedAt: this.#runStartedAt, finishedAt, ok: status === 'ok', directions: [{ direction: 'x-to-bsky', status, fetched: created, created, skipped: 0, failed: ok ? 0 : 1, error, errorCode: ok ? null : 'NETWORK_DOWN' }] },
    });
  }

  async cancelSync(): Promise<{ cancelled: boolean }> {
    this.#record('cancelSync', undefined);
    if (this.syncState !== 'running') return { cancelled: false };
    this.syncState = 'cancelling';
    return { cancelled: true };
  }

  async setSyncEnabled(input: { enabled: boolean }): Promise<{ syncEnabled: boolean }> {
    this.#record('setSyncEnabled', input);
    this.syncEnabled = input.enabled;
    return { syncEnabled: this.syncEnabled };
  }

  async syncHistory(input: { limit: number; before?: number }): Promise<SyncRunSummary[]> {
    this.#record('syncHistory', input);
    const before = input.before;
    return this.runs.filter((r) => before === undefined || r.id < before).slice(0, input.limit);
  }

  async listPosts(input: { platform?: 'x' | 'bsky'; limit: number; before?: { createdAt: number; rowId: number } }): Promise<PostPage> {
    this.#record('listPosts', input);
    const all = this.#posts.filter((p) => !input.platform || p.platform === input.platform);
    const b = input.before;
    const after = b ? all.filter((p) => p.createdAt < b.createdAt || (p.createdAt === b.createdAt && p.rowId < b.rowId)) : all;
    const items = after.slice(0, input.limit);
    const lastItem = items[items.length - 1];
    const more = after.length > items.length && lastItem;
    return { items, nextCursor: more ? { createdAt: lastItem.createdAt, rowId: lastItem.rowId } : null, total: all.length };
  }

  async listAccounts(): Promise<AccountSummary[]> {
    this.#record('listAccounts', undefined);
    return this.accounts.map((a) => ({ ...a }));
  }

  async testAccount(input: { accountId: number }): Promise<AccountTestResult> {
    this.#record('testAccount', input);
    const a = this.accounts.find((x) => x.id === input.accountId);
    if (!a) throw new AppError(ErrorCode.NotFound, `There is no account with id ${input.accountId}.`);
    if (a.platform === 'x') return { accountId: a.id, ok: false, code: 'AUTH_NEEDS_2FA', message: 'X wants a confirmation code for @alice. Sign in again and enter the code X sends you.', checkedAt: this.#now() };
    return { accountId: a.id, ok: true, code: null, message: `Connected as @${a.handle}.`, checkedAt: this.#now() };
  }

  async getSettings(): Promise<SettingsView> {
    this.#record('getSettings', undefined);
    return { ...this.settings };
  }

  async setSetting(input: { key: string; value: unknown }): Promise<SettingsView> {
    this.#record('setSetting', input);
    if (!Object.hasOwn(this.settings, input.key)) throw new AppError(ErrorCode.InvalidInput, `There is no setting named "${input.key}".`, { field: input.key });
    this.settings[input.key] = input.value;
    return { ...this.settings };
  }

  async confirmDanger(input: { action: string; target: string; phrase: string; userId: number | null }): Promise<{ token: string; expiresAt: number }> {
    this.#record('confirmDanger', input);
    const expected = `remove account ${input.target}`;
    if (input.phrase !== expected) throw new AppError(ErrorCode.InvalidInput, `The typed text does not match. To confirm, type exactly: ${expected}`, { field: 'phrase' });
    return { token: randomBytes(16).toString('hex'), expiresAt: this.#now() + 5 * 60_000 };
  }

  async login(input: { username: string; password: string; address: string }) {
    this.#record('login', { username: input.username, address: input.address });
    if (input.username !== FAKE_USER.username || input.password !== FAKE_USER.password) throw new AppError(ErrorCode.AuthFailed, 'Wrong user name or password.');
    const token = randomBytes(24).toString('base64url');
    const user: SessionUser = { id: 1, username: FAKE_USER.username, isAdmin: true, expiresAt: this.#now() + 3600_000 };
    this.#sessions.set(token, user);
    return { token, expiresAt: user.expiresAt, user: { id: user.id, username: user.username, isAdmin: user.isAdmin } };
  }

  async logout(token: string): Promise<boolean> {
    this.#record('logout', undefined);
    return this.#sessions.delete(token);
  }

  async validateSession(token: string): Promise<SessionUser> {
    this.#record('validateSession', undefined);
    const u = this.#sessions.get(token);
    if (!u) throw new AppError(ErrorCode.Unauthorized, 'You are not signed in (or your session ended). Sign in again.');
    return u;
  }

  onEvent(listener: (e: PushEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  emit(e: PushEvent): void {
    for (const l of this.#listeners) l(e);
  }
}

function makePosts(n: number, now: number): PostSummary[] {
  const out: PostSummary[] = [];
  for (let i = 0; i < n; i++) {
    const platform = i % 2 === 0 ? 'x' : 'bsky';
    out.push({
      rowId: n - i,
      platform,
      id: platform === 'x' ? String(1_800_000_000_000_000_000n + BigInt(i)) : `at://did:plc:alice/app.bsky.feed.post/3k${i.toString(36).padStart(11, 'a')}`,
      authorHandle: platform === 'x' ? 'alice' : 'alice.bsky.social',
      text: `Post number ${n - i} about gardening, tea & the weather ☕`,
      createdAt: now - i * 3600_000,
      kind: 'post',
      source: 'live',
      mediaCount: i % 5 === 0 ? 1 : 0,
      likes: i % 7,
      reposts: i % 3,
      replies: i % 2,
      url: null,
    });
  }
  return out;
}
