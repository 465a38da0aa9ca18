/**
 * Public shapes of the Bluesky connector. The sync engine and the archive migration are written
 * against these names; change them only additively.
 */
import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import type { RemoteCaller } from '../limits/types';

/** What we keep of a session; persisted (encrypted) by the caller's store, never logged. */
export interface BskySessionState {
  did: string;
  handle: string;
  accessJwt: string;
  refreshJwt: string;
  /** The PDS URL the session belongs to. */
  service: string;
}

export interface StrongRef {
  uri: string;
  cid: string;
}

export interface BskyImageInput {
  data: Uint8Array;
  mimeType: string;
  alt: string | null;
  width?: number;
  height?: number;
}

export interface BskyPostDraft {
  /** Deterministic TID chosen by the caller, so a retry cannot create a second record. */
  rkey: string;
  /** Text and facets as built by `buildBskyText` (src-shared/text/facets.ts); used as given. */
  text: string;
  facets?: unknown[];
  /** ISO 8601 datetime; may lie in the past (archive import backdates). */
  createdAt: string;
  langs?: string[];
  reply?: { root: StrongRef; parent: StrongRef };
  /** At most 4; re-encoded until the encoded size fits the blob limit. */
  images?: BskyImageInput[];
  external?: { uri: string; title: string; description: string };
  /** app.bsky.embed.record, or recordWithMedia when images are present. */
  quote?: StrongRef;
}

export interface BskySessionStore {
  load(): Promise<BskySessionState | null>;
  /** `null` clears the stored session (it was revoked or could not be refreshed). */
  save(s: BskySessionState | null): Promise<void>;
}

export interface BlueskyConnectorDeps {
  /** PDS URL; default https://bsky.social. */
  service?: string;
  caller: RemoteCaller;
  logger: Logger;
  clock: Clock;
  /** Every request goes through it (tests count calls, a proxy injects faults). Default: global fetch. */
  fetch?: typeof globalThis.fetch;
  sessionStore: BskySessionStore;
}

export interface CreatedRef extends StrongRef {
  /** False when the record already existed (an earlier attempt had succeeded). */
  created: boolean;
}

export interface BskyLimits {
  maxGraphemes: 300;
  maxImageBytes: number;
  maxImages: 4;
}

export const BSKY_COLLECTION_POST = 'app.bsky.feed.post';
export const DEFAULT_BSKY_SERVICE = 'https://bsky.social';
/** The blob limit the app enforces for images (PLATFORM.md: "about 1,000,000 bytes"). */
export const BSKY_MAX_IMAGE_BYTES = 1_000_000;
