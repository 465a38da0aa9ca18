/**
 * Migration simulation (SPEC §3 "simulate first"): pure planning over indexed posts, no network.
 * It says what an archive → Bluesky migration would do — counts per kind, what is skipped and why,
 * what needs splitting or re-encoding, and how long it takes under the write budget — and returns the
 * ordered units the live migration job publishes: thread parents before their continuations and
 * quoted own posts before the posts quoting them, each with its text parts and media.
 */
import type { MediaItem, Post } from '../../src-shared/domain/post';
import { AppError, ErrorCode } from '../../src-shared/errors';
import { graphemeLength, utf8Length } from '../../src-shared/text/graphemes';
import { BSKY_MAX_BYTES, BSKY_MAX_GRAPHEMES, splitForBsky, truncateWithLink } from '../../src-shared/text/split';
import { xPostUrl, xToBskyText } from '../sync/transformXToBsky';
import { type MediaLimits, planMedia, type PlannedMedia, DEFAULT_MEDIA_LIMITS } from './planMedia';

/** A post as the index returns it; `deletedAt` is set on StoredPost rows. */
export type MigrationSourcePost = Post & { deletedAt?: number | null };

export type SkipReason = 'reply_to_other' | 'repost' | 'deleted' | 'outside_date_window' | 'excluded' | 'already_synced_live' | 'empty';

export interface SkippedPost {
  sourceId: string;
  reason: SkipReason;
  /** A sentence for the person. */
  detail: string;
}

export interface MigrationOptions {
  /** Inclusive window on the post's creation time (epoch ms); null/undefined = open. */
  dateFrom?: number | null;
  dateTo?: number | null;
  excludeIds?: readonly string[];
  /** Replies to other people: skipped (default), or posted on their own with a link to the post they answer. */
  repliesToOthers?: 'skip' | 'link';
  /** Default false: a post deleted on X is not brought back on Bluesky. */
  includeDeleted?: boolean;
  /** split (default) = reply chain of parts; truncate = one part ending in a link back to X. */
  splitPolicy?: 'split' | 'truncate';
  /** True when the post already has a Bluesky copy made by live sync (the link table knows). */
  isSyncedLive?: (post: Post) => boolean;
  /** Media file size in bytes when known (see ArchiveMediaFiles.size). */
  mediaSize?: (item: MediaItem) => number | undefined;
  limits?: Partial<MediaLimits>;
}

export interface MigrationBudget {
  /** Record creates per hour the job may make. Default 1,000: Bluesky allows 5,000 points/h = 1,666 creates; the rest is headroom. */
  createsPerHour?: number;
  /** Start time for `finishesAt` (epoch ms). */
  now?: number;
}

export type UnitRole = 'post' | 'thread_root' | 'thread_continuation';

export interface MigrationUnit {
  /** Position in publishing order (0-based). */
  order: number;
  sourceId: string;
  post: Post;
  role: UnitRole;
  /** Source id of the post this one continues (a unit earlier in the list, or a post synced live). */
  parentSourceId: string | null;
  /** Source id of the first post of its thread (itself for roots and single posts). */
  threadRootId: string;
  /** native = embed the copy of the quoted own post; link = its URL goes into the text. */
  quote: { kind: 'native'; sourceId: string } | { kind: 'link'; url: string } | null;
  /** Bluesky texts in order: one record each, part i+1 replying to part i. */
  parts: string[];
  media: PlannedMedia[];
  /** Backdated creation time of the copy (SPEC §3). */
  createdAt: number;
  /** Plain-language notes: split, re-encode, dropped media, missing parent … */
  reasons: string[];
}

export interface MigrationCounts {
  considered: number;
  units: number;
  posts: number;
  threads: number;
  threadContinuations: number;
  quotesNative: number;
  quotesAsLink: number;
  media: number;
  mediaNeedReencode: number;
  videosOverLimit: number;
  mediaMissing: number;
  mediaDropped: number;
  needSplit: number;
  extraParts: number;
  /** Records to create = sum of parts. */
  creates: number;
  skipped: Record<SkipReason, number>;
}

export interface MigrationEta {
  creates: number;
  createsPerHour: number;
  /** Write points at 3 per create, against Bluesky's 5,000/h. */
  pointsPerHour: number;
  durationMs: number;
  finishesAt: number | null;
}

export interface MigrationPlan {
  units: MigrationUnit[];
  skipped: SkippedPost[];
  counts: MigrationCounts;
  eta: MigrationEta;
}

export const DEFAULT_CREATES_PER_HOUR = 1_000;
/** Bluesky: 5,000 points/h at 3 points per create. */
const MAX_CREATES_PER_HOUR = 1_666;

const byId = (a: Post, b: Post) => (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0);
const isNumericId = (p: Post) => /^\d{1,20}$/.test(p.id);

