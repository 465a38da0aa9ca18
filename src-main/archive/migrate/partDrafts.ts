/**
 * One planned unit part → what the migration records (intent payload), uploads (images read from the
 * archive files) and indexes (the copy row). Texts come from the planner; facets are computed here on
 * the final text so their UTF-8 byte ranges are right (PLATFORM.md "Text").
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { emptyMetrics, type MediaItem, type Post } from '../../../src-shared/domain/post';
import { buildBskyText } from '../../../src-shared/text/facets';
import type { BskyImageInput, StrongRef } from '../../connectors/bluesky/types';
import type { MediaDraft } from '../../sync/types';
import type { MigrationUnit } from '../simulateMigration';
import { MIGRATION_ORIGIN, type MigrationMediaFiles, type MigrationPayload } from './types';

const EXT_MIME: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp' };

/** Same rule as live sync: X's pseudo-codes (und, qme, zxx …) mean "no language". */
export function langsOf(lang: string | null | undefined): string[] | undefined {
  if (!lang || /^(und|qme|qct|qht|qam|qst|zxx)$/i.test(lang)) return undefined;
  return /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang) ? [lang] : undefined;
}

/** Media the planner keeps (not dropped), as intent payload entries: paths, never bytes. */
function mediaDrafts(unit: MigrationUnit): MediaDraft[] {
  return unit.media
    .filter((m) => m.action !== 'drop')
    .map((m) => ({ sourceIndex: m.index, kind: m.item.kind, url: m.item.url, localPath: m.item.localPath, mimeType: m.item.mimeType, alt: m.item.alt, width: m.item.width, height: m.item.height }));
}

export function partPayload(unit: MigrationUnit, i: number, mentionDids?: Record<string, string>): MigrationPayload {
  const text = unit.parts[i];
  if (text === undefined) throw new AppError(ErrorCode.Internal, `Unit ${unit.sourceId} has no part ${i}.`);
  const built = buildBskyText(text, { mentionDids });
  return {
    origin: MIGRATION_ORIGIN,
    text: built.text,
    facets: built.facets,
    media: i === 0 ? mediaDrafts(unit) : [],
    quoteSourceId: i === 0 && unit.quote?.kind === 'native' ? unit.quote.sourceId : undefined,
    createdAt: new Date(unit.createdAt).toISOString(),
    langs: langsOf(unit.post.lang),
  };
}

export interface LoadedImages {
  images: BskyImageInput[];
  notes: string[];
}

function mimeOf(m: MediaDraft, file: string): string {
  if (m.mimeType?.startsWith('image/')) return m.mimeType;
  const ext = path.extname(file).slice(1).toLowerCase();
  return EXT_MIME[ext] ?? 'image/jpeg';
}

/**
 * Reads the images of a part from the archive. Archives hold no alt text, so `alt` stays null (the
 * record gets Bluesky's empty alt, never a placeholder word). Videos and GIFs are noted, not sent:
 * the video service is not part of a PDS connector yet. An unreadable file fails the unit (thrown),
 * so the post is not published without a picture the person has.
 */
export async function loadImages(payload: MigrationPayload, files: MigrationMediaFiles): Promise<LoadedImages> {
  const images: BskyImageInput[] = [];
  const notes: string[] = [];
  for (const m of payload.media) {
    const n = m.sourceIndex + 1;
    if (m.kind !== 'photo') {
      notes.push(`${m.kind === 'gif' ? 'GIF' : 'video'} ${n} was not copied: Bluesky video upload is not supported yet.`);
      continue;
    }
    if (!m.localPath) {
      notes.push(`image ${n} was not copied: the archive has no file for it.`);
      continue;
    }
    let data: Uint8Array;
    let file: string;
    try {
      file = await files.materialize(m.localPath);
      data = new Uint8Array(await readFile(file));
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new AppError(ErrorCode.NotFound, `Image ${n} could not be read from the archive (${why}). Check that the archive is still where it was imported from, then run the migration again.`, { localPath: m.localPath }, { cause: e });
    }
    images.push({ data, mimeType: mimeOf(m, file), alt: m.alt, width: m.width, height: m.height });
  }
  return { images, notes };
}

export interface CopyContext {
  did: string;
  handle: string;
  reply?: { root: StrongRef; parent: StrongRef };
  quote?: StrongRef;
  images: { mimeType: string }[];
}

/** The Bluesky copy as the index keeps it (made_by_engine = 1, via commitPublished). */
export function copyPostOf(payload: MigrationPayload, ref: StrongRef, ctx: CopyContext): Post {
  const media: MediaItem[] = ctx.images.map((i) => ({ kind: 'photo', alt: null, mimeType: i.mimeType }));
  return {
    platform: 'bsky',
    id: ref.uri,
    cid: ref.cid,
    authorId: ctx.did,
    authorHandle: ctx.handle,
    text: payload.text,
    createdAt: Date.parse(payload.createdAt),
    kind: 'post',
    inReplyToId: ctx.reply?.parent.uri ?? null,
    inReplyToAuthorId: ctx.reply ? ctx.did : null,
    conversationId: ctx.reply?.root.uri ?? ref.uri,
    quoteOfId: ctx.quote?.uri ?? null,
    media,
    links: [],
    hashtags: [],
    mentions: [],
    metrics: emptyMetrics(),
    lang: payload.langs?.[0] ?? null,
    // The copy exists because of the archive migration; live reads of it later take over the row.
    source: 'archive',
  };
}
