/**
 * What the IPC/HTTP handlers need from the core, as one small interface of plain async methods
 * returning plain data. The lead's composition implements it over the real services; the transport
 * tests use `test/support/fakeServices.ts`. Every method validates nothing about its transport and
 * everything about its domain: handlers have already checked the request's shape with zod, the
 * service still owns the business rules (e.g. a setting's allowed values).
 * Failures are thrown as AppError with a message for a person; anything else becomes INTERNAL.
 */
import type {
  AccountSummary,
  AccountTestResult,
  AppStatus,
  DangerAction,
  PostCursor,
  PostPage,
  PushEvent,
  SettingsView,
  SyncDirection,
  SyncRunSummary,
  UserSummary,
} from '../../src-shared/ipc/contract';
import type { Platform } from '../../src-shared/domain/post';

export interface SessionUser extends UserSummary {
  expiresAt: number;
}

export interface AppServices {
  status(): Promise<AppStatus>;
  /**
   * Starts a run and resolves once it has started (not when it ends): the outcome is pushed as one
   * `sync/finished` event. Throws CONFLICT when a run is already going.
   */
  runSync(input: { direction?: SyncDirection }): Promise<{ startedAt: number }>;
  /** Resolves false when nothing was running. */
  cancelSync(): Promise<{ cancelled: boolean }>;
  setSyncEnabled(input: { enabled: boolean }): Promise<{ syncEnabled: boolean }>;
  syncHistory(input: { limit: number; before?: number }): Promise<SyncRunSummary[]>;
  listPosts(input: { platform?: Platform; limit: number; before?: PostCursor }): Promise<PostPage>;
  listAccounts(): Promise<AccountSummary[]>;
  /** Throws NOT_FOUND for an unknown account; a failed sign-in is a result (`ok: false`), not a throw. */
  testAccount(input: { accountId: number }): Promise<AccountTestResult>;
  getSettings(): Promise<SettingsView>;
  /** Throws INVALID_INPUT with `details.field` = the key for an unknown key or a bad value. */
  setSetting(input: { key: string; value: unknown }): Promise<SettingsView>;
  /** `userId` null = the desktop app's local owner. Throws INVALID_INPUT when the phrase does not match. */
  confirmDanger(input: { action: DangerAction; target: string; phrase: string; userId: number | null }): Promise<{ token: string; expiresAt: number }>;
  /** Throws AUTH_FAILED (wrong name or password) or RATE_LIMITED (too many attempts from `address`). */
  login(input: { username: string; password: string; address: string }): Promise<{ token: string; expiresAt: number; user: UserSummary }>;
  /** Resolves false when the token named no open session. */
  logout(token: string): Promise<boolean>;
  /** Throws UNAUTHORIZED or SESSION_EXPIRED. */
  validateSession(token: string): Promise<SessionUser>;
  /**
   * Push events (sync progress/finished, status changes) for the transports to forward. Returns
   * the unsubscribe function. The listener must not throw; a transport that fails to deliver drops it.
   */
  onEvent(listener: (e: PushEvent) => void): () => void;
}
