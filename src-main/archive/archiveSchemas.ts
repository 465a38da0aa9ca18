/**
 * Shapes of the archive files we read, validated at the boundary. They are deliberately lenient where
 * X has varied over the years (numbers as strings or numbers, optional entities) and strict where a
 * wrong value would corrupt the index (ids must be decimal strings, dates must parse).
 */
import { z } from 'zod';

/** Archives write most numbers as strings ("favorite_count": "12"). */
export const numberLike = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]).transform((v) => Number(v));
const decimalId = z.string().regex(/^\d{1,20}$/, 'must be a decimal id');

const urlEntity = z.object({
  url: z.string(),
  expanded_url: z.string().nullish(),
  display_url: z.string().nullish(),
});

const variant = z.object({
  url: z.string(),
  content_type: z.string().optional(),
  bitrate: numberLike.optional(),
});

export const mediaEntity = z.object({
  id_str: z.string().optional(),
  media_key: z.string().optional(),
  type: z.string().optional(),
  url: z.string().optional(),
  media_url_https: z.string().optional(),
  media_url: z.string().optional(),
  original_info: z.object({ width: numberLike.optional(), height: numberLike.optional() }).optional(),
  sizes: z.object({ large: z.object({ w: numberLike, h: numberLike }).optional() }).optional(),
  video_info: z
    .object({ duration_millis: numberLike.optional(), variants: z.array(variant).optional() })
    .optional(),
});
export type MediaEntity = z.infer<typeof mediaEntity>;

const entities = z.object({
  hashtags: z.array(z.object({ text: z.string() })).optional(),
  user_mentions: z.array(z.object({ screen_name: z.string(), id_str: z.string().optional() })).optional(),
  urls: z.array(urlEntity).optional(),
  media: z.array(mediaEntity).optional(),
});

export const archiveTweet = z.object({
  id_str: decimalId,
  full_text: z.string().optional(),
  text: z.string().optional(),
  created_at: z.string().refine((s) => parseXDate(s) !== null, 'is not a date in the format X writes'),
  display_text_range: z.array(numberLike).optional(),
  entities: entities.optional(),
  extended_entities: z.object({ media: z.array(mediaEntity).optional() }).optional(),
  in_reply_to_status_id_str: decimalId.nullish(),
  in_reply_to_user_id_str: decimalId.nullish(),
  in_reply_to_screen_name: z.string().nullish(),
  favorite_count: numberLike.optional(),
  retweet_count: numberLike.optional(),
  lang: z.string().nullish(),
  deleted_at: z.string().optional(),
});
export type ArchiveTweet = z.infer<typeof archiveTweet>;

export const noteTweet = z.object({
  noteTweetId: z.string(),
  /** Present in some exports; when it is, it is the id of the post the note belongs to. */
  tweetId: z.string().optional(),
  createdAt: z.string(),
  core: z.object({
    text: z.string(),
    urls: z.array(z.object({ shortUrl: z.string(), expandedUrl: z.string().nullish(), displayUrl: z.string().nullish() })).optional(),
    mentions: z.array(z.object({ screenName: z.string() })).optional(),
    hashtags: z.array(z.object({ text: z.string().optional(), tag: z.string().optional() })).optional(),
  }),
});
export type NoteTweet = z.infer<typeof noteTweet>;

export const accountEntry = z.object({
  account: z.object({
    accountId: decimalId,
    username: z.string().min(1),
    accountDisplayName: z.string().optional(),
    createdAt: z.string().optional(),
  }),
});

const manifestFile = z.object({ fileName: z.string(), globalName: z.string().optional(), count: numberLike.optional() });
export const manifest = z.object({
  userInfo: z.object({ accountId: z.string().optional(), userName: z.string().optional() }).optional(),
  archiveInfo: z.object({ generationDate: z.string().optional(), isPartialArchive: z.boolean().optional() }).optional(),
  dataTypes: z.record(z.string(), z.object({ mediaDirectory: z.string().optional(), files: z.array(manifestFile).optional() })).optional(),
});
export type Manifest = z.infer<typeof manifest>;

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const X_DATE = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;

/** "Wed Oct 10 20:19:24 +0000 2018" (X's legacy format) or ISO 8601 → epoch ms; null when neither. */
export function parseXDate(s: string): number | null {
  const m = X_DATE.exec(s.trim());
  if (m) {
    const month = MONTHS[m[1] ?? ''];
    if (month === undefined) return null;
    const utc = Date.UTC(Number(m[9]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
    const offsetMin = (Number(m[7]) * 60 + Number(m[8])) * (m[6] === '-' ? -1 : 1);
    return utc - offsetMin * 60_000;
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(s)) {
    const t = Date.parse(s);
    return Number.isFinite(t) ? t : null;
  }
  return null;
}

/** A zod issue list as one short sentence fragment: `full_text: expected string; id_str: must be a decimal id`. */
export function describeIssues(err: z.ZodError): string {
  return err.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(entry)'}: ${i.message}`)
    .join('; ');
}
