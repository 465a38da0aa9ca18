import { AppError, ErrorCode } from '../../src-shared/errors';
import type { EnvConfig } from '../config/env';
import type { RemoteCaller } from '../connectors/limits/types';
import type { Store } from '../store/createStore';
import type { AccountPair } from '../store/types';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import type { AccountCredentials } from '../vault/AccountCredentials';
import { connectBsky, connectX, type ConnectDeps } from './connectAccounts';
import type { CrashPoint } from './publishUnit';
import type { SyncStorePort } from './ports';
import { createSyncStorePort } from './storePort';
import { SyncEngine, type EngineSettings, type RunReport, type SyncEvent, type SyncPairContext } from './SyncEngine';
import { createBskyTarget } from './targets/bskyTarget';
import { createBskyReader, createXReader } from './targets/readers';
import { createXTarget } from './targets/xTarget';
import type { Direction } from './types';

export interface SyncServiceDeps {
  store: Store;
  caller: RemoteCaller & { breaker?: { reset(service?: 'x' | 'bsky'): void } };
  clock: Clock;
  logger: Logger;
  fetch: typeof fetch;
  config: EnvConfig;
  credentials: AccountCredentials | null;
  secrets: Set<string>;
  emit?: (e: SyncEvent) => void;
  crash?: (p: CrashPoint) => void;
}

export interface Connected {
  pair: SyncPairContext;
  pairRow: AccountPair;
  profileId: number;
}

/** Connect the configured accounts, then run the engine: what `sync --once`, the tray and the poll timer call. */
export class SyncService {
  readonly #d: SyncServiceDeps;
  readonly #port: SyncStorePort;
  readonly #engine: SyncEngine;

  constructor(d: SyncServiceDeps) {
    this.#d = d;
    this.#port = createSyncStorePort(d.store);
    this.#engine = new SyncEngine({ store: this.#port, runs: this.#runsPort(), clock: d.clock, logger: d.logger, emit: d.emit, crash: d.crash });
  }

  get engine(): SyncEngine {
    return this.#engine;
  }

  #runsPort() {
    const runs = this.#d.store.runs;
    return {
      start: (pairId: number, direction: Direction) => runs.start(pairId, direction).id,
      finish: (id: number, r: Parameters<import('./SyncEngine').RunsPort['finish']>[1]) => {
        const status = r.status === 'ok' && r.failed > 0 ? 'partial' : r.status;
        runs.finish(id, { status, fetched: r.fetched, created: r.created, skipped: r.skipped, failed: r.failed, error: r.error });
      },
    };
  }

  /**
   * Throws the same plain ConfigInvalid a run would, without any network call: used before a run is
   * started in the background (the UI's "Sync now") so the person sees why nothing happens.
   */
  assertConfigured(): void {
    const { store, config, credentials } = this.#d;
    const profileId = store.profiles.ensureDefaultProfile().id;
    const stored = new Set((credentials?.list() ?? []).flatMap((c) => (c.kinds.length ? [c.accountId] : [])));
    const has = (platform: 'x' | 'bsky') => store.accounts.listByProfile(profileId).some((a) => a.platform === platform && stored.has(a.id));
    if (!config.x && !has('x')) throw new AppError(ErrorCode.ConfigInvalid, 'No X account is configured. Add one with `chirpsyncer accounts add x` (or set TWITTER_COOKIES / TWITTER_USERNAME and TWITTER_PASSWORD).', { variable: 'TWITTER_USERNAME' });
    if (!config.bsky && !has('bsky')) throw new AppError(ErrorCode.ConfigInvalid, 'No Bluesky account is configured. Add one with `chirpsyncer accounts add bsky` (or set BSKY_USERNAME and BSKY_PASSWORD).', { variable: 'BSKY_USERNAME' });
  }

  isConfigured(): boolean {
    try {
      this.assertConfigured();
      return true;
    } catch {
      return false;
    }
  }

  async connect(): Promise<Connected> {
    const { store } = this.#d;
    const profileId = store.profiles.ensureDefaultProfile().id;
    const cd: ConnectDeps = { ...this.#d, profileId };
    const x = await connectX(cd);
    const bsky = await connectBsky(cd);
    const pairRow =
      store.pairs.listByProfile(profileId).find((p) => p.xAccountId === x.account.id && p.bskyAccountId === bsky.account.id) ??
      store.pairs.create({ profileId, xAccountId: x.account.id, bskyAccountId: bsky.account.id });
    const fetchFn = this.#d.fetch;
    const pair: SyncPairContext = {
      pairId: pairRow.id,
      x: {
        accountId: x.account.id,
        remoteId: x.account.remoteId,
        reader: createXReader(x.connector, x.account.remoteId),
        target: createXTarget({ connector: x.connector, fetch: fetchFn, userId: x.account.remoteId, screenName: x.account.handle }),
      },
      bsky: {
        accountId: bsky.account.id,
        remoteId: bsky.account.remoteId,
        reader: createBskyReader(bsky.connector),
        target: createBskyTarget({ connector: bsky.connector, fetch: fetchFn }, { did: bsky.account.remoteId, handle: bsky.account.handle }),
      },
    };
    return { pair, pairRow, profileId };
  }

  settingsFor(c: Connected): EngineSettings {
    const s = this.#d.store.settings.getAll(c.profileId);
    return {
      ...s,
      syncXToBsky: s.syncXToBsky && c.pairRow.xToBskyEnabled,
      syncBskyToX: s.syncBskyToX && c.pairRow.bskyToXEnabled,
      backdate: s.backdateLive,
      syncSince: null,
    };
  }

  /**
   * One run. A run the person starts on purpose (`manual`) closes a circuit a previous run opened;
   * timer-driven runs do not, so K failures in a row keep the breaker open until someone looks.
   */
  async runOnce(opts: { direction?: Direction; manual?: boolean } = {}): Promise<RunReport> {
    if (opts.manual) this.#d.caller.breaker?.reset();
    let c: Connected;
    try {
      c = await this.connect();
    } catch (e) {
      // Config problems are the caller's to report; anything else is a run that failed to start,
      // and like every run it ends with exactly one sync/finished event (STYLE.md §10).
      if (e instanceof AppError && (e.code === ErrorCode.ConfigInvalid || e.code === ErrorCode.InvalidInput)) throw e;
      const report = failedToStart(e, this.#d.clock.now(), opts.direction);
      this.#d.emit?.({ type: 'sync/finished', report });
      return report;
    }
    return this.#engine.run(c.pair, this.settingsFor(c), opts.direction);
  }

  cancel(): void {
    this.#engine.cancel();
  }
}

function failedToStart(e: unknown, now: number, direction?: Direction): RunReport {
  const error = e instanceof Error ? e.message : String(e);
  const errorCode = e instanceof AppError ? e.code : e instanceof Error && 'kind' in e ? String((e as { kind: unknown }).kind) : ErrorCode.Internal;
  const dirs: Direction[] = direction ? [direction] : ['x-to-bsky', 'bsky-to-x'];
  return {
    startedAt: now,
    finishedAt: now,
    ok: false,
    directions: dirs.map((d) => ({ direction: d, fetched: 0, skipped: 0, created: 0, failed: 0, deferred: 0, unknown: 0, notes: [], failures: [], status: 'failed', error, errorCode, crossDeleted: 0 })),
  };
}
