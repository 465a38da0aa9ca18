import type { Post } from '../../src-shared/domain/post';
import type { Direction, PartDraft, Ref } from './types';

export type IntentStatus = 'pending' | 'sent' | 'unknown' | 'done' | 'failed' | 'poison';

export interface IntentRecord {
  id: number;
  status: IntentStatus;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: number | null;
  targetKey: string | null;
  remoteId: string | null;
  remoteCid: string | null;
  lastError: string | null;
  createdAt: number;
}

export interface LinkRecord {
  partIndex: number;
  role: 'root' | 'part' | 'continuation';
  copyId: string;
  copyCid: string | null;
  /** How many parts the source post was split into (from its intent); null for links made without one. */
  partCount: number | null;
}

/**
 * What the sync engine needs from the store. `storePort.ts` implements it over the repositories;
 * keeping it narrow keeps the engine's steps readable and its writes on one path (STYLE.md §14).
 */
export interface SyncStorePort {
  upsertSourcePosts(accountId: number, posts: Post[]): { inserted: number; updated: number };
  saveCursor(accountId: number, name: string, value: string | null): void;
  getCursor(accountId: number, name: string): string | null;
  /** Own posts of the account not yet completely linked for this pair, oldest first, at most `limit`. */
  unsyncedPosts(pairId: number, direction: Direction, accountId: number, limit: number): Post[];
  linkedSourceIds(pairId: number, platform: Post['platform'], ids: string[]): Set<string>;
  engineCopyIds(platform: Post['platform'], ids: string[]): Set<string>;
  recentPosts(accountId: number, since: number): Pick<Post, 'text' | 'createdAt'>[];
  getPost(accountId: number, id: string): Post | null;
  linksFor(pairId: number, direction: Direction, sourceId: string): LinkRecord[];
  ensureIntent(i: {
    pairId: number;
    direction: Direction;
    sourceId: string;
    partIndex: number;
    partCount: number;
    targetKey: string | null;
    payload: PartDraft;
    maxAttempts: number;
    now: number;
  }): IntentRecord;
  markSent(intentId: number, now: number): void;
  markUnknown(intentId: number, error: string, now: number): void;
  /** `countAttempt` false for failures that are not the item's fault (rate limit, network down). */
  markRetry(intentId: number, error: string, nextAttemptAt: number, countAttempt: boolean, now: number): IntentRecord;
  commitPublished(c: {
    intentId: number;
    pairId: number;
    direction: Direction;
    source: Post;
    partIndex: number;
    role: LinkRecord['role'];
    targetAccountId: number;
    copy: Post;
    ref: Ref;
    now: number;
  }): void;
  createdSince(pairId: number, direction: Direction, since: number): number;
  /** Copies (per source) of sources created since `since`: what cross-delete may remove. */
  recentSourceLinks(pairId: number, direction: Direction, since: number): { sourceId: string; copyId: string; copyCid: string | null }[];
  /** The source post is gone from its network (and so is its copy, when `copyGone`). */
  markGone(accountId: number, id: string, now: number): void;
  /** Remember the planner's decisions not to copy a post, so it is not planned again every run. */
  recordSkips(pairId: number, direction: Direction, skips: { sourceId: string; reason: string }[], now: number): void;
}
