/**
 * `extended_entities.media` → MediaItem[]. Photos keep `ext_alt_text`; videos take the
 * highest-bitrate mp4; GIFs (`animated_gif`, one bitrate-0 mp4 variant) stay GIFs with their alt
 * text — the two things agent-twitter-client drops.
 */
import type { MediaItem } from '../../../../src-shared/domain/post';
import { arr, at, nstr, num, obj, str, type Obj } from './json';

function dimensions(m: Obj): { width?: number; height?: number } {
  const width = num(at(m, 'original_info.width')) ?? num(at(m, 'sizes.large.w'));
  const height = num(at(m, 'original_info.height')) ?? num(at(m, 'sizes.large.h'));
  return { ...(width !== undefined ? { width } : {}), ...(height !== undefined ? { height } : {}) };
}

interface Variant {
  url: string;
  bitrate: number;
  contentType: string;
}

function mp4Variants(m: Obj): Variant[] {
  return arr(at(m, 'video_info.variants'))
    .map((v) => obj(v))
    .filter((v): v is Obj => v !== undefined)
    .map((v) => ({ url: str(v.url) ?? '', bitrate: num(v.bitrate) ?? 0, contentType: str(v.content_type) ?? '' }))
    .filter((v) => v.url !== '' && v.contentType === 'video/mp4');
}

function bestMp4(m: Obj): Variant | undefined {
  return mp4Variants(m).sort((a, b) => b.bitrate - a.bitrate)[0];
}

function toItem(m: Obj): MediaItem | undefined {
  const type = str(m.type);
  const alt = nstr(m.ext_alt_text) ?? null;
  const remoteId = nstr(m.media_key) ?? nstr(m.id_str);
  const base = { alt, ...dimensions(m), ...(remoteId ? { remoteId } : {}) };
  if (type === 'photo') {
    const url = nstr(m.media_url_https) ?? nstr(m.media_url);
    return { kind: 'photo', ...base, ...(url ? { url } : {}) };
  }
  if (type === 'video' || type === 'animated_gif') {
    const best = bestMp4(m);
    const durationMs = num(at(m, 'video_info.duration_millis'));
    return {
      kind: type === 'video' ? 'video' : 'gif',
      ...base,
      // A video whose variants are all HLS still has a poster; better a URL than none.
      ...(best ? { url: best.url, mimeType: 'video/mp4' } : nstr(m.media_url_https) ? { url: nstr(m.media_url_https) } : {}),
      ...(durationMs !== undefined ? { durationMs } : {}),
    };
  }
  return undefined;
}

/**
 * The media of one tweet `legacy`. `extended_entities` is authoritative (it lists every photo and
 * the real type); `entities.media` only has the first item typed as `photo`, so it is a fallback.
 * Unknown media types are skipped rather than guessed.
 */
export function parseMedia(legacy: Obj): MediaItem[] {
  const ext = arr(at(legacy, 'extended_entities.media'));
  const list = ext.length > 0 ? ext : arr(at(legacy, 'entities.media'));
  const out: MediaItem[] = [];
  for (const m of list) {
    const o = obj(m);
    const item = o ? toItem(o) : undefined;
    if (item) out.push(item);
  }
  return out;
}

/** The t.co links X appends to `full_text` for media, so the text normaliser can drop them. */
export function mediaLinks(legacy: Obj): { url: string }[] {
  const all = [...arr(at(legacy, 'extended_entities.media')), ...arr(at(legacy, 'entities.media'))];
  const urls = new Set<string>();
  for (const m of all) {
    const u = nstr(obj(m)?.url);
    if (u) urls.add(u);
  }
  return [...urls].map((url) => ({ url }));
}
