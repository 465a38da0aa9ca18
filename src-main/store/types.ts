/**
 * Domain shapes the store hands out (plain data, epoch-ms instants, booleans as booleans).
 * The `*Row` types that mirror the tables live next to the SQL in each repository.
 */
import type { Platform, Post } from '../../src-shared/domain/post';

export type SyncDirection = 'x-to-bsky' | 'bsky-to-x';
export const SYNC_DIRECTIONS: readonly SyncDirection[] = ['x-to-bsky', 'bsky-to-x'];

export interface Profile {
  id: number;
  name: string;
  createdAt: number;
}

export interface Account {
  id: number;
  profileId: number;
  platform: Platform;
  handle: string;
  /** X user rest_id or Bluesky DID. */
  remoteId: string;
  serviceUrl: string | null;
  displayName: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewAccount {
  profileId: number;
  platform: Platform;
  handle: string;
  remoteId: string;
  serviceUrl?: string | null;
  displayName?: string | null;
}

export interface AccountPair {
  id: number;
  profileId: number;
  xAccountId: number;
  bskyAccountId: number;
  xToBskyEnabled: boolean;
  bskyToXEnabled: boolean;
  createdAt: number;
}

/** A post as the index holds it: the domain Post plus what only the store knows. */
export interface StoredPost extends Post {
  /** posts.id: the FTS rowid and the paging tie-breaker. */
  rowId: number;
  accountId: number;
  madeByEngine: boolean;
  fingerprint: string;
  deletedAt: number | null;
  firstSeenAt: number;
  updatedAt: number;
}

export type LinkRole = 'root' | 'part' | 'continuation';

export interface NewSyncLink {
  pairId: number;
  sourcePlatform: Platform;
  sourceId: string;
  copyPlatform: Platform;
  copyId: string;
  copyCid?: string | null;
  /** root = first (or only) copy of a source post; part = a later part of a split; continuation = a self-thread reply. */
  role: LinkRole;
  partIndex?: number;
  sourceCreatedAt?: number | null;
}

export interface SyncLink extends Required<Omit<NewSyncLink, 'copyCid' | 'sourceCreatedAt'>> {
  id: number;
  copyCid: string | null;
  sourceCreatedAt: number | null;
  createdAt: number;
}

export type IntentStatus = 'pending' | 'sent' | 'unknown' | 'done' | 'failed' | 'poison';

export interface NewPublishIntent {
  pairId: number;
  direction: SyncDirection;
  sourceId: string;
  partIndex?: number;
  partCount?: number;
  /** Deterministic Bluesky record key, so a retry cannot create a second record. */
  targetKey?: string | null;
  /** What to publish (text, media refs, reply refs); stored as JSON, returned parsed. */
  payload: unknown;
  maxAttempts?: number;
  /** Epoch ms; default now. */
  nextAttemptAt?: number;
}

export interface PublishIntent {
  id: number;
  pairId: number;
  direction: SyncDirection;
  sourceId: string;
  partIndex: number;
  partCount: number;
  targetKey: string | null;
  payload: unknown;
  status: IntentStatus;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  remoteId: string | null;
  remoteCid: string | null;
  createdAt: number;
  updatedAt: number;
}

export type RunStatus = 'running' | 'ok' | 'partial' | 'failed' | 'cancelled' | 'interrupted';

export interface RunCounts {
  fetched: number;
  created: number;
  skipped: number;
  failed: number;
}

export interface SyncRun extends RunCounts {
  id: number;
  pairId: number;
  direction: SyncDirection;
  startedAt: number;
  finishedAt: number | null;
  status: RunStatus;
  error: string | null;
  durationMs: number | null;
}

export interface HourlyStat {
  pairId: number;
  /** Epoch ms of the start of the UTC hour. */
  hour: number;
  direction: SyncDirection;
  created: number;
  failed: number;
  skipped: number;
}

export const HOUR_MS = 3_600_000;
export const hourOf = (ms: number): number => Math.floor(ms / HOUR_MS) * HOUR_MS;
