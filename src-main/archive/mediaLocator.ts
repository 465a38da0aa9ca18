/**
 * Finds the archive file of each media item. X names them `<tweet id>-<file name of the media URL>`
 * (photos: the `media_url_https` basename; videos and GIFs: the basename of an mp4 variant, not always
 * the best one), so we try every candidate name and then fall back to an unclaimed file of the right
 * type belonging to the same tweet.
 */
import path from 'node:path/posix';

const VIDEO_EXT = /\.(mp4|mov|m4v)$/i;
const IMAGE_EXT = /\.(jpe?g|png|gif|webp)$/i;

export class MediaLocator {
  readonly #byTweet: Map<string, string[]>;
  readonly #claimed = new Set<string>();

  constructor(byTweet: Map<string, string[]>) {
    this.#byTweet = byTweet;
  }

  /** Entry name of the file for this media item, or null when the archive does not have it. */
  locate(tweetId: string, urls: readonly string[], kind: 'photo' | 'gif' | 'video'): string | null {
    const files = this.#byTweet.get(tweetId);
    if (!files) return null;
    const wanted = new Set(urls.map((u) => `${tweetId}-${path.basename(u.split('?')[0] ?? u)}`));
    const exact = files.find((f) => !this.#claimed.has(f) && wanted.has(path.basename(f)));
    const pattern = kind === 'photo' ? IMAGE_EXT : VIDEO_EXT;
    const found = exact ?? files.find((f) => !this.#claimed.has(f) && pattern.test(f));
    if (!found) return null;
    this.#claimed.add(found);
    return found;
  }
}

export function mimeTypeOf(fileOrUrl: string, kind: 'photo' | 'gif' | 'video'): string | undefined {
  const ext = /\.([a-z0-9]+)(?:\?.*)?$/i.exec(fileOrUrl)?.[1]?.toLowerCase();
  if (kind !== 'photo') return ext === 'mov' ? 'video/quicktime' : 'video/mp4';
  switch (ext) {
    case 'jpg':
    case 'jpeg':
      return 'image/jpeg';
    case 'png':
      return 'image/png';
    case 'gif':
      return 'image/gif';
    case 'webp':
      return 'image/webp';
    default:
      return undefined;
  }
}
