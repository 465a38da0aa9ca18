/**
 * Append-only audit log of sensitive operations (SPEC §7, issue 4): who, what, target, success and
 * details. Details pass through the logger's `redact` with the live secret set, so a caller that
 * hands over a secret by mistake still stores "[redacted]". Old entries move to `audit_archive`
 * (archiveOlderThan) and archived ones can be purged (purgeArchiveOlderThan) by the task scheduler.
 */
import type Database from 'better-sqlite3';
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Clock } from '../util/clock';
import { redact } from '../util/logger';

export type AuditAction =
  | 'auth.login'
  | 'auth.logout'
  | 'auth.password_change'
  | 'user.create'
  | 'user.delete'
  | 'app.lock'
  | 'app.unlock'
  | 'app.lock_set'
  | 'app.lock_clear'
  | 'credential.create'
  | 'credential.update'
  | 'credential.delete'
  | 'credential.test'
  | 'vault.create'
  | 'vault.rotate'
  | 'vault.reset'
  | 'vault.backend_change'
  | 'export'
  | 'destructive.run'
  | 'settings.change'
  | 'stepup.confirm'
  | 'stepup.use'
  | 'stepup.refused';

/** Who did it: a user id for the headless multi-user case; null for the desktop owner or the system. */
export interface AuditActor {
  userId: number | null;
  /** "user:alice", "desktop", "cli", "scheduler", "system". */
  actor: string;
}

export interface AuditEntryInput extends Partial<AuditActor> {
  action: AuditAction;
  target?: string | null;
  success: boolean;
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  id: number;
  at: number;
  userId: number | null;
  actor: string;
  action: AuditAction;
  target: string | null;
  success: boolean;
  details: Record<string, unknown> | null;
}

interface AuditRow {
  id: number;
  at: number;
  user_id: number | null;
  actor: string;
  action: string;
  target: string | null;
  success: number;
  details_json: string | null;
}

export interface AuditListOptions {
  /** Scope: a user's own entries. Omit only for an admin view (the transport checks the admin flag). */
  userId?: number | null;
  action?: AuditAction;
  /** Entries strictly older than this id (paging, newest first). */
  beforeId?: number;
  limit?: number;
}

const MAX_DETAILS_CHARS = 4000;
export const SYSTEM_ACTOR: AuditActor = { userId: null, actor: 'system' };

export class AuditLog {
  #db: Database.Database;
  #clock: Clock;
  #secrets: ReadonlySet<string>;
  #insert: Database.Statement<[number, number | null, string, string, string | null, number, string | null]>;

  constructor(deps: { db: Database.Database; clock: Clock; secrets?: ReadonlySet<string> }) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#secrets = deps.secrets ?? new Set();
    this.#insert = deps.db.prepare(
      'INSERT INTO audit_log (at, user_id, actor, action, target, success, details_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
  }

  write(entry: AuditEntryInput): AuditEntry {
    const at = this.#clock.now();
    const actor = entry.actor ?? SYSTEM_ACTOR.actor;
    const userId = entry.userId ?? null;
    const target = entry.target == null ? null : String(redact(entry.target, this.#secrets));
    const details = entry.details ? (redact(entry.details, this.#secrets) as Record<string, unknown>) : null;
    let json = details ? JSON.stringify(details) : null;
    if (json && json.length > MAX_DETAILS_CHARS) json = JSON.stringify({ truncated: true, preview: json.slice(0, MAX_DETAILS_CHARS) });
    const info = this.#insert.run(at, userId, actor, entry.action, target, entry.success ? 1 : 0, json);
    return { id: Number(info.lastInsertRowid), at, userId, actor, action: entry.action, target, success: entry.success, details: json ? JSON.parse(json) : null };
  }

  list(opts: AuditListOptions = {}): AuditEntry[] {
    const limit = opts.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new AppError(ErrorCode.InvalidInput, 'limit must be a whole number from 1 to 1000.', { field: 'limit' });
    const where: string[] = [];
    const args: unknown[] = [];
    if (opts.userId !== undefined) (where.push('user_id IS ?'), args.push(opts.userId));
    if (opts.action) (where.push('action = ?'), args.push(opts.action));
    if (opts.beforeId !== undefined) (where.push('id < ?'), args.push(opts.beforeId));
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    const rows = this.#db.prepare(sql).all(...args, limit) as AuditRow[];
    return rows.map(toEntry);
  }

  /** Moves entries older than `ageMs` into audit_archive, in one transaction. Returns how many moved. */
  archiveOlderThan(ageMs: number): number {
    assertAge(ageMs);
    const now = this.#clock.now();
    const cutoff = now - ageMs;
    return this.#db.transaction(() => {
      this.#db
        .prepare('INSERT INTO audit_archive (id, at, user_id, actor, action, target, success, details_json, archived_at) SELECT id, at, user_id, actor, action, target, success, details_json, ? FROM audit_log WHERE at < ?')
        .run(now, cutoff);
      return this.#db.prepare('DELETE FROM audit_log WHERE at < ?').run(cutoff).changes;
    })();
  }

  /** Retention for the archive: deletes archived entries older than `ageMs`. Returns how many were deleted. */
  purgeArchiveOlderThan(ageMs: number): number {
    assertAge(ageMs);
    return this.#db.prepare('DELETE FROM audit_archive WHERE at < ?').run(this.#clock.now() - ageMs).changes;
  }

  archivedCount(): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM audit_archive').get() as { n: number }).n;
  }
}

function assertAge(ageMs: number): void {
  if (!Number.isFinite(ageMs) || ageMs < 0) throw new AppError(ErrorCode.InvalidInput, 'The age must be a non-negative number of milliseconds.', { field: 'ageMs' });
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    userId: r.user_id,
    actor: r.actor,
    action: r.action as AuditAction,
    target: r.target,
    success: r.success === 1,
    details: r.details_json ? (JSON.parse(r.details_json) as Record<string, unknown>) : null,
  };
}
