/**
 * Users and sign-in for `chirpsyncer serve` (SPEC §7, issue 4): bcrypt cost 12, password policy,
 * 5 failed attempts per 15 minutes per user name and address, sessions with expiry and idle timeout.
 * Every method that touches a user's data takes that user's id; admin-only calls check the flag here,
 * in the service, so no transport can skip it.
 */
import type Database from 'better-sqlite3';
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import type { AuditActor, AuditLog } from './AuditLog';
import { LoginRateLimiter } from './LoginRateLimiter';
import { PasswordHasher } from './passwordHasher';
import { assertPasswordPolicy } from './passwordPolicy';
import { SessionStore, type SessionOptions } from './SessionStore';

export interface UserSummary {
  id: number;
  username: string;
  isAdmin: boolean;
  createdAt: number;
}

export interface SignedInUser extends UserSummary {
  sessionId: number;
  expiresAt: number;
}

interface UserRow {
  id: number;
  username: string;
  password_hash: string;
  is_admin: number;
  disabled: number;
  created_at: number;
}

export interface AuthServiceDeps extends SessionOptions {
  db: Database.Database;
  clock: Clock;
  logger: Logger;
  audit: AuditLog;
  /** Tests only: a lower bcrypt cost. Production uses the default (12). */
  bcryptCost?: number;
  rateLimiter?: LoginRateLimiter;
}

