import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Post } from '../../src-shared/domain/post';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import { crossDelete } from './crossDelete';
import { fetchSource } from './fetchSource';
import { planSync, type PlanSettings } from './planSync';
import type { SyncStorePort } from './ports';
import { publishPlan, type PublishSummary } from './publishPlan';
import type { CrashPoint } from './publishUnit';
import type { Direction, PublishTarget, SourceReader } from './types';
import { sourceOf } from './types';

export interface EngineSettings extends PlanSettings {
  syncXToBsky: boolean;
  syncBskyToX: boolean;
  hourlyCapPerDirection: number;
  overflowPolicy: 'retry' | 'skip';
  maxAttempts: number;
  crossDelete: boolean;
  crossDeleteWindowHours: number;
}

export interface PairSide {
  accountId: number;
  /** X user id / DID. */
  remoteId: string;
  reader: SourceReader;
  target: PublishTarget;
}

export interface SyncPairContext {
  pairId: number;
  x: PairSide;
  bsky: PairSide;
}

export interface RunsPort {
  start(pairId: number, direction: Direction, at: number): number;
  finish(runId: number, r: { status: 'ok' | 'failed' | 'cancelled'; fetched: number; created: number; skipped: number; failed: number; error: string | null; finishedAt: number; durationMs: number }): void;
}

export type SyncEvent =
  | { type: 'sync/progress'; direction: Direction; done: number; total: number }
  | { type: 'sync/finished'; report: RunReport };

export interface DirectionReport extends PublishSummary {
  direction: Direction;
  fetched: number;
  skipped: number;
  status: 'ok' | 'failed' | 'cancelled';
  error: string | null;
  errorCode: string | null;
  /** Copies removed because their original was deleted (cross-delete). */
  crossDeleted: number;
}

export interface RunReport {
  startedAt: number;
  finishedAt: number;
  directions: DirectionReport[];
  ok: boolean;
}

export interface EngineDeps {
  store: SyncStorePort;
  runs: RunsPort;
  clock: Clock;
  logger: Logger;
  emit?: (e: SyncEvent) => void;
  crash?: (p: CrashPoint) => void;
}

type State = 'idle' | 'running' | 'cancelling';

/**
 * idle → running → (cancelling) → idle. Single-flight: a second run while one is going is refused,
 * not queued, so the tray toggle and the poll timer can never run two syncs over each other.
 */
export class SyncEngine {
  readonly #deps: EngineDeps;
  #state: State = 'idle';
  #abort: AbortController | null = null;

  constructor(deps: EngineDeps) {
    this.#deps = deps;
  }

  get state(): State {
    return this.#state;
  }

  cancel(): void {
    if (this.#state !== 'running') return;
    this.#state = 'cancelling';
    this.#abort?.abort(new AppError(ErrorCode.Cancelled, 'The sync was cancelled.'));
  }

  async run(pair: SyncPairContext, settings: EngineSettings, only?: Direction): Promise<RunReport> {
    if (this.#state !== 'idle') throw new AppError(ErrorCode.Conflict, 'A sync is already running; wait for it to finish or cancel it.');
    this.#state = 'running';
    this.#abort = new AbortController();
    const startedAt = this.#deps.clock.now();
    const directions: DirectionReport[] = [];
    try {
      for (const d of chosenDirections(settings, only)) {
        if (this.#abort.signal.aborted) break;
        directions.push(await this.#runDirection(pair, d, settings, this.#abort.signal));
      }
    } finally {
      this.#state = 'idle';
      this.#abort = null;
    }
    const report: RunReport = { startedAt, finishedAt: this.#deps.clock.now(), directions, ok: directions.every((d) => d.status === 'ok') };
    this.#deps.emit?.({ type: 'sync/finished', report });
    return report;
  }

  async #runDirection(pair: SyncPairContext, direction: Direction, settings: EngineSettings, signal: AbortSignal): Promise<DirectionReport> {
    const { store, runs, clock, logger } = this.#deps;
    const [src, dst] = direction === 'x-to-bsky' ? [pair.x, pair.bsky] : [pair.bsky, pair.x];
    const startedAt = clock.now();
    const runId = runs.start(pair.pairId, direction, startedAt);
    const report: DirectionReport = { direction, fetched: 0, skipped: 0, created: 0, failed: 0, deferred: 0, unknown: 0, notes: [], failures: [], status: 'ok', error: null, errorCode: null, crossDeleted: 0 };
    try {
      report.fetched = await fetchSource({ store, reader: src.reader, accountId: src.accountId, signal });
      const candidates = store.unsyncedPosts(pair.pairId, direction, src.accountId, 2000);
      const plan = planSync({
        direction,
        candidates,
        linkedSources: store.linkedSourceIds(pair.pairId, sourceOf(direction), idsOfParents(candidates)),
        engineCopies: store.engineCopyIds(sourceOf(direction), candidates.map((p) => p.id)),
        targetPosts: store.recentPosts(dst.accountId, clock.now() - 30 * 24 * 3600_000),
        ownAuthorId: src.remoteId,
        settings,
        now: clock.now(),
      });
      report.skipped = plan.skipped.length;
      store.recordSkips(pair.pairId, direction, plan.skipped.map((s) => ({ sourceId: s.source.id, reason: s.reason })), clock.now());
      Object.assign(report, await publishPlan(plan, { ...this.#deps, pair, direction, src, dst, settings, signal }));
      if (settings.crossDelete) {
        const cd = await crossDelete({ store, reader: src.reader, target: dst.target, pairId: pair.pairId, direction, sourceAccountId: src.accountId, targetAccountId: dst.accountId, windowHours: settings.crossDeleteWindowHours, clock, logger, signal });
        report.crossDeleted = cd.deleted;
      }
    } catch (e) {
      report.status = signal.aborted ? 'cancelled' : 'failed';
      report.error = e instanceof Error ? e.message : String(e);
      report.errorCode = e instanceof AppError ? e.code : e instanceof Error && 'kind' in e ? String((e as { kind: unknown }).kind) : ErrorCode.Internal;
      logger.warn('sync direction stopped', { direction, error: report.error, code: report.errorCode });
    }
    const finishedAt = clock.now();
    runs.finish(runId, { status: report.status, fetched: report.fetched, created: report.created, skipped: report.skipped, failed: report.failed, error: report.error, finishedAt, durationMs: finishedAt - startedAt });
    return report;
  }
}

function chosenDirections(s: EngineSettings, only?: Direction): Direction[] {
  const all: Direction[] = [];
  if (s.syncXToBsky) all.push('x-to-bsky');
  if (s.syncBskyToX) all.push('bsky-to-x');
  return only ? all.filter((d) => d === only) : all;
}

/** Candidates plus their thread parents and quoted posts: all of them may already be linked. */
function idsOfParents(posts: Post[]): string[] {
  const ids = new Set<string>();
  for (const p of posts) {
    ids.add(p.id);
    if (p.inReplyToId) ids.add(p.inReplyToId);
    if (p.quoteOfId) ids.add(p.quoteOfId);
  }
  return [...ids];
}