function skipReason(p: MigrationSourcePost, o: MigrationOptions, excluded: ReadonlySet<string>): SkippedPost | null {
  const s = (reason: SkipReason, detail: string): SkippedPost => ({ sourceId: p.id, reason, detail });
  if (excluded.has(p.id)) return s('excluded', 'You excluded this post.');
  if (p.kind === 'repost') return s('repost', 'A retweet of someone else’s post; Bluesky cannot repost an X post.');
  if (p.kind === 'reply') return s('reply_to_other', 'A reply to someone else; the post it answers is not on Bluesky.');
  if (p.deletedAt && !o.includeDeleted) return s('deleted', 'You deleted this post on X.');
  if ((o.dateFrom != null && p.createdAt < o.dateFrom) || (o.dateTo != null && p.createdAt > o.dateTo)) return s('outside_date_window', 'Outside the chosen date range.');
  if (o.isSyncedLive?.(p)) return s('already_synced_live', 'Already on Bluesky through live sync.');
  if (p.text.trim() === '' && p.media.length === 0 && !p.quoteOfId) return s('empty', 'The post has no text or media.');
  return null;
}

/** A reply to someone else as a post of its own: the answered post becomes a link ("↩ …"). */
function asStandalone(p: MigrationSourcePost): MigrationSourcePost {
  const url = p.inReplyToId ? `https://x.com/i/status/${p.inReplyToId}` : null;
  return { ...p, kind: 'post', inReplyToId: null, inReplyToAuthorId: null, conversationId: null, text: url ? `${p.text}\n\n↩ ${url}` : p.text };
}

function validateInput(posts: unknown, budget: MigrationBudget): number {
  if (!Array.isArray(posts)) throw new AppError(ErrorCode.InvalidInput, 'simulateMigration needs the list of indexed posts.');
  const cph = budget.createsPerHour ?? DEFAULT_CREATES_PER_HOUR;
  if (!Number.isFinite(cph) || cph <= 0 || cph > MAX_CREATES_PER_HOUR) {
    throw new AppError(ErrorCode.InvalidInput, `The write budget must be between 1 and ${MAX_CREATES_PER_HOUR} creates per hour (Bluesky allows 5,000 points/h at 3 per create); got ${cph}.`, { field: 'createsPerHour' });
  }
  return cph;
}

function textParts(post: Post, text: string, policy: 'split' | 'truncate'): string[] {
  if (graphemeLength(text) <= BSKY_MAX_GRAPHEMES && utf8Length(text) <= BSKY_MAX_BYTES) return [text];
  return policy === 'truncate' ? [truncateWithLink(text, xPostUrl(post), 'bsky')] : splitForBsky(text);
}

interface Draft {
  post: MigrationSourcePost;
  parentSourceId: string | null;
  parentInPlan: boolean;
  quote: MigrationUnit['quote'];
  reasons: string[];
}

/** Links each candidate to its thread parent and quoted post; only own posts count. */
function draftOf(p: MigrationSourcePost, planned: ReadonlyMap<string, MigrationSourcePost>, all: ReadonlyMap<string, MigrationSourcePost>, o: MigrationOptions): Draft {
  const reasons: string[] = [];
  let parentSourceId: string | null = null;
  let parentInPlan = false;
  if (p.inReplyToId && p.inReplyToAuthorId === p.authorId) {
    const parent = all.get(p.inReplyToId);
    if (planned.has(p.inReplyToId)) [parentSourceId, parentInPlan] = [p.inReplyToId, true];
    else if (parent && o.isSyncedLive?.(parent)) {
      parentSourceId = p.inReplyToId;
      reasons.push('Continues a thread whose earlier post is already on Bluesky.');
    } else reasons.push('The post it continues is not migrated, so it starts a new thread on Bluesky.');
  }
  let quote: MigrationUnit['quote'] = null;
  if (p.quoteOfId) {
    const quoted = all.get(p.quoteOfId);
    const own = p.quoteOfAuthorId === p.authorId;
    if (own && (planned.has(p.quoteOfId) || (quoted && o.isSyncedLive?.(quoted)))) quote = { kind: 'native', sourceId: p.quoteOfId };
    else {
      quote = { kind: 'link', url: p.quoteOfUrl || `https://x.com/i/status/${p.quoteOfId}` };
      reasons.push(own ? 'Quotes your own post that is not migrated: it becomes a link.' : 'Quotes someone else’s post: it becomes a link.');
    }
  }
  return { post: p, parentSourceId, parentInPlan, quote, reasons };
}

