/**
 * Sessions for `chirpsyncer serve` (SPEC §7): tokens from a CSPRNG (32 bytes), stored only as
 * SHA-256 hashes, with an absolute expiry and an idle timeout. An expired or idle session is deleted
 * when it is seen, and reported as SessionExpired so the UI can say "sign in again".
 */
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Clock } from '../util/clock';
import { hashToken, newToken } from './crypto';

export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 30 * 60_000;

interface SessionRow {
  id: number;
  user_id: number;
  expires_at: number;
  last_seen_at: number;
}

export interface SessionInfo {
  sessionId: number;
  userId: number;
  expiresAt: number;
}

export interface SessionOptions {
  ttlMs?: number;
  idleTimeoutMs?: number;
  random?: (n: number) => Buffer;
}

export class SessionStore {
  #db: Database.Database;
  #clock: Clock;
  #ttl: number;
  #idle: number;
  #random: (n: number) => Buffer;

  constructor(deps: { db: Database.Database; clock: Clock } & SessionOptions) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#ttl = deps.ttlMs ?? DEFAULT_SESSION_TTL_MS;
    this.#idle = deps.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.#random = deps.random ?? randomBytes;
  }

  create(userId: number, address: string | null): { token: string; expiresAt: number; sessionId: number } {
    const token = newToken(this.#random);
    const now = this.#clock.now();
    const expiresAt = now + this.#ttl;
    const info = this.#db
      .prepare('INSERT INTO sessions (user_id, token_hash, address, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(userId, hashToken(token), address, now, expiresAt, now);
    return { token, expiresAt, sessionId: Number(info.lastInsertRowid) };
  }

  /** Returns the session and marks it used now; throws Unauthorized / SessionExpired. */
  validate(token: string): SessionInfo {
    if (typeof token !== 'string' || token.length < 20 || token.length > 200) throw notSignedIn();
    const row = this.#db.prepare('SELECT id, user_id, expires_at, last_seen_at FROM sessions WHERE token_hash = ?').get(hashToken(token)) as SessionRow | undefined;
    if (!row) throw notSignedIn();
    const now = this.#clock.now();
    if (now >= row.expires_at) {
      this.#delete(row.id);
      throw new AppError(ErrorCode.SessionExpired, 'Your session has expired. Sign in again.', { reason: 'expired' });
    }
    if (now - row.last_seen_at >= this.#idle) {
      this.#delete(row.id);
      throw new AppError(ErrorCode.SessionExpired, `You were signed out after ${Math.round(this.#idle / 60_000)} minutes without activity. Sign in again.`, { reason: 'idle' });
    }
    this.#db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(now, row.id);
    return { sessionId: row.id, userId: row.user_id, expiresAt: row.expires_at };
  }

  /** Revokes one session by its token; returns the user it belonged to (null when unknown). */
  revoke(token: string): number | null {
    const row = this.#db.prepare('SELECT id, user_id FROM sessions WHERE token_hash = ?').get(hashToken(String(token))) as { id: number; user_id: number } | undefined;
    if (!row) return null;
    this.#delete(row.id);
    return row.user_id;
  }

  revokeAllForUser(userId: number, exceptSessionId?: number): number {
    return this.#db.prepare('DELETE FROM sessions WHERE user_id = ? AND id IS NOT ?').run(userId, exceptSessionId ?? null).changes;
  }

  /** Deletes expired and idle sessions (for the task scheduler). Returns how many went. */
  prune(): number {
    const now = this.#clock.now();
    return this.#db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?').run(now, now - this.#idle).changes;
  }

  #delete(id: number): void {
    this.#db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
  }
}

function notSignedIn(): AppError {
  return new AppError(ErrorCode.Unauthorized, 'You are not signed in (or the session was revoked). Sign in again.');
}
