/**
 * The cut search behind splitForX / splitForBsky / truncateWithLink (see split.ts for the rules).
 * Cut points are grapheme boundaries outside URLs, mentions, hashtags and cashtags, classed
 * sentence > word > grapheme; a Packer fills parts greedily against a platform's LengthRule.
 */
import { AppError, ErrorCode } from '../errors';
import { bskyEntityRanges } from './facets';
import { graphemeBoundaries } from './graphemes';
import { extractXEntities } from './xLength';

/** A platform's limit: `fits` decides, `fill` (0..1) says how full a part is. */
export interface LengthRule {
  fits(s: string): boolean;
  fill(s: string): number;
}

const Kind = { Grapheme: 0, Word: 1, Sentence: 2 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

/** Half-full is the floor below which a nicer boundary is not worth the wasted room. */
const MIN_FILL = 0.5;
/** How many sentence boundaries (latest first) to try per part before settling for a word cut. */
const SENTENCE_TRIES = 4;

/** Everything about one text that the cut search needs, computed once. */
export interface Layout {
  text: string;
  /** Safe cut positions (UTF-16), ascending, excluding 0. */
  cuts: number[];
  /** All grapheme boundaries: the last resort when an entity alone exceeds the limit. */
  allCuts: number[];
  kind: Map<number, Kind>;
}

function protectedRanges(text: string): Array<[number, number]> {
  const e = extractXEntities(text);
  const x = [...e.urls, ...e.mentions, ...e.lists, ...e.hashtags, ...e.cashtags].map((r) => r.indices);
  return [...x, ...bskyEntityRanges(text)];
}

function sentenceStarts(text: string): Set<number> {
  const seg = new Intl.Segmenter(undefined, { granularity: 'sentence' });
  return new Set(Array.from(seg.segment(text), (s) => s.index));
}

export function layout(text: string, rule: LengthRule): Layout {
  // An entity longer than a whole part (a 400-char URL on Bluesky) must be cut anyway: then it
  // is cut where the part is full rather than pushed, alone, into parts of its own.
  const ranges = protectedRanges(text).filter(([s, e]) => rule.fits(text.slice(s, e)));
  const sentences = sentenceStarts(text);
  const allCuts = graphemeBoundaries(text).filter((p) => p > 0);
  const kind = new Map<number, Kind>();
  const ws = /\s/;
  for (const p of allCuts) {
    const atSpace = ws.test(text[p - 1] ?? '') || ws.test(text[p] ?? '');
    kind.set(p, sentences.has(p) ? Kind.Sentence : atSpace ? Kind.Word : Kind.Grapheme);
  }
  // Mark positions strictly inside a protected range (a sweep: texts can hold thousands of links).
  const inside = new Uint8Array(text.length + 1);
  for (const [s, e] of ranges) inside.fill(1, s + 1, e);
  const cuts = allCuts.filter((p) => inside[p] === 0);
  return { text, cuts, allCuts, kind };
}

function skipSpace(text: string, p: number): number {
  while (p < text.length && /\s/.test(text[p] ?? '')) p++;
  return p;
}

/** One part's text and the suffix that will follow it. */
export type Suffix = (i: number) => string;

export class Packer {
  readonly #l: Layout;
  readonly #rule: LengthRule;
  readonly #suffix: Suffix;
  readonly #countMemo = new Map<string, number>();
  readonly #maxMemo = new Map<string, number>();

  constructor(l: Layout, rule: LengthRule, suffix: Suffix) {
    this.#l = l;
    this.#rule = rule;
    this.#suffix = suffix;
  }

  part(s: number, c: number): string {
    return this.#l.text.slice(s, c).trim();
  }

  #fitsAt(s: number, c: number, i: number): boolean {
    const p = this.part(s, c);
    return p.length > 0 && this.#rule.fits(p + this.#suffix(i));
  }

  /** Index of the first cut after position `s` (binary search), or cuts.length. */
  #firstAfter(cuts: number[], s: number): number {
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cuts[mid] as number) > s) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * Farthest cut after `s` whose part fits. Galloping then bisecting (the part grows with the
   * cut), so probes stay near one part's size instead of measuring the whole remaining text.
   */
  maxCut(s: number, i: number): number {
    const key = `${s}:${i}`;
    const hit = this.#maxMemo.get(key);
    if (hit !== undefined) return hit;
    const found = this.#gallop(this.#l.cuts, s, i) ?? this.#gallop(this.#l.allCuts, s, i);
    if (found === null) {
      throw new AppError(ErrorCode.InvalidInput, 'The text cannot be split: not even one character fits next to the numbering.');
    }
    this.#maxMemo.set(key, found);
    return found;
  }

  #gallop(cuts: number[], s: number, i: number): number | null {
    let good = this.#firstAfter(cuts, s);
    if (good >= cuts.length) return this.#l.text.length;
    if (!this.#fitsAt(s, cuts[good] as number, i)) return null; // an entity alone is too long
    let bad = cuts.length;
    for (let step = 1; ; step *= 2) {
      const probe = Math.min(good + step, cuts.length - 1);
      if (probe === good) return cuts[good] as number;
      if (!this.#fitsAt(s, cuts[probe] as number, i)) {
        bad = probe;
        break;
      }
      good = probe;
    }
    while (bad - good > 1) {
      const mid = (good + bad) >> 1;
      if (this.#fitsAt(s, cuts[mid] as number, i)) good = mid;
      else bad = mid;
    }
    return cuts[good] as number;
  }

  /** The last word cut in (s, max] if it keeps the part at least half full, else `max`. */
  wordCut(s: number, max: number): number {
    const cuts = this.#l.cuts;
    for (let k = this.#firstAfter(cuts, max) - 1; k >= 0 && (cuts[k] as number) > s; k--) {
      const c = cuts[k] as number;
      if ((this.#l.kind.get(c) ?? Kind.Grapheme) < Kind.Word) continue;
      // The latest word cut is the fullest one: if it is under half full, none is better.
      return this.#rule.fill(this.part(s, c)) >= MIN_FILL ? c : max;
    }
    return max;
  }

  /** Parts needed from `s` on, part numbers starting at `i`, with word-level greedy cuts. */
  count(s: number, i: number): number {
    // Greedy paths from nearby starts soon meet: remember every (position, part number) visited.
    const text = this.#l.text;
    const path: string[] = [];
    let n = 0;
    let p = skipSpace(text, s);
    let tail = 0;
    for (; p < text.length; n++) {
      const key = `${p}:${i + n}`;
      const hit = this.#countMemo.get(key);
      if (hit !== undefined) {
        tail = hit;
        break;
      }
      path.push(key);
      const max = this.maxCut(p, i + n);
      p = skipSpace(text, max >= text.length ? max : this.wordCut(p, max));
    }
    path.forEach((key, k) => this.#countMemo.set(key, n - k + tail));
    return n + tail;
  }

  /**
   * earliest[k]: the earliest position from which the rest of the text fits in k parts (numbered
   * up to `total`), found by packing backwards from the end with any safe cut. Being a bound for
   * every cut strategy, it rejects a sentence cut that would certainly cost an extra part.
   */
  #earliestFrom(total: number): number[] {
    const text = this.#l.text;
    const starts = [0, ...this.#l.cuts.filter((c) => c < text.length)];
    const earliest = [text.length];
    for (let k = 1; k <= total && (earliest[k - 1] as number) > 0; k++) {
      const end = earliest[k - 1] as number;
      const i = total - k + 1;
      // Smallest start whose part up to `end` still fits: gallop backwards, then bisect.
      let good = this.#firstAfter(starts, end - 1) - 1;
      if (good < 0 || !this.#fitsAt(starts[good] as number, end, i)) break;
      let bad = -1;
      for (let step = 1; good > 0; step *= 2) {
        const probe = Math.max(good - step, 0);
        if (!this.#fitsAt(starts[probe] as number, end, i)) {
          bad = probe;
          break;
        }
        good = probe;
      }
      while (good - bad > 1) {
        const mid = (good + bad) >> 1;
        if (this.#fitsAt(starts[mid] as number, end, i)) good = mid;
        else bad = mid;
      }
      const lo = good;
      earliest.push(starts[lo] as number);
    }
    return earliest;
  }

  /** Latest sentence cut in (s, max] that is half full and not ruled out by `earliest`. */
  sentenceCut(s: number, max: number, earliestStart: number): number | null {
    const cuts = this.#l.cuts;
    let tries = 0;
    for (let k = this.#firstAfter(cuts, max) - 1; k >= 0 && (cuts[k] as number) > s && tries < SENTENCE_TRIES; k--) {
      const c = cuts[k] as number;
      if (this.#l.kind.get(c) !== Kind.Sentence) continue;
      tries++;
      if (c < earliestStart || this.#rule.fill(this.part(s, c)) < MIN_FILL) return null;
      return c;
    }
    return null;
  }

  /**
   * The parts, cut sentence > word > grapheme. If preferring sentences ever ends up with more
   * parts than the word-level greedy count, that count wins and the text is packed by words.
   */
  pack(): string[] {
    const total = this.count(0, 1);
    const earliest = this.#earliestFrom(total);
    const parts = this.#packWith((s, max, i) => {
      const bound = earliest[total - i];
      return (bound !== undefined ? this.sentenceCut(s, max, bound) : null) ?? this.wordCut(s, max);
    });
    return parts.length <= total ? parts : this.#packWith((s, max) => this.wordCut(s, max));
  }

  #packWith(choose: (s: number, max: number, i: number) => number): string[] {
    const text = this.#l.text;
    const parts: string[] = [];
    for (let s = skipSpace(text, 0); s < text.length; ) {
      const i = parts.length + 1;
      const max = this.maxCut(s, i);
      const c = max >= text.length ? max : choose(s, max, i);
      parts.push(this.part(s, c) + this.#suffix(i));
      s = skipSpace(text, c);
    }
    return parts;
  }
}
