/**
 * Error codes that cross process boundaries (IPC, HTTP, CLI) as data.
 * Electron keeps only `message` of a thrown error, so services throw AppError and the
 * transport layer turns it into `{ ok: false, error: AppErrorPayload }` (STYLE.md §8).
 */
export enum ErrorCode {
  /** A request or argument failed validation; `details` names the field. */
  InvalidInput = 'INVALID_INPUT',
  /** Required configuration (env var, setting) is missing or malformed. */
  ConfigInvalid = 'CONFIG_INVALID',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  /** Credentials were rejected by the remote service (wrong password, revoked app password). */
  AuthFailed = 'AUTH_FAILED',
  /** The remote service wants a second factor / email confirmation. */
  AuthNeeds2fa = 'AUTH_NEEDS_2FA',
  /** The account is locked, suspended or asked to prove it is human. */
  AccountLocked = 'ACCOUNT_LOCKED',
  /** A stored session expired and could not be refreshed. */
  SessionExpired = 'SESSION_EXPIRED',
  RateLimited = 'RATE_LIMITED',
  /** Network unreachable, DNS, connection refused, timeout. */
  NetworkDown = 'NETWORK_DOWN',
  /** The remote answered with something our parser/contract does not understand. */
  RemoteApiChanged = 'REMOTE_API_CHANGED',
  /** The remote refused the content (too long, duplicate, invalid). */
  RemoteRejected = 'REMOTE_REJECTED',
  /** The remote signalled automation / spam suspicion: all writes stop. */
  AutomationSuspected = 'AUTOMATION_SUSPECTED',
  /** Too many consecutive unexpected failures; the run was stopped. */
  CircuitOpen = 'CIRCUIT_OPEN',
  Cancelled = 'CANCELLED',
  /** Vault key wrong, data tampered with, or keychain unavailable. */
  VaultLocked = 'VAULT_LOCKED',
  VaultCorrupt = 'VAULT_CORRUPT',
  /** A destructive operation was attempted without a valid step-up token. */
  StepUpRequired = 'STEP_UP_REQUIRED',
  Unauthorized = 'UNAUTHORIZED',
  /** The database was written by a newer app version. */
  StoreTooNew = 'STORE_TOO_NEW',
  Internal = 'INTERNAL',
}

export interface AppErrorPayload {
  code: ErrorCode;
  /** A sentence for a person: what went wrong and what to do. Never contains secrets. */
  message: string;
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toPayload(): AppErrorPayload {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorPayload };
