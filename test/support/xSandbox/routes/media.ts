/**
 * upload.twitter.com/1.1/media/upload.json (simple multipart upload; INIT / APPEND / FINALIZE /
 * STATUS with processing_info pending → in_progress → succeeded after N polls) and
 * media/metadata/create.json (alt text, ≤ 1000 characters).
 */
import sharp from 'sharp';
import { json, jsonBody, v1Error, type Ctx, type Reply } from '../http';
import type { MediaType, SandboxMedia, SandboxState } from '../state';

const MAX_ALT = 1000;

async function formOf(ctx: Ctx): Promise<FormData | URLSearchParams> {
  const type = String(ctx.headers['content-type'] ?? '');
  if (type.startsWith('multipart/form-data')) return new Response(new Uint8Array(ctx.body), { headers: { 'content-type': type } }).formData();
  if (ctx.method === 'GET') return ctx.url.searchParams;
  return new URLSearchParams(ctx.body.toString('utf8'));
}

async function bytesOf(v: FormDataEntryValue | null): Promise<Buffer | undefined> {
  if (v === null) return undefined;
  if (typeof v === 'string') return Buffer.from(v, 'base64');
  return Buffer.from(await v.arrayBuffer());
}

/** What X would see in the bytes: image format and size, or an MP4 container. */
async function sniff(buf: Buffer): Promise<{ type: MediaType; mimeType: string; width: number; height: number } | undefined> {
  if (buf.subarray(4, 8).toString('latin1') === 'ftyp') return { type: 'video', mimeType: 'video/mp4', width: 1280, height: 720 };
  try {
    const meta = await sharp(buf, { animated: true }).metadata();
    const mime = { png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' }[meta.format as string];
    if (!mime || !meta.width || !meta.height) return undefined;
    const height = meta.pageHeight ?? meta.height;
    return { type: meta.format === 'gif' ? 'animated_gif' : 'photo', mimeType: mime, width: meta.width, height };
  } catch {
    return undefined;
  }
}

function mediaJson(m: SandboxMedia, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { media_id: Number(m.id), media_id_string: m.id, media_key: m.key, size: m.totalBytes, expires_after_secs: 86_400, ...extra };
}

export class MediaRoutes {
  readonly #state: SandboxState;
  readonly #polls: number;

  constructor(state: SandboxState, processingPolls: number) {
    this.#state = state;
    this.#polls = processingPolls;
  }

  async upload(ctx: Ctx): Promise<Reply> {
    const form = await formOf(ctx);
    const command = form.get('command');
    if (command === 'INIT') return this.#init(ctx, form);
    if (command === 'APPEND') return this.#append(ctx, form);
    if (command === 'FINALIZE') return this.#finalize(ctx, form);
    if (command === 'STATUS') return this.#status(ctx, form);
    if (command !== null) return v1Error(400, 38, `Unknown command ${String(command)}.`);
    const bytes = await bytesOf(form.get('media') ?? form.get('media_data'));
    if (!bytes?.length) return v1Error(400, 38, 'media parameter is missing.');
    const kind = await sniff(bytes);
    if (!kind || kind.type === 'video') return v1Error(400, 324, 'media type unrecognized.');
    const m = this.#state.newMedia(ctx.session!.account.id, kind.type, kind.mimeType, bytes.length, kind, 0);
    m.chunks.set(0, bytes);
    m.state = 'succeeded';
    return json(200, mediaJson(m, { image: { image_type: kind.mimeType, w: kind.width, h: kind.height } }));
  }

  #own(ctx: Ctx, form: FormData | URLSearchParams): SandboxMedia | undefined {
    const m = this.#state.media.get(String(form.get('media_id') ?? ''));
    return m && m.ownerId === ctx.session!.account.id ? m : undefined;
  }

  #init(ctx: Ctx, form: FormData | URLSearchParams): Reply {
    const mediaType = String(form.get('media_type') ?? '');
    const total = Number(form.get('total_bytes'));
    if (!mediaType || !Number.isInteger(total) || total <= 0) return v1Error(400, 38, 'media_type and total_bytes are required.');
    const category = String(form.get('media_category') ?? '');
    const type: MediaType = mediaType === 'image/gif' || category === 'tweet_gif' ? 'animated_gif' : mediaType.startsWith('video/') ? 'video' : 'photo';
    const m = this.#state.newMedia(ctx.session!.account.id, type, mediaType, total, { width: 0, height: 0 }, type === 'photo' ? 0 : this.#polls);
    return json(202, { media_id: Number(m.id), media_id_string: m.id, expires_after_secs: 86_399, media_key: m.key });
  }

  async #append(ctx: Ctx, form: FormData | URLSearchParams): Promise<Reply> {
    const m = this.#own(ctx, form);
    if (!m || m.state !== 'uploading') return v1Error(400, 324, 'Invalid or finalized media id.');
    const index = Number(form.get('segment_index'));
    const bytes = await bytesOf(form.get('media') ?? form.get('media_data'));
    if (!Number.isInteger(index) || index < 0 || index > 999 || !bytes) return v1Error(400, 38, 'segment_index and media are required.');
    m.chunks.set(index, bytes);
    return { status: 204 };
  }

  async #finalize(ctx: Ctx, form: FormData | URLSearchParams): Promise<Reply> {
    const m = this.#own(ctx, form);
    if (!m || m.state !== 'uploading') return v1Error(400, 324, 'Invalid or finalized media id.');
    const data = Buffer.concat([...m.chunks.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b));
    if (data.length !== m.totalBytes) return v1Error(400, 324, `File size mismatch: INIT said ${m.totalBytes} bytes, received ${data.length}.`);
    const kind = await sniff(data);
    if (!kind) return v1Error(400, 324, 'media type unrecognized.');
    Object.assign(m, { width: kind.width, height: kind.height });
    if (m.pollsLeft === 0) {
      m.state = 'succeeded';
      return json(200, mediaJson(m));
    }
    m.state = 'pending';
    return json(200, mediaJson(m, { processing_info: { state: 'pending', check_after_secs: 1 } }));
  }

  #status(ctx: Ctx, form: FormData | URLSearchParams): Reply {
    const m = this.#own(ctx, form);
    if (!m) return v1Error(400, 324, 'Invalid media id.');
    if (m.state === 'uploading') return v1Error(400, 324, 'Media is not finalized yet.');
    if (m.state !== 'succeeded') {
      m.pollsLeft--;
      m.state = m.pollsLeft <= 0 ? 'succeeded' : 'in_progress';
    }
    const info = m.state === 'succeeded' ? { state: 'succeeded', progress_percent: 100 } : { state: 'in_progress', check_after_secs: 1, progress_percent: 50 };
    return json(200, mediaJson(m, { processing_info: info, ...(m.type === 'photo' ? {} : { video: { video_type: 'video/mp4' } }) }));
  }

  metadata(ctx: Ctx): Reply {
    const body = jsonBody(ctx) as { media_id?: unknown; alt_text?: { text?: unknown } } | undefined;
    const m = this.#state.media.get(String(body?.media_id ?? ''));
    if (!m || m.ownerId !== ctx.session!.account.id) return v1Error(400, 324, 'Invalid media id.');
    const text = body?.alt_text?.text;
    if (typeof text !== 'string' || [...text].length > MAX_ALT) return v1Error(400, 44, `alt_text.text parameter is invalid (a string of at most ${MAX_ALT} characters).`);
    m.alt = text;
    return { status: 200 };
  }
}
