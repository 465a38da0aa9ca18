/**
 * Counts of one migration run, its progress events (at most one per 100 ms of clock time unless
 * forced) and the final report.
 */
import type { Clock } from '../../util/clock';
import type { MigrationPlan } from '../simulateMigration';
import type { RunStop } from './classifyError';
import type { MigrationProgress, MigrationReport } from './types';

const EMIT_EVERY_MS = 100;

export class MigrationTally {
  readonly #clock: Clock;
  readonly #plan: MigrationPlan;
  readonly #pace: number | null;
  readonly #onProgress?: (p: MigrationProgress) => void;
  readonly #started: number;
  readonly #failed = new Map<string, string>();
  readonly #notes: { sourceId: string; message: string }[] = [];
  #lastEmit = -Infinity;
  #linkedBefore = 0;
  #unitsBefore = 0;
  #records = 0;
  #units = 0;
  /** Records handed to write calls in this run (pacing and the daily cap count them). */
  sent = 0;

  constructor(o: { clock: Clock; plan: MigrationPlan; pace: number | null; onProgress?: (p: MigrationProgress) => void }) {
    this.#clock = o.clock;
    this.#plan = o.plan;
    this.#pace = o.pace;
    this.#onProgress = o.onProgress;
    this.#started = o.clock.now();
  }

  alreadyLinked(parts: number, complete: boolean): void {
    this.#linkedBefore += parts;
    if (complete) this.#unitsBefore++;
  }

  committed(unitComplete: boolean): void {
    this.#records++;
    if (unitComplete) this.#units++;
  }

  fail(sourceId: string, reason: string): void {
    if (!this.#failed.has(sourceId)) this.#failed.set(sourceId, reason);
  }

  hasFailed(sourceId: string): boolean {
    return this.#failed.has(sourceId);
  }

  note(sourceId: string, message: string): void {
    this.#notes.push({ sourceId, message });
  }

  progress(phase: MigrationProgress['phase']): MigrationProgress {
    const total = this.#plan.counts.creates;
    const done = this.#linkedBefore + this.#records;
    const elapsedH = (this.#clock.now() - this.#started) / 3_600_000;
    const ratePerHour = this.#records > 0 && elapsedH > 0 ? this.#records / elapsedH : null;
    const left = Math.max(0, total - done);
    // Paced runs cannot go faster than the pace, whatever the first batches measured.
    const perHour = [ratePerHour, this.#pace].filter((r): r is number => r !== null && r > 0);
    const etaMs = left === 0 ? 0 : perHour.length ? Math.round((left / Math.min(...perHour)) * 3_600_000) : null;
    return { phase, done, total, failed: this.#failed.size, ratePerHour: ratePerHour === null ? null : Math.round(ratePerHour), etaMs };
  }

  emit(phase: MigrationProgress['phase'], force = false): void {
    if (!this.#onProgress) return;
    const now = this.#clock.now();
    if (!force && now - this.#lastEmit < EMIT_EVERY_MS) return;
    this.#lastEmit = now;
    this.#onProgress(this.progress(phase));
  }

  report(stop: RunStop | null, remainingSourceIds: string[], sleptMs: number): MigrationReport {
    this.emit('finished', true);
    const remainingUnits = new Set(remainingSourceIds);
    const status = stop ? stop.status : this.#failed.size ? 'completed_with_failures' : 'completed';
    return {
      status,
      stopReason: stop ? stop.message : null,
      migrated: { records: this.#records, units: this.#units },
      alreadyDone: { units: this.#unitsBefore, records: this.#linkedBefore },
      remaining: { units: remainingUnits.size, records: remainingSourceIds.length },
      skipped: this.#plan.skipped,
      failed: [...this.#failed].map(([sourceId, reason]) => ({ sourceId, reason })),
      durationMs: this.#clock.now() - this.#started,
      sleptMs,
      notes: this.#notes,
    };
  }
}
