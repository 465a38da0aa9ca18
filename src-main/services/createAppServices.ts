/**
 * AppServices (src-main/ipc/services.ts) over the composed core: what the desktop window and the
 * `serve` web UI call. Thin: every rule lives in the services it delegates to.
 */
import { createRequire } from 'node:module';
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { AccountTestResult, AppStatus, PostSummary, SyncRunSummary } from '../../src-shared/ipc/contract';
import type { Core } from '../compose';
import { fromSyncEvent, type EventHub } from '../ipc/EventHub';
import type { AppServices } from '../ipc/services';
import { ProfileQueries } from '../store/ProfileQueries';
import { isSettingKey } from '../store/settingsSchema';
import { SyncQueries } from '../store/SyncQueries';
import { AutoSync } from '../sync/AutoSync';
import type { CredentialKind } from '../vault/credentialKinds';
import { postUrl } from './postUrl';

const version: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** Turning these settings on makes posts skipped for that reason eligible again. */
const SKIP_REASON_OF: Record<string, string> = { syncReplies: 'reply-to-others', syncReposts: 'repost', optOutMarker: 'opt-out-marker', quoteOthersAs: 'quote-of-others' };
const AUDITED_SETTINGS = new Set(['syncXToBsky', 'syncBskyToX', 'autoSyncEnabled', 'crossDelete']);

export interface DesktopServices extends AppServices {
  autoSync: AutoSync;
  dispose(): void;
}

