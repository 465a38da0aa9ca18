/**
 * Optional passphrase lock for the desktop app (SPEC §7): bcrypt cost 12, the password policy, the
 * same 5-per-15-minutes rate limit as sign-in, and an idle auto-lock. When the lock is on, the app
 * starts locked. `onLockChange` lets compose() close the vault (forget the key) while locked.
 */
import type Database from 'better-sqlite3';
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Clock } from '../util/clock';
import type { AuditActor, AuditLog } from './AuditLog';
import { LoginRateLimiter } from './LoginRateLimiter';
import { PasswordHasher } from './passwordHasher';
import { assertPasswordPolicy } from './passwordPolicy';

export const DEFAULT_IDLE_LOCK_MS = 15 * 60_000;
/** Rate-limit key: the lock has no user name, and every attempt comes from this machine. */
const LOCK_USER = '(app-lock)';
const LOCK_ADDRESS = 'local';
const DESKTOP: AuditActor = { userId: null, actor: 'desktop' };

export interface AppLockDeps {
  db: Database.Database;
  clock: Clock;
  audit: AuditLog;
  bcryptCost?: number;
  rateLimiter?: LoginRateLimiter;
  onLockChange?: (locked: boolean) => void;
}

export class AppLock {
  #db: Database.Database;
  #clock: Clock;
  #audit: AuditLog;
  #hasher: PasswordHasher;
  #limiter: LoginRateLimiter;
  #onChange: (locked: boolean) => void;
  #locked: boolean;
  #lastActivity: number;

  constructor(deps: AppLockDeps) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#audit = deps.audit;
    this.#hasher = new PasswordHasher({ cost: deps.bcryptCost });
    this.#limiter = deps.rateLimiter ?? new LoginRateLimiter({ db: deps.db, clock: deps.clock });
    this.#onChange = deps.onLockChange ?? (() => {});
    this.#locked = this.isEnabled();
    this.#lastActivity = deps.clock.now();
  }

  isEnabled(): boolean {
    return this.#row() !== undefined;
  }

  isLocked(): boolean {
    return this.#locked;
  }

  status(): { enabled: boolean; locked: boolean; idleMs: number | null } {
    const row = this.#row();
    return { enabled: row !== undefined, locked: this.#locked, idleMs: row?.idle_ms ?? null };
  }

  /** Turns the lock on or changes the passphrase (changing needs the current one). */
  async setPassphrase(input: { next: string; current?: string; idleMs?: number }): Promise<void> {
    if (this.isEnabled()) await this.#verifyOrThrow(input.current ?? '', 'app.lock_set');
    assertPasswordPolicy(input.next, 'app passphrase');
    const idleMs = input.idleMs ?? DEFAULT_IDLE_LOCK_MS;
    if (!Number.isInteger(idleMs) || idleMs < 60_000) throw new AppError(ErrorCode.InvalidInput, 'The idle lock time must be at least one minute.', { field: 'idleMs' });
    const hash = await this.#hasher.hash(input.next);
    this.#db
      .prepare('INSERT INTO app_lock (id, passphrase_hash, idle_ms, updated_at) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET passphrase_hash = excluded.passphrase_hash, idle_ms = excluded.idle_ms, updated_at = excluded.updated_at')
      .run(hash, idleMs, this.#clock.now());
    this.#audit.write({ ...DESKTOP, action: 'app.lock_set', success: true, details: { idleMs } });
  }

  async disable(current: string): Promise<void> {
    await this.#verifyOrThrow(current, 'app.lock_clear');
    this.#db.prepare('DELETE FROM app_lock WHERE id = 1').run();
    this.#audit.write({ ...DESKTOP, action: 'app.lock_clear', success: true });
    this.#setLocked(false);
  }

  lock(reason: 'manual' | 'idle' = 'manual'): void {
    if (!this.isEnabled()) throw new AppError(ErrorCode.InvalidInput, 'The app lock is off. Set a passphrase first.');
    if (this.#locked) return;
    this.#audit.write({ ...DESKTOP, action: 'app.lock', success: true, details: { reason } });
    this.#setLocked(true);
  }

  async unlock(passphrase: string): Promise<void> {
    if (!this.#locked) return;
    await this.#verifyOrThrow(passphrase, 'app.unlock');
    this.#audit.write({ ...DESKTOP, action: 'app.unlock', success: true });
    this.touch();
    this.#setLocked(false);
  }

  /** Records user activity (window focus, input) so the idle timer restarts. */
  touch(): void {
    this.#lastActivity = this.#clock.now();
  }

  /** Locks when idle for longer than the configured time; returns true when it just locked. */
  checkIdle(): boolean {
    const row = this.#row();
    if (!row || this.#locked || this.#clock.now() - this.#lastActivity < row.idle_ms) return false;
    this.lock('idle');
    return true;
  }

  async #verifyOrThrow(passphrase: string, action: 'app.unlock' | 'app.lock_set' | 'app.lock_clear'): Promise<void> {
    const row = this.#row();
    if (!row) throw new AppError(ErrorCode.InvalidInput, 'The app lock is off.');
    const limit = this.#limiter.check(LOCK_USER, LOCK_ADDRESS);
    if (limit.locked) {
      this.#audit.write({ ...DESKTOP, action, success: false, details: { reason: 'rate_limited' } });
      throw new AppError(ErrorCode.RateLimited, `Too many wrong passphrases. Try again after ${new Date(limit.retryAt!).toISOString()}.`, { retryAt: limit.retryAt });
    }
    if (!(await this.#hasher.verify(String(passphrase ?? ''), row.passphrase_hash))) {
      this.#limiter.recordFailure(LOCK_USER, LOCK_ADDRESS);
      this.#audit.write({ ...DESKTOP, action, success: false, details: { reason: 'wrong_passphrase' } });
      throw new AppError(ErrorCode.AuthFailed, 'Wrong passphrase.');
    }
    this.#limiter.clear(LOCK_USER, LOCK_ADDRESS);
  }

  #row(): { passphrase_hash: string; idle_ms: number } | undefined {
    return this.#db.prepare('SELECT passphrase_hash, idle_ms FROM app_lock WHERE id = 1').get() as { passphrase_hash: string; idle_ms: number } | undefined;
  }

  #setLocked(locked: boolean): void {
    this.#locked = locked;
    this.#onChange(locked);
  }
}
