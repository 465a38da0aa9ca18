/**
 * Media upload to upload.x.com (our own calls rather than the library's, which are unexported,
 * tied to posting, blind to rate headers and sleep 5 s of real time per STATUS poll):
 * photos as one multipart `media` part; GIFs and videos as INIT → APPEND (5 MB segments) →
 * FINALIZE → STATUS polls on the injected clock until processing succeeds. Alt text is a separate
 * call the library lacks: media/metadata/create.json.
 */
import { z } from 'zod';
import type { Clock } from '../../util/clock';
import { RemoteError, type CallSpec } from '../limits/types';
import { xCall, type XHttpDeps } from './xHttp';
import { X_MEDIA_METADATA_URL, X_UPLOAD_URL } from './xEndpoints';

const SEGMENT = 5 * 1024 * 1024;
/** Bounded so a video stuck "in_progress" can never poll forever (PLATFORM.md "Media"). */
const MAX_STATUS_POLLS = 60;

const MediaIdAnswer = z.object({ media_id_string: z.string().regex(/^\d+$/) });
const Processing = z
  .object({
    state: z.enum(['pending', 'in_progress', 'succeeded', 'failed']),
    check_after_secs: z.number().optional(),
    error: z.object({ message: z.string().optional(), name: z.string().optional() }).optional(),
  })
  .optional();
const ProcessingAnswer = z.object({ processing_info: Processing });

export interface UploadItem {
  data: Uint8Array;
  mimeType: string;
}

function spec(op: string, account?: string): CallSpec {
  // Uploading twice only leaves an unused media id behind: safe to retry.
  return { service: 'x', kind: 'upload', op, account, idempotent: true };
}

function read<T>(schema: z.ZodType<T>, body: unknown, op: string): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new RemoteError('api_changed', 'x', `X answered ${op} without the expected fields (${r.error.issues[0]?.path.join('.') || 'body'}). X may have changed its upload API.`, { status: 200 });
  return r.data;
}

const blob = (data: Uint8Array, type?: string) => new Blob([data as Uint8Array<ArrayBuffer>], type ? { type } : undefined);

export async function uploadMedia(http: XHttpDeps, clock: Clock, item: UploadItem, opts: { account?: string; signal?: AbortSignal }): Promise<string> {
  const isPhoto = item.mimeType.startsWith('image/') && item.mimeType !== 'image/gif';
  if (isPhoto) {
    const form = new FormData();
    form.append('media', blob(item.data, item.mimeType));
    const res = await xCall(http, spec('media/upload', opts.account), { method: 'POST', url: X_UPLOAD_URL, form, signal: opts.signal });
    return read(MediaIdAnswer, res.body, 'media/upload').media_id_string;
  }
  return chunkedUpload(http, clock, item, opts);
}

async function chunkedUpload(http: XHttpDeps, clock: Clock, item: UploadItem, opts: { account?: string; signal?: AbortSignal }): Promise<string> {
  const s = spec('media/upload', opts.account);
  const post = (form: FormData | URLSearchParams) => xCall(http, s, { method: 'POST', url: X_UPLOAD_URL, form, signal: opts.signal });
  const category = item.mimeType === 'image/gif' ? 'tweet_gif' : 'tweet_video';
  const init = await post(new URLSearchParams({ command: 'INIT', total_bytes: String(item.data.length), media_type: item.mimeType, media_category: category }));
  const id = read(MediaIdAnswer, init.body, 'media/upload INIT').media_id_string;
  for (let off = 0, i = 0; off < item.data.length; off += SEGMENT, i++) {
    const form = new FormData();
    form.append('command', 'APPEND');
    form.append('media_id', id);
    form.append('segment_index', String(i));
    form.append('media', blob(item.data.subarray(off, off + SEGMENT)));
    await post(form);
  }
  const fin = await post(new URLSearchParams({ command: 'FINALIZE', media_id: id }));
  let info = read(ProcessingAnswer, fin.body ?? {}, 'media/upload FINALIZE').processing_info;
  for (let polls = 0; info && info.state !== 'succeeded'; polls++) {
    if (info.state === 'failed') throw new RemoteError('rejected', 'x', `X could not process the ${category === 'tweet_gif' ? 'GIF' : 'video'}: ${info.error?.message ?? info.error?.name ?? 'no reason given'}.`);
    if (polls >= MAX_STATUS_POLLS) throw new RemoteError('timeout', 'x', `X was still processing media ${id} after ${MAX_STATUS_POLLS} checks; try a shorter or smaller file.`);
    await clock.sleep(Math.max(1, info.check_after_secs ?? 1) * 1000, opts.signal);
    const url = `${X_UPLOAD_URL}?${new URLSearchParams({ command: 'STATUS', media_id: id }).toString()}`;
    const st = await xCall(http, { ...s, kind: 'read', op: 'media/upload STATUS' }, { method: 'GET', url, signal: opts.signal });
    info = read(ProcessingAnswer, st.body, 'media/upload STATUS').processing_info;
  }
  return id;
}

export async function setAltText(http: XHttpDeps, mediaId: string, alt: string, opts: { account?: string; signal?: AbortSignal }): Promise<void> {
  await xCall(http, spec('media/metadata/create', opts.account), { method: 'POST', url: X_MEDIA_METADATA_URL, json: { media_id: mediaId, alt_text: { text: alt } }, signal: opts.signal });
}
