/**
 * The one normalised shape of a post, whatever network or archive it came from.
 * Parsers (X GraphQL, X archive, Bluesky records) produce it; the store indexes it;
 * the sync transforms read it. Plain data only: it crosses IPC (STYLE.md §9).
 */
export type Platform = 'x' | 'bsky';

/** `post` = original (incl. self-thread continuations and quotes), `reply` = reply to someone else. */
export type PostKind = 'post' | 'reply' | 'repost';

export type PostSource = 'live' | 'archive';

export interface MediaItem {
  kind: 'photo' | 'gif' | 'video';
  /** Remote URL of the best rendition (X: media_url_https or the highest-bitrate mp4). */
  url?: string;
  /** Absolute path of a local file (archive import, or downloaded for upload). */
  localPath?: string;
  /** Alt text as the author wrote it; null when the source has none (archives never do). */
  alt: string | null;
  width?: number;
  height?: number;
  mimeType?: string;
  /** X media key / Bluesky blob CID, when known. */
  remoteId?: string;
  durationMs?: number;
}

export interface LinkRef {
  /** Full destination URL (t.co already expanded). */
  url: string;
  /** The short form that appeared in the source text (X: the t.co URL). */
  shortUrl?: string;
  /** What the source displayed (X display_url, Bluesky facet text). */
  display?: string;
}

export interface MentionRef {
  handle: string;
  /** X user id or Bluesky DID when the source carried it. */
  id?: string;
}

export interface PostMetrics {
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  bookmarks?: number;
  /** Undefined when the network does not expose impressions. */
  impressions?: number;
}

export interface Post {
  platform: Platform;
  /** X: the tweet rest_id (decimal string). Bluesky: the at:// URI of the post record. */
  id: string;
  /** Bluesky record CID (needed for strong refs). */
  cid?: string;
  /** X user rest_id or Bluesky DID of the author. */
  authorId: string;
  authorHandle: string;
  /**
   * Display text, normalised once: HTML entities decoded, t.co links replaced by their expanded URL,
   * trailing media links removed, X's auto-prepended reply mentions removed (display_text_range).
   */
  text: string;
  /** Epoch milliseconds. */
  createdAt: number;
  kind: PostKind;
  /** Id (same platform) of the post this one replies to. */
  inReplyToId?: string | null;
  /** Author id (X user id / DID) of the post replied to. */
  inReplyToAuthorId?: string | null;
  /** X conversation_id_str, Bluesky reply.root uri. */
  conversationId?: string | null;
  /** Id of the quoted post (X rest_id or Bluesky at:// URI). */
  quoteOfId?: string | null;
  /** Author id of the quoted post, when known (own quote vs. someone else's). */
  quoteOfAuthorId?: string | null;
  /** Public URL of the quoted post, used when it becomes a plain link. */
  quoteOfUrl?: string | null;
  /** Id of the reposted post (kind = 'repost'). */
  repostOfId?: string | null;
  media: MediaItem[];
  links: LinkRef[];
  hashtags: string[];
  mentions: MentionRef[];
  metrics: PostMetrics;
  lang?: string | null;
  source: PostSource;
  /** True when the author pinned it (X TimelinePinEntry). */
  pinned?: boolean;
  /** The payload as received, for the index's raw column. Never contains credentials. */
  raw?: unknown;
}

export const emptyMetrics = (): PostMetrics => ({ likes: 0, reposts: 0, replies: 0, quotes: 0 });
