/**
 * The one list of everything the renderer may ask the main process for (request channels,
 * `domain/verb-noun`) and everything main pushes to it (events, `domain/noun`). Both transports —
 * Electron IPC and `chirpsyncer serve` over HTTP — carry exactly this contract (STYLE.md §4, §11).
 * Payloads are plain data: epoch-ms numbers for instants, no class instances (STYLE.md §9).
 * Pure TypeScript: imported by main, preload and renderer alike.
 */
import type { Platform, PostKind, PostSource } from '../domain/post';
import type { Envelope } from './envelope';

export type SyncDirection = 'x-to-bsky' | 'bsky-to-x';
export type SyncState = 'idle' | 'running' | 'cancelling';
export type RunStatus = 'running' | 'ok' | 'partial' | 'failed' | 'cancelled' | 'interrupted';

/** The actions that need a typed confirmation phrase (SPEC §7). */
export const DANGER_ACTIONS = ['mass-delete', 'account-remove', 'vault-reset', 'migration-delete'] as const;
export type DangerAction = (typeof DANGER_ACTIONS)[number];

export interface ErrorNote {
  /** Epoch ms. */
  at: number;
  /** A sentence for a person. */
  message: string;
  /** ErrorCode value when the failure had one. */
  code: string | null;
}

export interface LastSyncSummary {
  startedAt: number;
  finishedAt: number;
  ok: boolean;
  created: number;
  failed: number;
}

/** What the Dashboard shows. */
export interface AppStatus {
  syncState: SyncState;
  /** The tray's on/off toggle: false means no scheduled syncs (manual "Sync now" still works). */
  syncEnabled: boolean;
  lastSync: LastSyncSummary | null;
  /** Epoch ms of the next scheduled sync; null when sync is off or nothing is scheduled. */
  nextSyncAt: number | null;
  counts: {
    /** Posts in the local index per platform. */
    posts: Record<Platform, number>;
    /** Source posts that have a copy on the other side. */
    synced: number;
    /** Publish intents waiting for (re)try. */
    pending: number;
    /** Items that gave up (poison) and need a person to look. */
    failed: number;
  };
  recentErrors: ErrorNote[];
  /** Shown in the footer so bug reports name a version. */
  version: string;
}

export interface SyncRunSummary {
  id: number;
  direction: SyncDirection;
  status: RunStatus;
  startedAt: number;
  finishedAt: number | null;
  fetched: number;
  created: number;
  skipped: number;
  failed: number;
  /** Plain-language error of a failed run. */
  error: string | null;
  durationMs: number | null;
}

/** A post of the local index as lists show it (no raw payload). */
export interface PostSummary {
  /** Index row id: stable key for virtualised lists and the paging tie-breaker. */
  rowId: number;
  platform: Platform;
  id: string;
  authorHandle: string;
  text: string;
  createdAt: number;
  kind: PostKind;
  source: PostSource;
  mediaCount: number;
  likes: number;
  reposts: number;
  replies: number;
  /** Public URL on its network, when one can be built. */
  url: string | null;
}

/** Keyset cursor: the `createdAt` and `rowId` of the last post of the previous page. */
export interface PostCursor {
  createdAt: number;
  rowId: number;
}

export interface PostPage {
  items: PostSummary[];
  /** Pass as `before` to get the next (older) page; null when this was the last page. */
  nextCursor: PostCursor | null;
  /** Total posts matching the filter, for the list's scroll height and the header. */
  total: number;
}

export interface AccountSummary {
  id: number;
  platform: Platform;
  handle: string;
  displayName: string | null;
  /** Bluesky PDS URL; null for X. */
  serviceUrl: string | null;
  /** Whether usable credentials are stored (never the credentials themselves). */
  hasCredentials: boolean;
}

export interface AccountTestResult {
  accountId: number;
  ok: boolean;
  /** ErrorCode of the failure (AUTH_FAILED, AUTH_NEEDS_2FA, RATE_LIMITED, NETWORK_DOWN ...); null when ok. */
  code: string | null;
  /** Plain-language outcome: "Connected as @alice.bsky.social." or what went wrong and what to do. */
  message: string;
  checkedAt: number;
}

/** Settings by key (see the store's settings schema); values are JSON data. */
export type SettingsView = Record<string, unknown>;

export interface UserSummary {
  id: number;
  username: string;
  isAdmin: boolean;
}

/** Where the renderer stands: the desktop window needs no sign-in; the web UI does. */
export type SessionInfo =
  | { mode: 'desktop' }
  | { mode: 'web'; signedIn: false }
  | { mode: 'web'; signedIn: true; user: UserSummary; expiresAt: number; csrfToken: string };

export interface LoginResult {
  user: UserSummary;
  expiresAt: number;
  /**
   * Send back as the `x-chirp-csrf` header on every later request (web mode). The session token
   * itself never reaches page scripts: it travels in the HttpOnly `chirp_token` cookie.
   */
  csrfToken: string | null;
}