const USERNAME_RE = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export class AuthService {
  #db: Database.Database;
  #clock: Clock;
  #logger: Logger;
  #audit: AuditLog;
  #hasher: PasswordHasher;
  #limiter: LoginRateLimiter;
  readonly sessions: SessionStore;

  constructor(deps: AuthServiceDeps) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#audit = deps.audit;
    this.#hasher = new PasswordHasher({ cost: deps.bcryptCost });
    this.#limiter = deps.rateLimiter ?? new LoginRateLimiter({ db: deps.db, clock: deps.clock });
    this.sessions = new SessionStore(deps);
  }

  hasUsers(): boolean {
    return this.#db.prepare('SELECT 1 FROM users LIMIT 1').get() !== undefined;
  }

  /** The first user may be created by anyone (setup); later users only by an admin (`by.userId`). */
  async createUser(input: { username: string; password: string; isAdmin?: boolean }, by: AuditActor): Promise<UserSummary> {
    const first = !this.hasUsers();
    if (!first) this.#requireAdmin(by.userId);
    const username = typeof input.username === 'string' ? input.username.trim() : '';
    if (!USERNAME_RE.test(username)) {
      throw new AppError(ErrorCode.InvalidInput, 'A user name is 1–64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit.', { field: 'username' });
    }
    assertPasswordPolicy(input.password);
    if (this.#db.prepare('SELECT 1 FROM users WHERE username = ?').get(username)) {
      throw new AppError(ErrorCode.Conflict, `A user named "${username}" already exists.`, { field: 'username' });
    }
    const hash = await this.#hasher.hash(input.password);
    const now = this.#clock.now();
    const isAdmin = first || input.isAdmin === true; // the first user administers the others
    const info = this.#db
      .prepare('INSERT INTO users (username, password_hash, is_admin, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(username, hash, isAdmin ? 1 : 0, now, now);
    const user = { id: Number(info.lastInsertRowid), username, isAdmin, createdAt: now };
    this.#audit.write({ ...by, action: 'user.create', target: username, success: true, details: { isAdmin } });
    return user;
  }

  /** Checks the password and opens a session. Wrong name and wrong password get the same answer. */
  async login(input: { username: string; password: string; address: string }): Promise<{ token: string; expiresAt: number; user: UserSummary }> {
    const username = String(input.username ?? '').trim();
    const address = String(input.address ?? 'unknown');
    const limit = this.#limiter.check(username, address);
    if (limit.locked) {
      this.#audit.write({ userId: null, actor: `address:${address}`, action: 'auth.login', target: username, success: false, details: { reason: 'rate_limited' } });
      throw new AppError(ErrorCode.RateLimited, `Too many failed sign-in attempts for "${username}" from this address. Try again after ${new Date(limit.retryAt!).toISOString()}.`, { retryAt: limit.retryAt });
    }
    const row = this.#db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    const ok = row && row.disabled === 0 ? await this.#hasher.verify(String(input.password ?? ''), row.password_hash) : await this.#hasher.verifyNothing(String(input.password ?? ''));
    if (!ok || !row) {
      const after = this.#limiter.recordFailure(username, address);
      this.#audit.write({ userId: row?.id ?? null, actor: `address:${address}`, action: 'auth.login', target: username, success: false, details: { reason: 'bad_credentials', failures: after.failures } });
      throw new AppError(ErrorCode.AuthFailed, 'Wrong user name or password.');
    }
    this.#limiter.clear(username, address);
    const session = this.sessions.create(row.id, address);
    this.#audit.write({ userId: row.id, actor: `user:${row.username}`, action: 'auth.login', target: row.username, success: true, details: { address } });
    this.#logger.info('user signed in', { userId: row.id });
    return { token: session.token, expiresAt: session.expiresAt, user: toSummary(row) };
  }

  /** Resolves a session token to its user; throws Unauthorized / SessionExpired. */
  authenticate(token: string): SignedInUser {
    const s = this.sessions.validate(token);
    const row = this.#db.prepare('SELECT * FROM users WHERE id = ?').get(s.userId) as UserRow | undefined;
    if (!row || row.disabled) {
      this.sessions.revoke(token);
      throw new AppError(ErrorCode.Unauthorized, 'This account no longer exists or was disabled. Ask an administrator.');
    }
    return { ...toSummary(row), sessionId: s.sessionId, expiresAt: s.expiresAt };
  }

  logout(token: string): boolean {
    const userId = this.sessions.revoke(token);
    if (userId !== null) this.#audit.write({ userId, actor: `user:${userId}`, action: 'auth.logout', success: true });
    return userId !== null;
  }

  /** Changes the user's own password; other sessions of that user are signed out. */
  async changePassword(input: { userId: number; current: string; next: string; keepSessionId?: number }): Promise<void> {
    const row = this.#userRow(input.userId);
    const ok = await this.#hasher.verify(String(input.current ?? ''), row.password_hash);
    if (!ok) {
      this.#audit.write({ userId: row.id, actor: `user:${row.username}`, action: 'auth.password_change', success: false, details: { reason: 'bad_current' } });
      throw new AppError(ErrorCode.AuthFailed, 'The current password is wrong.');
    }
    assertPasswordPolicy(input.next, 'new password');
    const hash = await this.#hasher.hash(input.next);
    this.#db.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?').run(hash, this.#clock.now(), row.id);
    const revoked = this.sessions.revokeAllForUser(row.id, input.keepSessionId);
    this.#audit.write({ userId: row.id, actor: `user:${row.username}`, action: 'auth.password_change', success: true, details: { sessionsRevoked: revoked } });
  }

  getUser(userId: number): UserSummary | null {
    const row = this.#db.prepare('SELECT * FROM users WHERE id = ?').get(userId) as UserRow | undefined;
    return row ? toSummary(row) : null;
  }

  /** Admin only. */
  listUsers(actorUserId: number): UserSummary[] {
    this.#requireAdmin(actorUserId);
    return (this.#db.prepare('SELECT * FROM users ORDER BY id').all() as UserRow[]).map(toSummary);
  }

  /** Admin only; an admin cannot delete themself (so at least one admin stays). */
  deleteUser(actorUserId: number, userId: number): void {
    this.#requireAdmin(actorUserId);
    if (actorUserId === userId) throw new AppError(ErrorCode.InvalidInput, 'You cannot delete your own account; ask another administrator.');
    const row = this.#userRow(userId);
    this.#db.prepare('DELETE FROM users WHERE id = ?').run(userId);
    this.#audit.write({ userId: actorUserId, actor: `user:${actorUserId}`, action: 'user.delete', target: row.username, success: true });
  }

  #userRow(userId: number): UserRow {
    const row = this.#db.prepare('SELECT * FROM users WHERE id = ?').get(userId) as UserRow | undefined;
    if (!row) throw new AppError(ErrorCode.NotFound, `There is no user with id ${userId}.`);
    return row;
  }

  #requireAdmin(userId: number | null): void {
    const row = userId === null ? undefined : (this.#db.prepare('SELECT is_admin FROM users WHERE id = ?').get(userId) as { is_admin: number } | undefined);
    if (!row || row.is_admin !== 1) throw new AppError(ErrorCode.Unauthorized, 'Only an administrator can do this.');
  }
}

function toSummary(r: UserRow): UserSummary {
  return { id: r.id, username: r.username, isAdmin: r.is_admin === 1, createdAt: r.created_at };
}