/** Depth-first emission over id order: dependencies (thread parent, quoted post) always come first. */
function orderDrafts(drafts: Map<string, Draft>): Draft[] {
  const out: Draft[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (d: Draft) => {
    const stack: { d: Draft; deps: string[] }[] = [{ d, deps: depsOf(d, drafts) }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      state.set(top.d.post.id, 'visiting');
      const next = top.deps.shift();
      if (next === undefined) {
        stack.pop();
        state.set(top.d.post.id, 'done');
        out.push(top.d);
      } else if (!state.has(next)) {
        const nd = drafts.get(next)!;
        stack.push({ d: nd, deps: depsOf(nd, drafts) });
      }
    }
  };
  const sorted = [...drafts.values()].sort((a, b) => byId(a.post, b.post));
  for (const d of sorted) if (!state.has(d.post.id)) visit(d);
  return out;
}

function depsOf(d: Draft, drafts: Map<string, Draft>): string[] {
  const deps: string[] = [];
  if (d.parentInPlan && d.parentSourceId) deps.push(d.parentSourceId);
  if (d.quote?.kind === 'native' && drafts.has(d.quote.sourceId)) deps.push(d.quote.sourceId);
  return deps;
}

export function simulateMigration(input: { posts: readonly MigrationSourcePost[]; options?: MigrationOptions; budget?: MigrationBudget }): MigrationPlan {
  const o = input.options ?? {};
  const budget = input.budget ?? {};
  const createsPerHour = validateInput(input.posts, budget);
  const limits: MediaLimits = { ...DEFAULT_MEDIA_LIMITS, ...o.limits };
  const excluded = new Set(o.excludeIds ?? []);
  const all = new Map(input.posts.filter(isNumericId).map((p) => [p.id, p]));
  const skipped: SkippedPost[] = [];
  const planned = new Map<string, MigrationSourcePost>();
  for (const original of [...all.values()].sort(byId)) {
    const p = original.kind === 'reply' && o.repliesToOthers === 'link' ? asStandalone(original) : original;
    if (p !== original) all.set(p.id, p);
    const s = skipReason(p, o, excluded);
    if (s) skipped.push(s);
    else planned.set(p.id, p);
  }
  const drafts = new Map([...planned.values()].map((p) => [p.id, draftOf(p, planned, all, o)]));
  const ordered = orderDrafts(drafts);
  const hasChildren = new Set(ordered.filter((d) => d.parentInPlan).map((d) => d.parentSourceId!));
  const rootOf = new Map<string, string>();
  const units = ordered.map((d, order): MigrationUnit => {
    const p = d.post;
    // Parents are emitted first, so their root is known; a continuation of a live copy keeps X's conversation.
    const root = d.parentInPlan ? rootOf.get(d.parentSourceId!)! : d.parentSourceId ? (p.conversationId ?? d.parentSourceId) : p.id;
    rootOf.set(p.id, root);
    const text = xToBskyText(p, { settings: { splitPolicy: o.splitPolicy ?? 'split', mentionMappings: {}, backdate: true }, now: p.createdAt, quoteIsOwnSynced: d.quote?.kind === 'native' });
    const parts = textParts(p, text, o.splitPolicy ?? 'split');
    const media = planMedia(p.media, limits, o.mediaSize);
    const reasons = [...d.reasons, ...media.flatMap((m) => (m.note ? [m.note] : []))];
    if (parts.length > 1) reasons.unshift(`Longer than ${BSKY_MAX_GRAPHEMES} characters: posted as ${parts.length} connected parts.`);
    if (media.some((m) => m.action !== 'drop')) reasons.push('Archives hold no alt text, so images are posted without descriptions.');
    const role: UnitRole = d.parentSourceId ? 'thread_continuation' : hasChildren.has(p.id) ? 'thread_root' : 'post';
    return { order, sourceId: p.id, post: p, role, parentSourceId: d.parentSourceId, threadRootId: root, quote: d.quote, parts, media, createdAt: p.createdAt, reasons };
  });
  const counts = countPlan(input.posts.length, units, skipped);
  const durationMs = Math.ceil((counts.creates / createsPerHour) * 3_600_000);
  return {
    units,
    skipped,
    counts,
    eta: { creates: counts.creates, createsPerHour, pointsPerHour: createsPerHour * 3, durationMs, finishesAt: budget.now === undefined ? null : budget.now + durationMs },
  };
}

function countPlan(considered: number, units: MigrationUnit[], skipped: SkippedPost[]): MigrationCounts {
  const c: MigrationCounts = {
    considered, units: units.length, posts: 0, threads: 0, threadContinuations: 0, quotesNative: 0, quotesAsLink: 0,
    media: 0, mediaNeedReencode: 0, videosOverLimit: 0, mediaMissing: 0, mediaDropped: 0, needSplit: 0, extraParts: 0, creates: 0,
    skipped: { reply_to_other: 0, repost: 0, deleted: 0, outside_date_window: 0, excluded: 0, already_synced_live: 0, empty: 0 },
  };
  for (const u of units) {
    if (u.role === 'post') c.posts++;
    else if (u.role === 'thread_root') c.threads++;
    else c.threadContinuations++;
    if (u.quote?.kind === 'native') c.quotesNative++;
    if (u.quote?.kind === 'link') c.quotesAsLink++;
    if (u.parts.length > 1) c.needSplit++;
    c.extraParts += u.parts.length - 1;
    c.creates += u.parts.length;
    for (const m of u.media) {
      if (m.action === 'drop') c.mediaDropped++;
      else c.media++;
      if (m.action === 'reencode') c.mediaNeedReencode++;
      if (m.overLimit) c.videosOverLimit++;
      if (m.missing) c.mediaMissing++;
    }
  }
  for (const s of skipped) c.skipped[s.reason]++;
  return c;
}
