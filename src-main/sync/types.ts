import type { Platform, Post } from '../../src-shared/domain/post';

export type Direction = 'x-to-bsky' | 'bsky-to-x';

export const sourceOf = (d: Direction): Platform => (d === 'x-to-bsky' ? 'x' : 'bsky');
export const targetOf = (d: Direction): Platform => (d === 'x-to-bsky' ? 'bsky' : 'x');

/** A published copy on the target: X id, or Bluesky at:// URI + CID. */
export interface Ref {
  id: string;
  cid?: string;
}

export interface MediaDraft {
  /** Index into the source post's media list. */
  sourceIndex: number;
  kind: 'photo' | 'gif' | 'video';
  url?: string;
  localPath?: string;
  mimeType?: string;
  alt: string | null;
  width?: number;
  height?: number;
}

/** One post to create on the target. Plain data: stored as the intent's payload. */
export interface PartDraft {
  text: string;
  /** Bluesky facets (UTF-8 byte ranges), computed after the final text is known. */
  facets?: unknown[];
  media: MediaDraft[];
  /** Source id of an own post whose copy this part must quote natively. */
  quoteSourceId?: string;
  /** ISO time for Bluesky createdAt. */
  createdAt: string;
  langs?: string[];
}

/** Something the person should see about one item, without failing the run (SPEC §2.2 media rule). */
export interface ItemNote {
  sourceId: string;
  message: string;
}

export type SkipReason =
  | 'reply-to-others'
  | 'repost'
  | 'opt-out-marker'
  | 'made-by-engine'
  | 'fingerprint-match'
  | 'before-sync-start'
  | 'empty'
  | 'quote-of-others';

/** A source post with the parts it becomes on the target; thread position resolved by the planner. */
export interface SyncUnit {
  source: Post;
  /** Source id of the previous post in the same self-thread, when that one is (or will be) synced. */
  threadParentId: string | null;
  parts: PartDraft[];
  notes: ItemNote[];
}

export interface PlannedSkip {
  source: Post;
  reason: SkipReason;
}

export interface SyncPlan {
  units: SyncUnit[];
  skipped: PlannedSkip[];
}

/** What a target network must offer the publisher. Implemented over the connectors in `targets/`. */
export interface PublishTarget {
  readonly platform: Platform;
  /** Deterministic key for a part (Bluesky rkey), so a retried create cannot duplicate; null on X. */
  keyFor(source: Post, partIndex: number): string | null;
  publish(
    draft: PartDraft,
    ctx: { key: string | null; replyTo?: { root: Ref; parent: Ref }; quote?: Ref; signal?: AbortSignal },
  ): Promise<{ ref: Ref; post: Post; created: boolean; notes: string[] }>;
  /**
   * After an attempt whose outcome is unknown: is the part already there? Bluesky looks up the
   * deterministic key; X looks through the account's recent posts for the same text.
   */
  findExisting(draft: PartDraft, ctx: { key: string | null; since: number; signal?: AbortSignal }): Promise<{ ref: Ref; post: Post } | null>;
  delete(ref: Ref, signal?: AbortSignal): Promise<'deleted' | 'already_gone'>;
}

/** Reads own posts from a source network. */
export interface SourceReader {
  readonly platform: Platform;
  /** Own posts newer than `cursor` (newest first is fine), and the cursor to store after they are committed. */
  fetchNew(cursor: string | null, signal?: AbortSignal): Promise<{ posts: Post[]; cursor: string | null }>;
  /** Does the post still exist on its network? (cross-delete; false only when the network says it is gone) */
  exists(id: string, signal?: AbortSignal): Promise<boolean>;
}
