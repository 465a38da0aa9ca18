/**
 * Splitting and truncating over-long text for X (280 weighted, URLs 23) and Bluesky (300 graphemes,
 * 3000 UTF-8 bytes) — SPEC §2.2 "Length", PLATFORM.md "Text" failure kinds.
 *
 * Cut points are grapheme boundaries that are not inside a URL, @mention, #hashtag or cashtag, so
 * an emoji/ZWJ sequence or a link is never cut. Each cut is classed sentence > word > grapheme.
 * The number of parts is first fixed by a word-level greedy fill (as full as the limit allows,
 * mid-word only when a word cut would leave the part less than half full); a sentence boundary is
 * then preferred only where a backward bound shows it cannot cost an extra part (and if the
 * result still has more parts, it is re-packed by words), so no text is over-split.
 * The cut search itself lives in Packer.ts.
 */
import { AppError, ErrorCode } from '../errors';
import { graphemeLength, utf8Length } from './graphemes';
import { layout, Packer, type LengthRule } from './Packer';
import { X_MAX_WEIGHTED_LENGTH, xWeightedLength } from './xLength';

export const BSKY_MAX_GRAPHEMES = 300;
export const BSKY_MAX_BYTES = 3000;

export type TextPlatform = 'x' | 'bsky';

export interface SplitOptions {
  /** Append " i/n" to every part (counted in the length). Default false. */
  numbering?: boolean;
  /** Override the limit: X weighted length, or Bluesky graphemes. */
  maxLength?: number;
}

function xRule(max = X_MAX_WEIGHTED_LENGTH): LengthRule {
  return { fits: (s) => xWeightedLength(s) <= max, fill: (s) => xWeightedLength(s) / max };
}

function bskyRule(max = BSKY_MAX_GRAPHEMES): LengthRule {
  return {
    fits: (s) => graphemeLength(s) <= max && utf8Length(s) <= BSKY_MAX_BYTES,
    fill: (s) => Math.max(graphemeLength(s) / max, utf8Length(s) / BSKY_MAX_BYTES),
  };
}

function ruleFor(platform: TextPlatform, max?: number): LengthRule {
  if (max !== undefined && (!Number.isInteger(max) || max < 10)) {
    throw new AppError(ErrorCode.InvalidInput, `maxLength must be an integer of at least 10, got ${max}.`);
  }
  if (platform === 'x') return xRule(max);
  if (platform === 'bsky') return bskyRule(max);
  throw new AppError(ErrorCode.InvalidInput, `Unknown platform "${String(platform)}": use "x" or "bsky".`);
}

function splitWith(text: string, rule: LengthRule, opts: SplitOptions): string[] {
  if (typeof text !== 'string') throw new AppError(ErrorCode.InvalidInput, 'The text to split must be a string.');
  if (text.trim() === '') return [];
  if (rule.fits(text)) return [text];
  const l = layout(text, rule);
  if (!opts.numbering) return new Packer(l, rule, () => '').pack();
  // The suffix " i/n" depends on n: grow n until the parts fit in n, then number them 1..m.
  let n = new Packer(l, rule, () => '').count(0, 1);
  for (;;) {
    const assumed = n;
    const count = new Packer(l, rule, (i) => ` ${i}/${assumed}`).count(0, 1);
    if (count <= assumed) {
      // m ≤ n has no more digits than n, so every part still fits with " i/m".
      return new Packer(l, rule, (i) => ` ${i}/${count}`).pack();
    }
    n = count;
  }
}

/** Parts of at most 280 weighted characters (URLs 23), or `[text]` when it already fits. */
export function splitForX(text: string, opts: SplitOptions = {}): string[] {
  return splitWith(text, ruleFor('x', opts.maxLength), opts);
}

/** Parts of at most 300 graphemes and 3000 UTF-8 bytes, or `[text]` when it already fits. */
export function splitForBsky(text: string, opts: SplitOptions = {}): string[] {
  return splitWith(text, ruleFor('bsky', opts.maxLength), opts);
}

/**
 * One part that fits, ending in "… <link>" (the link back to the full original). The text is cut
 * at a word boundary when that keeps it at least half full, else at a grapheme boundary, never
 * inside a URL/mention/hashtag. A text that already fits is returned unchanged.
 */
export function truncateWithLink(text: string, link: string, platform: TextPlatform): string {
  const rule = ruleFor(platform);
  if (typeof text !== 'string') throw new AppError(ErrorCode.InvalidInput, 'The text to truncate must be a string.');
  if (typeof link !== 'string' || !/^https?:\/\/\S+$/.test(link)) {
    throw new AppError(ErrorCode.InvalidInput, `The link back must be an http(s) URL without spaces, got ${JSON.stringify(link)}.`);
  }
  if (rule.fits(text)) return text;
  const tail = `… ${link}`;
  if (!rule.fits(`x${tail}`)) {
    throw new AppError(ErrorCode.InvalidInput, `The link ${link} is too long to fit in one ${platform === 'x' ? 'X' : 'Bluesky'} post.`);
  }
  const packer = new Packer(layout(text, rule), rule, () => tail);
  const max = packer.maxCut(0, 1);
  return packer.part(0, packer.wordCut(0, max)) + tail;
}
