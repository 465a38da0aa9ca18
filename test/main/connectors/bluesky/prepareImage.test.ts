import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../../src-shared/errors';
import { prepareImage } from '../../../../src-main/connectors/bluesky/prepareImage';

const jpeg = (w: number, h: number, orientation?: number) =>
  sharp({ create: { width: w, height: h, channels: 3, background: '#336699' } })
    .jpeg()
    .withMetadata(orientation ? { orientation } : {})
    .toBuffer()
    .then((b) => new Uint8Array(b));

describe('prepareImage', () => {
  it('keeps a small accepted image byte for byte, with its size', async () => {
    const data = await jpeg(40, 30);
    const out = await prepareImage({ data, mimeType: 'image/jpeg', alt: null }, 1_000_000);
    expect(out).toEqual({ data, mimeType: 'image/jpeg', width: 40, height: 30, reencoded: false });
  });
  it('reports the displayed size of an EXIF-rotated photo', async () => {
    const out = await prepareImage({ data: await jpeg(40, 30, 6), mimeType: 'image/jpeg', alt: null }, 1_000_000);
    expect([out.width, out.height]).toEqual([30, 40]);
  });
  it('re-encodes to fit a small limit and measures the encoded result', async () => {
    const data = new Uint8Array(await sharp({ create: { width: 800, height: 600, channels: 3, background: '#808080' } }).png({ compressionLevel: 0 }).toBuffer());
    const out = await prepareImage({ data, mimeType: 'image/png', alt: 'x' }, 20_000);
    expect(data.length).toBeGreaterThan(20_000);
    expect(out.reencoded).toBe(true);
    expect(out.data.length).toBeLessThanOrEqual(20_000);
    expect(out.mimeType).toBe('image/jpeg');
    expect((await sharp(out.data).metadata()).width).toBe(out.width);
    expect(out.width! * 3).toBe(out.height! * 4);
  });
  it('keeps transparency by re-encoding to WebP', async () => {
    const data = new Uint8Array(await sharp({ create: { width: 300, height: 300, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } }).png({ compressionLevel: 0 }).toBuffer());
    const out = await prepareImage({ data, mimeType: 'image/png', alt: null }, 50_000);
    expect(out.mimeType).toBe('image/webp');
    expect((await sharp(out.data).metadata()).hasAlpha).toBe(true);
  });
  it('re-encodes a type Bluesky does not take (TIFF) even when small', async () => {
    const data = new Uint8Array(await sharp({ create: { width: 20, height: 20, channels: 3, background: '#ff0000' } }).tiff().toBuffer());
    const out = await prepareImage({ data, mimeType: 'image/tiff', alt: null }, 1_000_000);
    expect(out).toMatchObject({ mimeType: 'image/jpeg', width: 20, height: 20, reencoded: true });
  });
  it('fails with a plain message for bytes that are not an image', async () => {
    const e = await prepareImage({ data: new TextEncoder().encode('not an image'), mimeType: 'image/png', alt: null }, 1_000_000).catch((err) => err);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(ErrorCode.InvalidInput);
    expect((e as AppError).message).toContain('could not be read');
  });
});
