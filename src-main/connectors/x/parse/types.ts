import type { Post } from '../../../../src-shared/domain/post';

/** X's response shape generations (X-WEB-API.md): G1 until early 2025, G2 mid 2025, G3 2026. */
export type XGeneration = 'G1' | 'G2' | 'G3';

export interface XUser {
  id: string;
  screenName: string;
  name: string;
  /** Epoch ms of the account's creation. */
  createdAt?: number;
  followers?: number;
  following?: number;
  postsCount?: number;
  pinnedPostIds: string[];
  protected?: boolean;
  generation: XGeneration;
}

export interface TimelinePage {
  /**
   * Every post found, incl. pinned + grid + conversation modules, deduped by id, in timeline order
   * (instruction order, so a TimelinePinEntry that precedes TimelineAddEntries comes first).
   * Quoted and retweeted inner posts are NOT separate entries: they are refs (quoteOfId, repostOfId)
   * on the post that contains them. Promoted entries are skipped.
   */
  posts: Post[];
  pinned: Post[];
  cursors: { top?: string; bottom?: string };
  tombstones: number;
  /**
   * true when the page had no post entries (only cursors): the end of the timeline. Also true after
   * a TimelineTerminateTimeline with direction Bottom. A page of only tombstones is NOT the end.
   */
  isEnd: boolean;
  generation: XGeneration;
}

/**
 * What the parse functions actually return: the agreed TimelinePage plus extras. Kept as a separate
 * type so code that builds a plain TimelinePage (fakes, the sandbox) is not forced to fill them.
 */
export interface XTimelinePage extends TimelinePage {
  /** Posts authored by `opts.ownerId` (empty when no ownerId was given). */
  own: Post[];
  /** Other cursor values (ShowMore / ShowMoreThreads in TweetDetail conversation modules). */
  moreCursors: string[];
  /** GraphQL errors about sub-objects that were tolerated (see assertNoGraphqlErrors). */
  warnings: string[];
}

export interface ParseTimelineOptions {
  /** The account whose timeline this is; fills `own`. Posts are never filtered by it. */
  ownerId?: string;
  /** Operation name for error messages (UserTweets, Likes, SearchTimeline, …). */
  op?: string;
}
