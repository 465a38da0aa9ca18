/**
 * The archive → Bluesky migration job (SPEC §3): publishes the units of a migration plan
 * (simulateMigration) with backdated createdAt, threads rebuilt from the plan, own quotes as native
 * quotes and images from the archive files. Same idempotency and crash rules as live sync (§2.3):
 * deterministic record keys (bskyKeyFor), an intent before every remote call, one transaction to
 * commit. Pacing, a daily cap and the abort signal make it a long job that can stop and resume.
 */
import { z } from 'zod';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { MigrationRun } from './MigrationRun';
import { BSKY_CREATES_PER_HOUR } from './Pacer';
import type { MigrationJobDeps, MigrationReport, MigrationRunInput } from './types';

const MAX_BATCH = 200;

const runInput = z.object({
  plan: z.object({ units: z.array(z.looseObject({ sourceId: z.string(), parts: z.array(z.string()).min(1) })), skipped: z.array(z.unknown()) }).loose(),
  pairId: z.number().int().positive(),
  bskyAccountId: z.number().int().positive(),
  bskyDid: z.string().startsWith('did:'),
  bskyHandle: z.string().optional(),
  pace: z.number().int().min(1).max(BSKY_CREATES_PER_HOUR).nullable(),
  dailyCap: z.number().int().positive().nullable().optional(),
});

function validateRun(input: MigrationRunInput): void {
  const r = runInput.safeParse(input);
  if (r.success) return;
  const issue = r.error.issues[0];
  const field = issue?.path.join('.') || 'input';
  const hint = field === 'pace' ? ` Give creates per hour from 1 to ${BSKY_CREATES_PER_HOUR} (Bluesky's budget), or null for no pacing (local servers only).` : '';
  throw new AppError(ErrorCode.InvalidInput, `Migration run: ${field} ${issue?.message ?? 'is invalid'}.${hint}`, { field });
}

export class MigrationJob {
  readonly #d: MigrationJobDeps & { batchSize: number; maxAttempts: number };

  constructor(deps: MigrationJobDeps) {
    const batchSize = deps.batchSize ?? MAX_BATCH;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH) {
      throw new AppError(ErrorCode.InvalidInput, `The migration batch size must be 1 to ${MAX_BATCH} records (applyWrites takes at most ${MAX_BATCH}); got ${batchSize}.`, { field: 'batchSize' });
    }
    const maxAttempts = deps.maxAttempts ?? 5;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) {
      throw new AppError(ErrorCode.InvalidInput, `maxAttempts must be 1 to 100; got ${maxAttempts}.`, { field: 'maxAttempts' });
    }
    this.#d = { ...deps, batchSize, maxAttempts };
  }

  /**
   * Runs until every unit is on Bluesky or failed, or until the signal, the daily cap or a
   * run-stopping error (auth, rate limit, circuit open, network) ends it; the report says which.
   * A crash (tests: the `crash` hook) propagates as an exception, like a process dying.
   */
  async run(input: MigrationRunInput): Promise<MigrationReport> {
    validateRun(input);
    return new MigrationRun(this.#d, input).execute();
  }
}
