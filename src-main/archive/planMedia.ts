/**
 * What happens to each media item of a migrated post (PLATFORM.md "Media", SPEC §2.2): which files
 * are uploaded as they are, which images must be re-encoded to fit Bluesky's ~1,000,000-byte blob
 * limit (the publisher measures again after encoding), which videos are over the limits and left
 * out with a visible reason, and which files the archive does not have.
 */
import type { MediaItem } from '../../src-shared/domain/post';

export interface MediaLimits {
  imageMaxBytes: number;
  videoMaxBytes: number;
  videoMaxDurationMs: number;
  maxImages: number;
}

/** Bluesky: images ~1,000,000 bytes, 4 per post; video 50 MB and 3 minutes (servers may say otherwise at run time). */
export const DEFAULT_MEDIA_LIMITS: MediaLimits = {
  imageMaxBytes: 1_000_000,
  videoMaxBytes: 50_000_000,
  videoMaxDurationMs: 180_000,
  maxImages: 4,
};

export type MediaAction = 'upload' | 'reencode' | 'fetch' | 'drop';

export interface PlannedMedia {
  /** Position in the source post's media list. */
  index: number;
  item: MediaItem;
  action: MediaAction;
  sizeBytes: number | null;
  /** True when the archive has no file for it. */
  missing: boolean;
  overLimit?: 'too_large' | 'too_long';
  note?: string;
}

const mb = (n: number) => `${Math.round(n / 100_000) / 10} MB`;

function planVideo(m: PlannedMedia, limits: MediaLimits): PlannedMedia {
  const what = m.item.kind === 'gif' ? 'GIF' : 'video';
  if (m.sizeBytes !== null && m.sizeBytes > limits.videoMaxBytes) {
    return { ...m, action: 'drop', overLimit: 'too_large', note: `The ${what} is ${mb(m.sizeBytes)}, over Bluesky's ${mb(limits.videoMaxBytes)}: the post goes without it.` };
  }
  const d = m.item.durationMs;
  if (d !== undefined && d > limits.videoMaxDurationMs) {
    return { ...m, action: 'drop', overLimit: 'too_long', note: `The ${what} runs ${Math.round(d / 1000)} s, over Bluesky's ${Math.round(limits.videoMaxDurationMs / 1000)} s: the post goes without it.` };
  }
  return m;
}

export function planMedia(items: readonly MediaItem[], limits: MediaLimits, sizeOf?: (item: MediaItem) => number | undefined): PlannedMedia[] {
  let images = 0;
  let videos = 0;
  const hasImages = items.some((i) => i.kind === 'photo');
  return items.map((item, index): PlannedMedia => {
    const size = sizeOf?.(item);
    const base: PlannedMedia = { index, item, action: 'upload', sizeBytes: size ?? null, missing: !item.localPath };
    if (item.kind === 'photo') {
      if (++images > limits.maxImages) return { ...base, action: 'drop', note: `Bluesky allows ${limits.maxImages} images per post: image ${images} is left out.` };
    } else if (++videos > 1 || hasImages) {
      // Like X, a Bluesky post carries images or one video, not both (transformXToBsky keeps the images).
      return { ...base, action: 'drop', note: `Only one video or GIF fits next to the post's other media: item ${index + 1} is left out.` };
    }
    if (base.missing) {
      if (!item.url) return { ...base, action: 'drop', note: `Media item ${index + 1} has no file in the archive and no web address: the post goes without it.` };
      return { ...base, action: 'fetch', note: `The archive has no file for media item ${index + 1}; it will be downloaded from X if it is still online.` };
    }
    if (item.kind !== 'photo') return planVideo(base, limits);
    if (size !== undefined && size > limits.imageMaxBytes) {
      return { ...base, action: 'reencode', note: `Image ${index + 1} is ${size.toLocaleString('en-US')} bytes, over Bluesky's ${limits.imageMaxBytes.toLocaleString('en-US')}: it will be re-encoded to fit.` };
    }
    return base;
  });
}
