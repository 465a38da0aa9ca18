/**
 * Makes an image fit Bluesky's blob limit. The size is measured AFTER encoding, on every attempt:
 * checking before re-encoding is how comparable tools abort imports on images just over the limit
 * (PLATFORM.md, "Media").
 */
import sharp, { type Metadata } from 'sharp';
import { AppError, ErrorCode } from '../../../src-shared/errors';
import type { BskyImageInput } from './types';

/** What Bluesky's app uploads as-is; anything else is re-encoded. */
const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);
/** The official app scales images to at most 2000 px on the long side before upload. */
const MAX_DIMENSION = 2000;
const MAX_ATTEMPTS = 12;

export interface PreparedImage {
  data: Uint8Array;
  mimeType: string;
  width?: number;
  height?: number;
  reencoded: boolean;
}

async function readMeta(img: BskyImageInput): Promise<Metadata> {
  try {
    return await sharp(img.data).metadata();
  } catch (e) {
    throw new AppError(ErrorCode.InvalidInput, `The image (${img.mimeType}, ${img.data.length} bytes) could not be read: ${(e as Error).message}. Replace the file or post without it.`, undefined, { cause: e });
  }
}

/** Width and height as displayed: EXIF orientations 5–8 swap them. */
function displayed(meta: Metadata): { width?: number; height?: number } {
  const swap = (meta.orientation ?? 1) >= 5;
  return swap ? { width: meta.height, height: meta.width } : { width: meta.width, height: meta.height };
}

async function encode(data: Uint8Array, longSide: number, quality: number, alpha: boolean): Promise<{ data: Buffer; width: number; height: number }> {
  const pipeline = sharp(data, { animated: false })
    .rotate() // apply EXIF orientation before the metadata is dropped
    .resize({ width: longSide, height: longSide, fit: 'inside', withoutEnlargement: true });
  const out = alpha ? pipeline.webp({ quality, alphaQuality: quality }) : pipeline.jpeg({ quality, mozjpeg: true });
  const { data: buf, info } = await out.toBuffer({ resolveWithObject: true });
  return { data: buf, width: info.width, height: info.height };
}

export async function prepareImage(img: BskyImageInput, maxBytes: number): Promise<PreparedImage> {
  const meta = await readMeta(img);
  const dims = displayed(meta);
  if (img.data.length <= maxBytes && ACCEPTED.has(img.mimeType)) {
    return { data: img.data, mimeType: img.mimeType, width: img.width ?? dims.width, height: img.height ?? dims.height, reencoded: false };
  }
  const alpha = meta.hasAlpha === true;
  let longSide = Math.min(MAX_DIMENSION, Math.max(dims.width ?? MAX_DIMENSION, dims.height ?? MAX_DIMENSION));
  let quality = 85;
  let lastSize = img.data.length;
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const out = await encode(img.data, longSide, quality, alpha);
    if (out.data.length <= maxBytes) {
      return { data: new Uint8Array(out.data), mimeType: alpha ? 'image/webp' : 'image/jpeg', width: out.width, height: out.height, reencoded: true };
    }
    lastSize = out.data.length;
    // Lower the quality first (cheap in visible detail), then shrink by the square root of the overshoot.
    if (quality > 65) quality -= 10;
    else longSide = Math.max(64, Math.floor(longSide * Math.max(0.5, Math.sqrt(maxBytes / lastSize) * 0.95)));
  }
  throw new AppError(ErrorCode.RemoteRejected, `The image could not be made smaller than ${maxBytes} bytes (last try: ${lastSize} bytes). Post it without this image or use a smaller file.`);
}
