/**
 * The publish outbox (SPEC §2.3 "No duplicates", "Nothing lost"). An intent is recorded before the
 * remote call and moves pending → sent → done, or → unknown (the create's outcome could not be
 * observed: look for the post before trying again), or → failed (retried at next_attempt_at) →
 * poison after max_attempts. Transitions are guarded in SQL so a stale caller cannot revive a done
 * or poisoned intent.
 */
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Clock } from '../util/clock';
import type { Db } from './Database';
import { assertInt, assertNonEmpty, isForeignKeyViolation, parseJsonColumn } from './sqlErrors';
import type { IntentStatus, NewPublishIntent, PublishIntent, SyncDirection } from './types';

interface IntentRow {
  id: number;
  pair_id: number;
  direction: SyncDirection;
  source_id: string;
  part_index: number;
  part_count: number;
  target_key: string | null;
  payload_json: string;
  status: IntentStatus;
  attempts: number;
  max_attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  remote_id: string | null;
  remote_cid: string | null;
  created_at: number;
  updated_at: number;
}

const toIntent = (r: IntentRow): PublishIntent => ({
  id: r.id,
  pairId: r.pair_id,
  direction: r.direction,
  sourceId: r.source_id,
  partIndex: r.part_index,
  partCount: r.part_count,
  targetKey: r.target_key,
  payload: parseJsonColumn(r.payload_json, { table: 'publish_intents', column: 'payload_json', id: r.id }),
  status: r.status,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  remoteId: r.remote_id,
  remoteCid: r.remote_cid,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Statuses that still need work; `sent` ones found at start-up are crash leftovers to resolve like `unknown`. */
export const OPEN_STATUSES: readonly IntentStatus[] = ['pending', 'sent', 'unknown', 'failed'];
const OPEN_SQL = "('pending', 'sent', 'unknown', 'failed')";
const DEFAULT_MAX_ATTEMPTS = 5;
const ERROR_MAX = 2000;

function validate(i: NewPublishIntent): void {
  if (i.direction !== 'x-to-bsky' && i.direction !== 'bsky-to-x') {
    throw new AppError(ErrorCode.InvalidInput, `Intent direction must be 'x-to-bsky' or 'bsky-to-x'; got ${JSON.stringify(i.direction)}.`, { field: 'direction' });
  }
  assertNonEmpty(i.sourceId, 'intent sourceId');
  const count = i.partCount ?? 1;
  assertInt(count, 'intent partCount', 1, 1000);
  assertInt(i.partIndex ?? 0, 'intent partIndex', 0, count - 1);
  assertInt(i.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, 'intent maxAttempts', 1, 100);
  if (i.payload === undefined) throw new AppError(ErrorCode.InvalidInput, 'An intent needs a payload (what to publish).', { field: 'payload' });
}

export class IntentsRepo {
  #db: Db;
  #clock: Clock;
  #s;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    const r = db.raw;
    const guarded = (set: string, from: string) => r.prepare<[Record<string, unknown>], IntentRow>(`UPDATE publish_intents SET ${set}, updated_at = @now WHERE id = @id AND status IN ${from} RETURNING *`);
    this.#s = {
      insert: r.prepare<[Record<string, unknown>]>(
        `INSERT INTO publish_intents (pair_id, direction, source_id, part_index, part_count, target_key, payload_json, max_attempts, next_attempt_at, created_at, updated_at)
         VALUES (@pairId, @direction, @sourceId, @partIndex, @partCount, @targetKey, @payload, @maxAttempts, @nextAttemptAt, @now, @now)
         ON CONFLICT (pair_id, direction, source_id, part_index) DO NOTHING`,
      ),
      byKey: r.prepare<[number, string, string, number], IntentRow>('SELECT * FROM publish_intents WHERE pair_id = ? AND direction = ? AND source_id = ? AND part_index = ?'),
      byId: r.prepare<[number], IntentRow>('SELECT * FROM publish_intents WHERE id = ?'),
      sent: guarded("status = 'sent'", "('pending', 'sent', 'unknown', 'failed')"),
      unknown: guarded("status = 'unknown', last_error = @error", "('pending', 'sent', 'unknown')"),
      failed: guarded(
        "attempts = attempts + 1, last_error = @error, next_attempt_at = @next, status = CASE WHEN attempts + 1 >= max_attempts THEN 'poison' ELSE 'failed' END",
        OPEN_SQL,
      ),
      // 'sent' must not stay 'sent' (that reads as in flight / crash leftover); 'unknown' stays unknown: it still needs the lookup.
      defer: guarded(
        "last_error = @error, next_attempt_at = @next, status = CASE status WHEN 'sent' THEN 'failed' ELSE status END",
        OPEN_SQL,
      ),
      poison: guarded("status = 'poison', last_error = @error", OPEN_SQL),
      done: guarded("status = 'done', remote_id = @remoteId, remote_cid = @remoteCid, last_error = NULL", OPEN_SQL),
      requeue: guarded("status = 'pending', attempts = 0, next_attempt_at = @now", "('poison', 'failed')"),
      open: r.prepare<[number, string], IntentRow>(`SELECT * FROM publish_intents WHERE pair_id = ? AND direction = ? AND status IN ${OPEN_SQL} ORDER BY id`),
      due: r.prepare<[number, number], IntentRow>(`SELECT * FROM publish_intents WHERE status IN ${OPEN_SQL} AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`),
      byStatus: r.prepare<[number, string, number], IntentRow>('SELECT * FROM publish_intents WHERE pair_id = ? AND status = ? ORDER BY id LIMIT ?'),
    };
  }

  /** Insert-or-get by (pair, direction, source, part): calling it again after a crash returns the same intent. */
  ensure(i: NewPublishIntent): { intent: PublishIntent; created: boolean } {
    validate(i);
    const now = this.#clock.now();
    return this.#db.transaction(() => {
      let changes: number;
      try {
        changes = this.#s.insert.run({
          pairId: i.pairId,
          direction: i.direction,
          sourceId: i.sourceId,
          partIndex: i.partIndex ?? 0,
          partCount: i.partCount ?? 1,
          targetKey: i.targetKey ?? null,
          payload: JSON.stringify(i.payload),
          maxAttempts: i.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
          nextAttemptAt: i.nextAttemptAt ?? now,
          now,
        }).changes;
      } catch (e) {
        if (isForeignKeyViolation(e)) throw new AppError(ErrorCode.NotFound, `Account pair ${i.pairId} does not exist.`, { pairId: i.pairId });
        throw e;
      }
      const row = this.#s.byKey.get(i.pairId, i.direction, i.sourceId, i.partIndex ?? 0)!;
      return { intent: toIntent(row), created: changes === 1 };
    });
  }

  get(id: number): PublishIntent | null {
    const r = this.#s.byId.get(id);
    return r ? toIntent(r) : null;
  }

  /** Just before the remote call. */
  markSent(id: number): PublishIntent {
    return this.#transition(id, 'sent', this.#s.sent, {});
  }

  /** The create may or may not have happened (timeout after sending, dropped connection). */
  markUnknown(id: number, error: string): PublishIntent {
    return this.#transition(id, 'unknown', this.#s.unknown, { error: clip(error) });
  }

  /** Counts an attempt; the intent becomes poison once attempts reach max_attempts. */
  markFailed(id: number, error: string, nextAttemptAt: number): PublishIntent {
    assertInt(nextAttemptAt, 'nextAttemptAt', 0);
    return this.#transition(id, 'failed', this.#s.failed, { error: clip(error), next: nextAttemptAt });
  }

  /**
   * Try again later without counting an attempt: the call was never made or refused before it did
   * anything (rate limited, hourly cap reached, network down before sending).
   */
  deferWithoutAttempt(id: number, error: string, nextAttemptAt: number): PublishIntent {
    assertInt(nextAttemptAt, 'nextAttemptAt', 0);
    return this.#transition(id, 'deferred', this.#s.defer, { error: clip(error), next: nextAttemptAt });
  }

  /** A failure retrying cannot fix (content refused): stop now and show it. */
  markPoison(id: number, error: string): PublishIntent {
    return this.#transition(id, 'poison', this.#s.poison, { error: clip(error) });
  }

  /** Use `commitPublished` (syncWrites.ts) instead: done must land together with the link and the copy row. */
  markDone(id: number, remoteId: string, remoteCid: string | null): PublishIntent {
    assertNonEmpty(remoteId, 'remoteId');
    return this.#transition(id, 'done', this.#s.done, { remoteId, remoteCid });
  }

  /** The person asked to try a poisoned/failed intent again: attempts start over. */
  requeue(id: number): PublishIntent {
    return this.#transition(id, 'pending', this.#s.requeue, {});
  }

  listOpen(pairId: number, direction: SyncDirection): PublishIntent[] {
    return this.#s.open.all(pairId, direction).map(toIntent);
  }

  /** Open intents whose next attempt is due, oldest due first, across all pairs. */
  listDue(now: number, limit = 100): PublishIntent[] {
    assertInt(limit, 'limit', 1, 1000);
    return this.#s.due.all(now, limit).map(toIntent);
  }

  listByStatus(pairId: number, status: IntentStatus, limit = 100): PublishIntent[] {
    assertInt(limit, 'limit', 1, 1000);
    return this.#s.byStatus.all(pairId, status, limit).map(toIntent);
  }

  #transition(id: number, to: string, stmt: { get(p: Record<string, unknown>): IntentRow | undefined }, params: Record<string, unknown>): PublishIntent {
    const row = stmt.get({ ...params, id, now: this.#clock.now() });
    if (row) return toIntent(row);
    const current = this.#s.byId.get(id);
    if (!current) throw new AppError(ErrorCode.NotFound, `Publish intent ${id} does not exist.`, { intentId: id });
    throw new AppError(ErrorCode.Conflict, `Publish intent ${id} is ${current.status} and cannot become ${to}.`, { intentId: id, status: current.status, to });
  }
}

const clip = (s: string): string => (typeof s === 'string' ? s : String(s)).slice(0, ERROR_MAX);