/** Every request channel: its request and response types. */
export interface IpcContract {
  /** Dashboard numbers: sync state, last/next sync, counts, recent errors. */
  'app/get-status': { req: Record<string, never>; res: AppStatus };
  /**
   * Starts one sync run in the background and returns at once; progress arrives as `sync/progress`
   * events and the outcome as exactly one `sync/finished`. CONFLICT when a run is already going.
   */
  'sync/run': { req: { direction?: SyncDirection }; res: { startedAt: number } };
  /** Asks the running sync to stop between batches. `cancelled` is false when nothing was running. */
  'sync/cancel': { req: Record<string, never>; res: { cancelled: boolean } };
  /** Turns scheduled syncing on or off (the tray toggle). */
  'sync/set-enabled': { req: { enabled: boolean }; res: { syncEnabled: boolean } };
  /** Recent runs, newest first; `before` = a run id to page past. */
  'sync/list-runs': { req: { limit: number; before?: number }; res: SyncRunSummary[] };
  /** One page of the local index, newest first. */
  'posts/list': { req: { platform?: Platform; limit: number; before?: PostCursor }; res: PostPage };
  'accounts/list': { req: Record<string, never>; res: AccountSummary[] };
  /** Signs in with the stored credentials and explains the outcome in plain words (SPEC §2.1). */
  'accounts/test': { req: { accountId: number }; res: AccountTestResult };
  'settings/get': { req: Record<string, never>; res: SettingsView };
  /** Validates and stores one setting; INVALID_INPUT names the key and what is allowed. */
  'settings/set': { req: { key: string; value: unknown }; res: SettingsView };
  /**
   * Step-up (SPEC §7): checks the typed phrase and returns a single-use token valid 5 minutes for
   * exactly this action and target. The user comes from the session, never from the request.
   */
  'danger/confirm': { req: { action: DangerAction; target: string; phrase: string }; res: { token: string; expiresAt: number } };
  /** Web mode: whether this browser is signed in (and its CSRF value). Needs no session. */
  'auth/session': { req: Record<string, never>; res: SessionInfo };
  /** Web mode: user name + password; sets the `chirp_token` cookie. Needs no session. */
  'auth/login': { req: { username: string; password: string }; res: LoginResult };
  /** Ends this session and clears the cookie. */
  'auth/logout': { req: Record<string, never>; res: { signedOut: boolean } };
}

export type Channel = keyof IpcContract;
export type RequestOf<C extends Channel> = IpcContract[C]['req'];
export type ResponseOf<C extends Channel> = IpcContract[C]['res'];

/** Runtime list of channels; `satisfies` keeps it in step with IpcContract both ways (see below). */
export const CHANNELS = [
  'app/get-status',
  'sync/run',
  'sync/cancel',
  'sync/set-enabled',
  'sync/list-runs',
  'posts/list',
  'accounts/list',
  'accounts/test',
  'settings/get',
  'settings/set',
  'danger/confirm',
  'auth/session',
  'auth/login',
  'auth/logout',
] as const satisfies readonly Channel[];

// Compile-time check that CHANNELS names every channel of IpcContract (a missing one is an error here).
type MissingChannels = Exclude<Channel, (typeof CHANNELS)[number]>;
const _allChannelsListed: [MissingChannels] extends [never] ? true : MissingChannels = true;
void _allChannelsListed;

/** Channels that work without a signed-in session in web mode. */
export const PUBLIC_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['auth/session', 'auth/login']);

export function isChannel(x: unknown): x is Channel {
  return typeof x === 'string' && (CHANNELS as readonly string[]).includes(x);
}

export interface SyncProgressEvent {
  direction: SyncDirection;
  /** Items handled so far in this direction. */
  done: number;
  total: number;
}

export interface SyncDirectionOutcome {
  direction: SyncDirection;
  status: 'ok' | 'failed' | 'cancelled';
  fetched: number;
  created: number;
  skipped: number;
  failed: number;
  error: string | null;
  errorCode: string | null;
}

export interface SyncFinishedEvent {
  startedAt: number;
  finishedAt: number;
  ok: boolean;
  directions: SyncDirectionOutcome[];
}

/** Every push event main sends: at most 10 progress events a second, then exactly one finished. */
export interface IpcEvents {
  'sync/progress': SyncProgressEvent;
  'sync/finished': SyncFinishedEvent;
  /** The Dashboard should refetch `app/get-status` (sync toggled, settings changed, account added). */
  'app/status-changed': { reason: string };
}

export type EventName = keyof IpcEvents;
export const EVENTS = ['sync/progress', 'sync/finished', 'app/status-changed'] as const satisfies readonly EventName[];
type MissingEvents = Exclude<EventName, (typeof EVENTS)[number]>;
const _allEventsListed: [MissingEvents] extends [never] ? true : MissingEvents = true;
void _allEventsListed;

export function isEventName(x: unknown): x is EventName {
  return typeof x === 'string' && (EVENTS as readonly string[]).includes(x);
}

/** An event as it travels (IPC message body, SSE data line). */
export type PushEvent = { [E in EventName]: { name: E; payload: IpcEvents[E] } }[EventName];

/** The object preload puts on `window.chirp` (desktop app only). */
export interface ChirpBridge {
  invoke<C extends Channel>(channel: C, req: RequestOf<C>): Promise<Envelope<ResponseOf<C>>>;
  on<E extends EventName>(event: E, cb: (payload: IpcEvents[E]) => void): () => void;
}

/** The single Electron IPC channel main uses to push `PushEvent`s to the preload (desktop only). */
export const ELECTRON_EVENT_CHANNEL = 'chirp:event';
