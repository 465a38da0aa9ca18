/**
 * Step-up confirmation for destructive actions (SPEC §7): the typed phrase is checked here, in the
 * main process, and buys a random token that is single-use, valid 5 minutes, and bound to one user,
 * action and target. Destructive services call `consume` first; every refusal and use is audited.
 */
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Clock } from '../util/clock';
import type { AuditLog } from './AuditLog';
import { hashToken, newToken } from './crypto';
import { normalizePhrase, STEP_UP_ACTIONS, stepUpPhrase, type StepUpAction } from './stepUpPhrases';

export const STEP_UP_TTL_MS = 5 * 60_000;

const confirmSchema = z.object({
  action: z.enum(STEP_UP_ACTIONS),
  target: z.string().min(1).max(300),
  phrase: z.string().max(500),
  userId: z.number().int().nullable(),
});
const consumeSchema = z.object({
  token: z.string().max(200).optional(),
  action: z.enum(STEP_UP_ACTIONS),
  target: z.string().min(1).max(300),
  userId: z.number().int().nullable(),
});

interface TokenRow {
  token_hash: string;
  user_id: number | null;
  action: string;
  target: string;
  expires_at: number;
  used_at: number | null;
}

type Refusal = 'missing' | 'unknown' | 'used' | 'expired' | 'other_action' | 'other_target' | 'other_user';
const REFUSAL_TEXT: Record<Refusal, string> = {
  missing: 'it was not confirmed',
  unknown: 'the confirmation is not valid',
  used: 'that confirmation was already used',
  expired: 'the confirmation expired (it is valid for 5 minutes)',
  other_action: 'the confirmation was given for a different action',
  other_target: 'the confirmation was given for a different target',
  other_user: 'the confirmation belongs to another user',
};

export class StepUpService {
  #db: Database.Database;
  #clock: Clock;
  #audit: AuditLog;
  #random: (n: number) => Buffer;
  #ttl: number;

  constructor(deps: { db: Database.Database; clock: Clock; audit: AuditLog; random?: (n: number) => Buffer; ttlMs?: number }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#audit = deps.audit;
    this.#random = deps.random ?? randomBytes;
    this.#ttl = deps.ttlMs ?? STEP_UP_TTL_MS;
  }

  /** `danger/confirm`: checks the typed phrase and returns a token for exactly this action and target. */
  confirm(input: { action: StepUpAction; target: string; phrase: string; userId: number | null }): { token: string; expiresAt: number } {
    const req = parse(confirmSchema, input);
    const expected = stepUpPhrase(req.action, req.target);
    const actor = actorOf(req.userId);
    if (normalizePhrase(req.phrase) !== normalizePhrase(expected)) {
      this.#audit.write({ ...actor, action: 'stepup.confirm', target: `${req.action} ${req.target}`, success: false, details: { reason: 'phrase_mismatch' } });
      throw new AppError(ErrorCode.InvalidInput, `The typed text does not match. To confirm, type exactly: ${expected}`, { field: 'phrase', expected });
    }
    const token = newToken(this.#random);
    const now = this.#clock.now();
    const expiresAt = now + this.#ttl;
    this.#db
      .prepare('INSERT INTO step_up_tokens (token_hash, user_id, action, target, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(hashToken(token), req.userId, req.action, req.target, now, expiresAt);
    this.#db.prepare('DELETE FROM step_up_tokens WHERE expires_at < ?').run(now - this.#ttl);
    this.#audit.write({ ...actor, action: 'stepup.confirm', target: `${req.action} ${req.target}`, success: true, details: { expiresAt } });
    return { token, expiresAt };
  }

  /**
   * Spends a token for `action` on `target`, or throws StepUpRequired saying why. Call it before the
   * destructive work starts; the token cannot be spent twice even by concurrent callers.
   */
  consume(input: { token: string | undefined | null; action: StepUpAction; target: string; userId: number | null }): void {
    const req = parse(consumeSchema, { ...input, token: input.token ?? undefined });
    const refusal = this.#spend(req);
    const actor = actorOf(req.userId);
    const label = `${req.action} ${req.target}`;
    if (refusal) {
      this.#audit.write({ ...actor, action: 'stepup.refused', target: label, success: false, details: { reason: refusal } });
      throw new AppError(
        ErrorCode.StepUpRequired,
        `This action needs your confirmation and ${REFUSAL_TEXT[refusal]}. Type the confirmation phrase again to continue.`,
        { action: req.action, target: req.target, reason: refusal },
      );
    }
    this.#audit.write({ ...actor, action: 'stepup.use', target: label, success: true });
  }

  #spend(req: z.infer<typeof consumeSchema>): Refusal | null {
    if (!req.token) return 'missing';
    const hash = hashToken(req.token);
    const row = this.#db.prepare('SELECT * FROM step_up_tokens WHERE token_hash = ?').get(hash) as TokenRow | undefined;
    if (!row) return 'unknown';
    if (row.used_at !== null) return 'used';
    if (this.#clock.now() >= row.expires_at) return 'expired';
    if (row.user_id !== req.userId) return 'other_user';
    if (row.action !== req.action) return 'other_action';
    if (row.target !== req.target) return 'other_target';
    const spent = this.#db.prepare('UPDATE step_up_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL').run(this.#clock.now(), hash);
    return spent.changes === 1 ? null : 'used';
  }
}

function actorOf(userId: number | null) {
  return { userId, actor: userId === null ? 'desktop' : `user:${userId}` };
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue?.path.join('.') || 'request';
    throw new AppError(ErrorCode.InvalidInput, `Invalid ${field}: ${issue?.message ?? 'bad value'}.`, { field });
  }
  return r.data;
}
