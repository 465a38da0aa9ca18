import type { Platform } from '../../src-shared/domain/post';

/** The public web address of a post, when one can be built from what the index holds. */
export function postUrl(platform: Platform, id: string, handle: string): string | null {
  if (platform === 'x') return /^\d+$/.test(id) ? `https://x.com/${handle || 'i'}/status/${id}` : null;
  const m = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([^/]+)$/.exec(id);
  return m ? `https://bsky.app/profile/${handle || m[1]}/post/${m[2]}` : null;
}
