/**
 * app.bsky.feed.post records (as listRecords/getRecord return them) → the normalised Post.
 * listRecords carries no counts, so metrics are zero; the AppView would be needed for them.
 */
import { z } from 'zod';
import { emptyMetrics, type LinkRef, type MediaItem, type MentionRef, type Post } from '../../../src-shared/domain/post';

const strongRef = z.object({ uri: z.string(), cid: z.string() });
const facetSchema = z.object({
  index: z.object({ byteStart: z.number().int().nonnegative(), byteEnd: z.number().int().nonnegative() }),
  features: z.array(z.looseObject({ $type: z.string().optional() })),
});
const postValue = z.looseObject({
  text: z.string(),
  createdAt: z.string(),
  facets: z.array(facetSchema).optional(),
  reply: z.object({ root: strongRef, parent: strongRef }).optional(),
  embed: z.looseObject({ $type: z.string() }).optional(),
  langs: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
});
type PostValue = z.infer<typeof postValue>;
type Embed = Record<string, unknown> & { $type?: string };

export interface RecordContext {
  did: string;
  handle: string;
  /** PDS URL, to build blob download URLs that work on any PDS. */
  service: string;
}

/** DID (authority) of an at:// URI. */
export function didOfUri(uri: string): string {
  return uri.replace(/^at:\/\//, '').split('/')[0] ?? '';
}

export function rkeyOfUri(uri: string): string {
  return uri.split('/').pop() ?? '';
}

/** `createdAt` without a zone (some clients wrote that) is UTC, not local time. */
export function parseCreatedAt(s: string): number {
  const withZone = /([zZ]|[+-]\d\d:?\d\d)$/.test(s) ? s : `${s}Z`;
  return Date.parse(withZone);
}

function blobCid(blob: unknown): string | undefined {
  const b = blob as { ref?: { $link?: unknown } | { toString(): string }; cid?: unknown } | undefined;
  if (!b) return undefined;
  if (typeof b.cid === 'string') return b.cid; // legacy blob form { cid, mimeType }
  const ref = b.ref as { $link?: unknown } | undefined;
  if (ref && typeof ref.$link === 'string') return ref.$link;
  return undefined;
}

function mediaOf(embed: Embed | undefined, ctx: RecordContext): MediaItem[] {
  if (!embed) return [];
  const blobUrl = (cid: string) => `${ctx.service.replace(/\/$/, '')}/xrpc/com.atproto.sync.getBlob?did=${encodeURIComponent(ctx.did)}&cid=${cid}`;
  const photo = (img: Record<string, unknown>): MediaItem => {
    const cid = blobCid(img.image);
    const ar = img.aspectRatio as { width?: number; height?: number } | undefined;
    const mimeType = (img.image as { mimeType?: string } | undefined)?.mimeType;
    const alt = typeof img.alt === 'string' && img.alt !== '' ? img.alt : null;
    return { kind: 'photo', alt, remoteId: cid, url: cid ? blobUrl(cid) : undefined, mimeType, width: ar?.width, height: ar?.height };
  };
  switch (embed.$type) {
    case 'app.bsky.embed.images':
      return ((embed.images as Record<string, unknown>[] | undefined) ?? []).map(photo);
    case 'app.bsky.embed.gallery':
      return ((embed.items as Record<string, unknown>[] | undefined) ?? []).map(photo);
    case 'app.bsky.embed.video': {
      const cid = blobCid(embed.video);
      const ar = embed.aspectRatio as { width?: number; height?: number } | undefined;
      const alt = typeof embed.alt === 'string' && embed.alt !== '' ? embed.alt : null;
      return [{ kind: 'video', alt, remoteId: cid, url: cid ? blobUrl(cid) : undefined, mimeType: 'video/mp4', width: ar?.width, height: ar?.height }];
    }
    case 'app.bsky.embed.recordWithMedia':
      return mediaOf(embed.media as Embed | undefined, ctx);
    default:
      return [];
  }
}

function quotedUri(embed: Embed | undefined): string | null {
  if (!embed) return null;
  const rec =
    embed.$type === 'app.bsky.embed.record'
      ? (embed.record as { uri?: unknown } | undefined)
      : embed.$type === 'app.bsky.embed.recordWithMedia'
        ? (embed.record as { record?: { uri?: unknown } } | undefined)?.record
        : undefined;
  const uri = rec?.uri;
  // Record embeds can also point at lists or feeds; only posts are quotes.
  return typeof uri === 'string' && uri.split('/')[3] === 'app.bsky.feed.post' ? uri : null;
}

function externalOf(embed: Embed | undefined): string | null {
  if (!embed) return null;
  if (embed.$type === 'app.bsky.embed.external') return ((embed.external as { uri?: unknown })?.uri as string) ?? null;
  if (embed.$type === 'app.bsky.embed.recordWithMedia') return externalOf(embed.media as Embed | undefined);
  return null;
}

interface FacetRefs {
  links: LinkRef[];
  hashtags: string[];
  mentions: MentionRef[];
}

function facetRefs(v: PostValue): FacetRefs {
  const bytes = Buffer.from(v.text, 'utf8');
  const out: FacetRefs = { links: [], hashtags: [], mentions: [] };
  for (const f of v.facets ?? []) {
    const shown = bytes.subarray(f.index.byteStart, f.index.byteEnd).toString('utf8');
    for (const feat of f.features) {
      const t = feat.$type;
      if (t === 'app.bsky.richtext.facet#link' && typeof feat.uri === 'string') out.links.push({ url: feat.uri, display: shown });
      else if (t === 'app.bsky.richtext.facet#tag' && typeof feat.tag === 'string') out.hashtags.push(feat.tag);
      else if (t === 'app.bsky.richtext.facet#mention' && typeof feat.did === 'string') out.mentions.push({ handle: shown.replace(/^@/, ''), id: feat.did });
    }
  }
  for (const tag of v.tags ?? []) if (!out.hashtags.includes(tag)) out.hashtags.push(tag);
  return out;
}

export type MapResult = { ok: true; post: Post } | { ok: false; reason: string };

/** Maps one record; a record that is not a readable post gives a reason instead of throwing. */
export function recordToPost(rec: { uri: string; cid: string; value: unknown }, ctx: RecordContext): MapResult {
  const parsed = postValue.safeParse(rec.value);
  if (!parsed.success) return { ok: false, reason: `not a readable post record: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}` };
  const v = parsed.data;
  const createdAt = parseCreatedAt(v.createdAt);
  if (!Number.isFinite(createdAt)) return { ok: false, reason: `createdAt "${v.createdAt}" is not a date` };
  const embed = v.embed as Embed | undefined;
  const refs = facetRefs(v);
  const external = externalOf(embed);
  if (external && !refs.links.some((l) => l.url === external)) refs.links.push({ url: external });
  const parentAuthor = v.reply ? didOfUri(v.reply.parent.uri) : null;
  const quote = quotedUri(embed);
  const post: Post = {
    platform: 'bsky',
    id: rec.uri,
    cid: rec.cid,
    authorId: ctx.did,
    authorHandle: ctx.handle,
    text: v.text,
    createdAt,
    // A reply to one's own post continues a self-thread: it is an original post (SPEC §2.2).
    kind: v.reply && parentAuthor !== ctx.did ? 'reply' : 'post',
    inReplyToId: v.reply?.parent.uri ?? null,
    inReplyToAuthorId: parentAuthor,
    conversationId: v.reply?.root.uri ?? rec.uri,
    quoteOfId: quote,
    quoteOfAuthorId: quote ? didOfUri(quote) : null,
    quoteOfUrl: quote ? `https://bsky.app/profile/${didOfUri(quote)}/post/${rkeyOfUri(quote)}` : null,
    media: mediaOf(embed, ctx),
    ...refs,
    metrics: emptyMetrics(),
    lang: v.langs?.[0] ?? null,
    source: 'live',
    raw: { uri: rec.uri, cid: rec.cid, value: rec.value },
  };
  return { ok: true, post };
}
