/**
 * Run history (`sync_stats`, one row per run) and the hourly aggregates (SPEC §2.3 "Every run is
 * recorded"). A finished run's counts go into the bucket of the hour it finished in, in the same
 * transaction, because the hourly cap is checked against that bucket at the next run's start and the
 * creates of a run cluster towards its end.
 */
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Clock } from '../util/clock';
import type { Db } from './Database';
import { assertInt } from './sqlErrors';
import { hourOf } from './types';
import type { HourlyStat, RunCounts, RunStatus, SyncDirection, SyncRun } from './types';

interface RunRow {
  id: number;
  pair_id: number;
  direction: SyncDirection;
  started_at: number;
  finished_at: number | null;
  status: RunStatus;
  fetched: number;
  created: number;
  skipped: number;
  failed: number;
  error: string | null;
  duration_ms: number | null;
}

interface HourRow {
  pair_id: number;
  hour: number;
  direction: SyncDirection;
  created: number;
  failed: number;
  skipped: number;
}

const toRun = (r: RunRow): SyncRun => ({
  id: r.id, pairId: r.pair_id, direction: r.direction, startedAt: r.started_at, finishedAt: r.finished_at,
  status: r.status, fetched: r.fetched, created: r.created, skipped: r.skipped, failed: r.failed,
  error: r.error, durationMs: r.duration_ms,
});

const toHour = (r: HourRow): HourlyStat => ({ pairId: r.pair_id, hour: r.hour, direction: r.direction, created: r.created, failed: r.failed, skipped: r.skipped });

export type FinalStatus = Exclude<RunStatus, 'running' | 'interrupted'>;
const FINAL: readonly string[] = ['ok', 'partial', 'failed', 'cancelled'];

export class RunsRepo {
  #db: Db;
  #clock: Clock;
  #s;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    const r = db.raw;
    this.#s = {
      start: r.prepare<[number, string, number], RunRow>('INSERT INTO sync_stats (pair_id, direction, started_at) VALUES (?, ?, ?) RETURNING *'),
      finish: r.prepare<[Record<string, unknown>], RunRow>(
        `UPDATE sync_stats SET finished_at = @now, status = @status, fetched = @fetched, created = @created, skipped = @skipped,
           failed = @failed, error = @error, duration_ms = @now - started_at
         WHERE id = @id AND status = 'running' RETURNING *`,
      ),
      byId: r.prepare<[number], RunRow>('SELECT * FROM sync_stats WHERE id = ?'),
      addHour: r.prepare<[Record<string, unknown>]>(
        `INSERT INTO hourly_stats (pair_id, hour, direction, created, failed, skipped) VALUES (@pairId, @hour, @direction, @created, @failed, @skipped)
         ON CONFLICT (pair_id, hour, direction) DO UPDATE SET created = created + excluded.created,
           failed = failed + excluded.failed, skipped = skipped + excluded.skipped`,
      ),
      recent: r.prepare<[number, number], RunRow>('SELECT * FROM sync_stats WHERE pair_id = ? ORDER BY started_at DESC, id DESC LIMIT ?'),
      hours: r.prepare<[number, string, number, number], HourRow>('SELECT * FROM hourly_stats WHERE pair_id = ? AND direction = ? AND hour >= ? AND hour < ? ORDER BY hour'),
      interrupt: r.prepare<[number, string]>(
        "UPDATE sync_stats SET status = 'interrupted', finished_at = ?, error = ?, duration_ms = NULL WHERE status = 'running'",
      ),
    };
  }

  start(pairId: number, direction: SyncDirection): SyncRun {
    if (direction !== 'x-to-bsky' && direction !== 'bsky-to-x') throw new AppError(ErrorCode.InvalidInput, `Run direction must be 'x-to-bsky' or 'bsky-to-x'; got ${JSON.stringify(direction)}.`);
    return toRun(this.#s.start.get(pairId, direction, this.#clock.now())!);
  }

  /** Ends a running run and adds its counts to the hour it finished in, atomically. */
  finish(runId: number, outcome: RunCounts & { status: FinalStatus; error?: string | null }): SyncRun {
    if (!FINAL.includes(outcome.status)) throw new AppError(ErrorCode.InvalidInput, `A run finishes as ok, partial, failed or cancelled; got ${JSON.stringify(outcome.status)}.`);
    for (const k of ['fetched', 'created', 'skipped', 'failed'] as const) assertInt(outcome[k], `run ${k}`, 0);
    const now = this.#clock.now();
    return this.#db.transaction(() => {
      const row = this.#s.finish.get({ id: runId, now, status: outcome.status, fetched: outcome.fetched, created: outcome.created, skipped: outcome.skipped, failed: outcome.failed, error: outcome.error ?? null });
      if (!row) {
        const existing = this.#s.byId.get(runId);
        if (!existing) throw new AppError(ErrorCode.NotFound, `Sync run ${runId} does not exist.`, { runId });
        throw new AppError(ErrorCode.Conflict, `Sync run ${runId} already finished (${existing.status}).`, { runId, status: existing.status });
      }
      this.#s.addHour.run({ pairId: row.pair_id, hour: hourOf(now), direction: row.direction, created: row.created, failed: row.failed, skipped: row.skipped });
      return toRun(row);
    });
  }

  /** At start-up: runs left `running` by a crash become `interrupted`; returns how many. */
  markInterrupted(reason = 'The app stopped while this run was in progress.'): number {
    return this.#s.interrupt.run(this.#clock.now(), reason).changes;
  }

  get(runId: number): SyncRun | null {
    const r = this.#s.byId.get(runId);
    return r ? toRun(r) : null;
  }

  listRecent(pairId: number, limit = 20): SyncRun[] {
    assertInt(limit, 'limit', 1, 1000);
    return this.#s.recent.all(pairId, limit).map(toRun);
  }

  /** Hourly buckets in [fromMs, toMs), oldest first. */
  hourly(pairId: number, direction: SyncDirection, fromMs: number, toMs: number): HourlyStat[] {
    return this.#s.hours.all(pairId, direction, hourOf(fromMs), toMs).map(toHour);
  }

  /** Posts created in the hour containing `at` (for the hourly cap). */
  createdInHour(pairId: number, direction: SyncDirection, at: number): number {
    const h = hourOf(at);
    return this.#s.hours.all(pairId, direction, h, h + 1).reduce((n, r) => n + r.created, 0);
  }
}