export function createAppServices(core: Core, hub: EventHub, opts: { actor: string } = { actor: 'desktop' }): DesktopServices {
  const { store, clock, security } = core;
  const profileId = () => store.profiles.ensureDefaultProfile().id;
  const profiles = new ProfileQueries(store.db);
  const syncQ = new SyncQueries(store.db);
  const settings = () => store.settings.getAll(profileId());
  const autoSync = new AutoSync({ sync: core.sync, clock, logger: core.logger, intervalMs: () => (core.config.pollIntervalSec ?? settings().pollIntervalMinutes * 60) * 1000, enabled: () => settings().autoSyncEnabled });
  let starting = false;
  const changed = (reason: string) => hub.emit({ name: 'app/status-changed', payload: { reason } });

  const runs = (limit: number, before?: number): SyncRunSummary[] =>
    store.pairs
      .listByProfile(profileId())
      .flatMap((p) => store.runs.listRecent(p.id, 200))
      .filter((r) => before === undefined || r.startedAt < before)
      .sort((a, b) => b.startedAt - a.startedAt)
      .slice(0, limit)
      .map((r) => ({ id: r.id, direction: r.direction, status: r.status, startedAt: r.startedAt, finishedAt: r.finishedAt, fetched: r.fetched, created: r.created, skipped: r.skipped, failed: r.failed, error: r.error, durationMs: r.durationMs }));

  return {
    autoSync,
    dispose: () => autoSync.stop(),
    async status(): Promise<AppStatus> {
      const recent = runs(20);
      const last = recent.find((r) => r.finishedAt !== null);
      return {
        syncState: core.sync.engine.state,
        syncEnabled: settings().autoSyncEnabled,
        lastSync: last ? { startedAt: last.startedAt, finishedAt: last.finishedAt!, ok: last.status === 'ok', created: last.created, failed: last.failed } : null,
        nextSyncAt: core.sync.isConfigured() ? autoSync.nextSyncAt : null,
        counts: profiles.counts(profileId()),
        recentErrors: recent.filter((r) => r.error).slice(0, 5).map((r) => ({ at: r.startedAt, message: r.error!, code: r.status })),
        version,
      } as AppStatus;
    },
    async runSync({ direction }) {
      if (starting || core.sync.engine.state !== 'idle') throw new AppError(ErrorCode.Conflict, 'A sync is already running; wait for it to finish or cancel it.');
      core.sync.assertConfigured();
      starting = true;
      const startedAt = clock.now();
      void core.sync
        .runOnce({ direction, manual: true })
        .catch((e: unknown) => core.logger.warn('sync could not start', { error: (e as Error).message }))
        .finally(() => {
          starting = false;
        });
      return { startedAt };
    },
    async cancelSync() {
      const was = core.sync.engine.state === 'running';
      core.sync.cancel();
      return { cancelled: was };
    },
    async setSyncEnabled({ enabled }) {
      store.settings.set(profileId(), 'autoSyncEnabled', enabled);
      security.audit.write({ userId: null, actor: opts.actor, action: 'settings.change', target: 'autoSyncEnabled', success: true, details: { value: enabled } });
      changed('sync toggled');
      return { syncEnabled: enabled };
    },
    async syncHistory({ limit, before }) {
      return runs(limit, before);
    },
    async listPosts({ platform, limit, before }) {
      const rows = profiles.postsPage(profileId(), { platform, limit, before });
      const items: PostSummary[] = rows.map((r) => ({
        rowId: r.id, platform: r.platform, id: r.remote_id, authorHandle: r.author_handle, text: r.text, createdAt: r.created_at, kind: r.kind,
        source: r.source, mediaCount: r.media_count, likes: r.likes, reposts: r.reposts, replies: r.replies, url: postUrl(r.platform, r.remote_id, r.author_handle),
      }));
      const lastRow = rows[rows.length - 1];
      return { items, nextCursor: rows.length === limit && lastRow ? { createdAt: lastRow.created_at, rowId: lastRow.id } : null, total: profiles.postsCount(profileId(), platform) };
    },
    async listAccounts() {
      const kinds = new Map((core.credentials?.list() ?? []).map((c) => [c.accountId, c.kinds]));
      return store.accounts.listByProfile(profileId()).map((a) => ({ id: a.id, platform: a.platform, handle: a.handle, displayName: a.displayName, serviceUrl: a.platform === 'bsky' ? a.serviceUrl : null, hasCredentials: (kinds.get(a.id)?.length ?? 0) > 0 }));
    },
    async testAccount({ accountId }): Promise<AccountTestResult> {
      const a = store.accounts.get(accountId);
      if (!a || a.profileId !== profileId()) throw new AppError(ErrorCode.NotFound, `There is no account ${accountId}.`);
      const checkedAt = clock.now();
      if (!core.credentials) return { accountId, ok: false, code: ErrorCode.VaultLocked, message: `The vault is not open (${core.vaultProblem}); stored credentials cannot be tested.`, checkedAt };
      const have = core.credentials.list([accountId])[0]?.kinds ?? [];
      const order: CredentialKind[] = a.platform === 'x' ? ['x.cookies', 'x.password'] : ['bsky.session', 'bsky.app-password'];
      const kind = order.find((k) => have.includes(k));
      if (!kind) return { accountId, ok: false, code: ErrorCode.NotFound, message: 'No credentials are stored for this account. Add them again (chirpsyncer accounts add).', checkedAt };
      const r = await core.credentials.test({ accountId, kind }, { userId: null, actor: opts.actor });
      return { accountId, ok: r.ok, code: r.code, message: r.message, checkedAt };
    },
    async getSettings() {
      return settings();
    },
    async setSetting({ key, value }) {
      if (!isSettingKey(key)) throw new AppError(ErrorCode.InvalidInput, `Unknown setting "${key}".`, { field: key });
      const before = settings()[key];
      store.settings.set(profileId(), key, value as never);
      const reason = SKIP_REASON_OF[key];
      if (reason) for (const p of store.pairs.listByProfile(profileId())) syncQ.clearSkips(p.id, reason);
      if (AUDITED_SETTINGS.has(key)) security.audit.write({ userId: null, actor: opts.actor, action: 'settings.change', target: key, success: true, details: { from: before, to: value } });
      changed(`setting ${key} changed`);
      return settings();
    },
    async confirmDanger(input) {
      return security.stepUp.confirm(input);
    },
    login: (input) => security.auth.login(input),
    async logout(token) {
      return security.auth.logout(token);
    },
    async validateSession(token) {
      const u = security.auth.authenticate(token);
      return { id: u.id, username: u.username, isAdmin: u.isAdmin, expiresAt: u.expiresAt };
    },
    onEvent: (listener) => hub.subscribe(listener),
  };
}

export { fromSyncEvent };
