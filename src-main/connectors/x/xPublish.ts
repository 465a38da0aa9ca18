/**
 * Writes: createPost (media upload → alt text → CreateTweet, or CreateNoteTweet over 280 weighted
 * characters) and deletePost (DeleteTweet, which the library lacks). Creates are
 * `idempotent: false`: a timeout / 5xx / dropped connection is `unknown_outcome`, never retried
 * blindly. Success is only the new post in the body: `errors[]` in a 200 (187 duplicate, 226
 * automation, 186 too long) is a RemoteError.
 */
import { z } from 'zod';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { Post } from '../../../src-shared/domain/post';
import { X_MAX_WEIGHTED_LENGTH, xWeightedLength } from '../../../src-shared/text/xLength';
import type { Clock } from '../../util/clock';
import { RemoteError } from '../limits/types';
import { assertNoGraphqlErrors, parseCreateTweet } from './parse/index';
import { graphqlUrl, WRITE_FEATURES, type XOperation } from './xEndpoints';
import { xCall, type XHttpDeps } from './xHttp';
import { setAltText, uploadMedia } from './xMedia';

export interface XDraft {
  text: string;
  replyToId?: string;
  quoteUrl?: string;
  media?: { data: Uint8Array; mimeType: string; alt?: string | null }[];
  signal?: AbortSignal;
}

export interface WriteDeps {
  http: XHttpDeps;
  clock: Clock;
  queryIds: Record<XOperation, string>;
  account?: string;
}

const PHOTO = ['image/jpeg', 'image/png', 'image/webp'];
const MOVING = ['image/gif', 'video/mp4', 'video/quicktime'];
const MAX_ALT = 1000;
const STATUS_URL = /^https:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/[A-Za-z0-9_]{1,15}\/status\/(\d{1,20})\/?$/;

const DraftSchema = z.object({
  text: z.string(),
  replyToId: z.string().regex(/^\d{1,20}$/, 'replyToId must be a numeric X post id').optional(),
  quoteUrl: z.string().regex(STATUS_URL, 'quoteUrl must be an x.com/twitter.com status URL (other links belong in the text)').optional(),
  media: z
    .array(
      z.object({
        data: z.instanceof(Uint8Array).refine((d) => d.length > 0, 'media data is empty'),
        mimeType: z.string().refine((m) => PHOTO.includes(m) || MOVING.includes(m), `mimeType must be one of ${[...PHOTO, ...MOVING].join(', ')}`),
        alt: z.string().refine((a) => [...a].length <= MAX_ALT, `alt text is longer than ${MAX_ALT} characters`).nullable().optional(),
      }),
    )
    .optional(),
});

function validate(draft: XDraft): void {
  const r = DraftSchema.safeParse(draft);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new AppError(ErrorCode.InvalidInput, `The X post draft is invalid: ${i?.message ?? 'bad input'} (${i?.path.join('.') || 'draft'}).`, { field: i?.path.join('.') });
  }
  const media = draft.media ?? [];
  const moving = media.filter((m) => MOVING.includes(m.mimeType)).length;
  if (media.length > 4 || (moving > 0 && media.length > 1)) throw new AppError(ErrorCode.InvalidInput, 'An X post takes up to 4 images, or exactly one GIF or video.', { field: 'media' });
  if (!draft.text.trim() && media.length === 0) throw new AppError(ErrorCode.InvalidInput, 'An X post needs text or media.', { field: 'text' });
}

export async function createPost(d: WriteDeps, draft: XDraft): Promise<Post> {
  validate(draft);
  const opts = { account: d.account, signal: draft.signal };
  const mediaIds: string[] = [];
  for (const m of draft.media ?? []) {
    const id = await uploadMedia(d.http, d.clock, m, opts);
    if (m.alt) await setAltText(d.http, id, m.alt, opts);
    mediaIds.push(id);
  }
  const op: XOperation = xWeightedLength(draft.text) > X_MAX_WEIGHTED_LENGTH ? 'CreateNoteTweet' : 'CreateTweet';
  const variables = {
    tweet_text: draft.text,
    dark_request: false,
    media: { media_entities: mediaIds.map((media_id) => ({ media_id, tagged_users: [] })), possibly_sensitive: false },
    semantic_annotation_ids: [],
    ...(draft.replyToId ? { reply: { in_reply_to_tweet_id: draft.replyToId, exclude_reply_user_ids: [] } } : {}),
    ...(draft.quoteUrl ? { attachment_url: draft.quoteUrl } : {}),
  };
  const res = await xCall(
    d.http,
    { service: 'x', kind: 'write', op, account: d.account, idempotent: false },
    { method: 'POST', url: graphqlUrl(d.queryIds[op], op), json: { variables, features: WRITE_FEATURES, fieldToggles: {}, queryId: d.queryIds[op] }, signal: draft.signal },
  );
  return parseCreateTweet(res.body);
}

export async function deletePost(d: WriteDeps, id: string): Promise<'deleted' | 'already_gone'> {
  if (!/^\d{1,20}$/.test(id)) throw new AppError(ErrorCode.InvalidInput, `"${id}" is not a numeric X post id.`, { field: 'id' });
  const op = 'DeleteTweet';
  try {
    const res = await xCall(
      d.http,
      // Deleting twice cannot delete something else: retrying is safe.
      { service: 'x', kind: 'delete', op, account: d.account, idempotent: true },
      { method: 'POST', url: graphqlUrl(d.queryIds.DeleteTweet, op), json: { variables: { tweet_id: id, dark_request: false }, queryId: d.queryIds.DeleteTweet } },
    );
    assertNoGraphqlErrors(res.body, op);
    const data = (res.body as { data?: { delete_tweet?: unknown } }).data;
    if (!data?.delete_tweet) throw new RemoteError('api_changed', 'x', 'X answered DeleteTweet without data.delete_tweet; X may have changed its web API.', { status: res.status });
    return 'deleted';
  } catch (e) {
    // "No status found with that ID" (144): it is gone, which is what we wanted.
    if (e instanceof RemoteError && e.kind === 'not_found') return 'already_gone';
    throw e;
  }
}
