/**
 * Draft validation and the app.bsky.feed.post record it becomes (schema: the lexicons in
 * shared/corpus/bluesky-records/atproto-lexicons). Records are built in their JSON form, which is
 * what the PDS receives and what `cidForRecord` hashes.
 */
import { graphemeLength } from '../../../src-shared/text/graphemes';
import { isDatetimeString, isValidTid } from '@atproto/syntax';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import { BSKY_COLLECTION_POST, type BskyPostDraft, type StrongRef } from './types';

export const MAX_GRAPHEMES = 300;

const strongRef = z.object({
  uri: z.string().regex(/^at:\/\/[^/]+\/[a-z0-9.-]+\/[^/]+$/i, 'must be an at:// URI of a record'),
  cid: z.string().regex(/^b[a-z2-7]{20,}$/, 'must be a base32 CID'),
});
const facet = z.looseObject({
  index: z.object({ byteStart: z.number().int().nonnegative(), byteEnd: z.number().int().nonnegative() }),
  features: z.array(z.looseObject({ $type: z.string() })).min(1),
});
const image = z.object({
  data: z.instanceof(Uint8Array).refine((d) => d.length > 0, 'is empty'),
  mimeType: z.string().regex(/^image\//, 'must be an image/* type'),
  alt: z.string().nullable(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
});
const draftSchema = z.object({
  rkey: z.string().refine((s) => isValidTid(s), 'must be a TID (13 base32-sortable characters)'),
  text: z.string(),
  facets: z.array(facet).optional(),
  createdAt: z.string().refine((s) => isDatetimeString(s), 'must be an ISO 8601 datetime with a time zone'),
  langs: z.array(z.string().min(2)).max(3).optional(),
  reply: z.object({ root: strongRef, parent: strongRef }).optional(),
  images: z.array(image).max(4, 'Bluesky allows at most 4 images').optional(),
  external: z.object({ uri: z.url(), title: z.string(), description: z.string() }).optional(),
  quote: strongRef.optional(),
});

export { graphemeLength };

/** Checks a draft at the connector boundary; the message names the field and what to do. */
export function validateDraft(draft: BskyPostDraft): BskyPostDraft {
  const r = draftSchema.safeParse(draft);
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue?.path.join('.') || 'draft';
    throw new AppError(ErrorCode.InvalidInput, `Bluesky post draft: ${field} ${issue?.message ?? 'is invalid'}.`, { field, rkey: draft?.rkey });
  }
  const len = graphemeLength(draft.text);
  if (len > MAX_GRAPHEMES) {
    throw new AppError(ErrorCode.InvalidInput, `Bluesky post draft: text has ${len} graphemes; Bluesky allows ${MAX_GRAPHEMES}. Split or shorten it first.`, { field: 'text', rkey: draft.rkey });
  }
  const bytes = Buffer.byteLength(draft.text, 'utf8');
  for (const [i, f] of (r.data.facets ?? []).entries()) {
    if (f.index.byteEnd <= f.index.byteStart || f.index.byteEnd > bytes) {
      throw new AppError(ErrorCode.InvalidInput, `Bluesky post draft: facets.${i} covers bytes ${f.index.byteStart}–${f.index.byteEnd}, outside the ${bytes}-byte text. Rebuild the facets after editing the text.`, { field: `facets.${i}`, rkey: draft.rkey });
    }
  }
  return draft;
}

/** An uploaded image as it goes into the record. */
export interface UploadedImage {
  blob: unknown;
  alt: string | null;
  aspectRatio?: { width: number; height: number };
}

function imagesEmbed(images: UploadedImage[]): Record<string, unknown> {
  return {
    $type: 'app.bsky.embed.images',
    // Alt is required by the lexicon; an empty string is how Bluesky says "none" (never a placeholder word).
    images: images.map((i) => ({ alt: i.alt ?? '', image: i.blob, ...(i.aspectRatio ? { aspectRatio: i.aspectRatio } : {}) })),
  };
}

function buildEmbed(draft: BskyPostDraft, images: UploadedImage[]): Record<string, unknown> | undefined {
  const quote = draft.quote ? { uri: draft.quote.uri, cid: draft.quote.cid } : undefined;
  // One post has one media slot: images win over a link card (the link stays in the text's facets).
  const media = images.length
    ? imagesEmbed(images)
    : draft.external
      ? { $type: 'app.bsky.embed.external', external: { uri: draft.external.uri, title: draft.external.title, description: draft.external.description } }
      : undefined;
  if (quote && media) return { $type: 'app.bsky.embed.recordWithMedia', record: { $type: 'app.bsky.embed.record', record: quote }, media };
  if (quote) return { $type: 'app.bsky.embed.record', record: quote };
  return media;
}

const ref = (r: StrongRef) => ({ uri: r.uri, cid: r.cid });

/** The record for a validated draft and its uploaded images (in the draft's order). */
export function buildPostRecord(draft: BskyPostDraft, images: UploadedImage[] = []): Record<string, unknown> {
  const record: Record<string, unknown> = { $type: BSKY_COLLECTION_POST, text: draft.text, createdAt: draft.createdAt };
  if (draft.facets?.length) record.facets = draft.facets;
  if (draft.langs?.length) record.langs = draft.langs;
  if (draft.reply) record.reply = { root: ref(draft.reply.root), parent: ref(draft.reply.parent) };
  const embed = buildEmbed(draft, images);
  if (embed) record.embed = embed;
  return record;
}
