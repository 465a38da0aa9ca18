import { readFile } from 'node:fs/promises';
import type { MediaDraft } from '../types';

export interface MediaBytes {
  data: Uint8Array;
  mimeType: string;
}

const EXT_MIME: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', mp4: 'video/mp4' };

function guessMime(name: string, fallback: string): string {
  const ext = /\.([a-z0-9]+)(?:$|\?)/i.exec(name)?.[1]?.toLowerCase();
  return (ext && EXT_MIME[ext]) || fallback;
}

/**
 * The bytes of one media item, from the archive file or the network. Throws with a sentence that
 * can be shown next to the post (the caller records it and goes on without the item).
 */
export async function fetchMedia(m: MediaDraft, fetchFn: typeof fetch, signal?: AbortSignal): Promise<MediaBytes> {
  const fallback = m.kind === 'photo' ? 'image/jpeg' : 'video/mp4';
  if (m.localPath) {
    const data = new Uint8Array(await readFile(m.localPath));
    return { data, mimeType: m.mimeType ?? guessMime(m.localPath, fallback) };
  }
  if (!m.url) throw new Error('the item has neither a file nor a URL');
  const res = await fetchFn(m.url, { signal });
  if (!res.ok) throw new Error(`downloading it failed with HTTP ${res.status}`);
  const data = new Uint8Array(await res.arrayBuffer());
  const type = res.headers.get('content-type')?.split(';')[0]?.trim();
  return { data, mimeType: m.mimeType ?? (type && type !== 'application/octet-stream' ? type : guessMime(m.url, fallback)) };
}
