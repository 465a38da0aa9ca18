import type { Post } from '../../src-shared/domain/post';
import { fingerprint } from '../../src-shared/text/fingerprint';
import { transformBskyToX } from './transformBskyToX';
import { transformXToBsky, type TransformSettings } from './transformXToBsky';
import type { Direction, PlannedSkip, SkipReason, SyncPlan, SyncUnit } from './types';

export interface PlanSettings extends TransformSettings {
  syncReplies: boolean;
  syncReposts: boolean;
  optOutMarker: string;
  /** Quotes of other people's posts: as a link to the quoted post, or not copied at all. */
  quoteOthersAs: 'link' | 'skip';
  /** Epoch ms; posts created before it are history (archive import's job), not live sync. */
  syncSince: number | null;
}

export interface PlanInput {
  direction: Direction;
  /** Own posts of the source account that are not completely synced yet, any order. */
  candidates: Post[];
  /** Source ids (candidates' thread parents and quoted posts included) that already have a copy. */
  linkedSources: ReadonlySet<string>;
  /** Ids on the source platform that are copies the engine made (never synced back: no loops). */
  engineCopies: ReadonlySet<string>;
  /** Posts on the target platform, for the fingerprint guard. */
  targetPosts: readonly Pick<Post, 'text' | 'createdAt'>[];
  ownAuthorId: string;
  settings: PlanSettings;
  now: number;
}

/** Two posts with the same normalised text within this window are the same post (second loop guard). */
export const FINGERPRINT_WINDOW_MS = 7 * 24 * 3600_000;

const byAge = (a: Post, b: Post) => a.createdAt - b.createdAt || compareIds(a.id, b.id);

function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function hasOptOutMarker(text: string, marker: string): boolean {
  const m = marker.trim().toLowerCase();
  if (!m) return false;
  const t = text.toLowerCase();
  let i = t.indexOf(m);
  while (i >= 0) {
    const after = t[i + m.length];
    if (after === undefined || !/[\p{L}\p{N}_]/u.test(after)) return true;
    i = t.indexOf(m, i + 1);
  }
  return false;
}

function skipReason(p: Post, input: PlanInput, targetFps: Map<string, number[]>): SkipReason | null {
  const s = input.settings;
  if (input.engineCopies.has(p.id)) return 'made-by-engine';
  if (p.kind === 'repost' && !s.syncReposts) return 'repost';
  if (p.kind === 'reply' && !s.syncReplies) return 'reply-to-others';
  if (hasOptOutMarker(p.text, s.optOutMarker)) return 'opt-out-marker';
  if (s.syncSince !== null && p.createdAt < s.syncSince) return 'before-sync-start';
  if (!p.text.trim() && p.media.length === 0 && !p.quoteOfId) return 'empty';
  const fp = fingerprint(p.text);
  if (fp && p.text.trim()) {
    const near = targetFps.get(fp)?.some((t) => Math.abs(t - p.createdAt) <= FINGERPRINT_WINDOW_MS);
    if (near) return 'fingerprint-match';
  }
  return null;
}

/**
 * Decides what to publish and in which order: oldest first, so a self-thread's parent is always
 * published before its continuation and a quoted own post before its quote (PLATFORM.md "Threads").
 * Pure: the engine feeds it rows from the store and publishes the result.
 */
export function planSync(input: PlanInput): SyncPlan {
  const targetFps = new Map<string, number[]>();
  for (const t of input.targetPosts) {
    const fp = fingerprint(t.text);
    if (fp) targetFps.set(fp, [...(targetFps.get(fp) ?? []), t.createdAt]);
  }
  const sorted = [...input.candidates].sort(byAge);
  const willSync = new Set<string>(input.linkedSources);
  const units: SyncUnit[] = [];
  const skipped: PlannedSkip[] = [];
  for (const p of sorted) {
    const reason = skipReason(p, input, targetFps);
    if (reason) {
      skipped.push({ source: p, reason });
      continue;
    }
    if (p.quoteOfId && !willSync.has(p.quoteOfId) && (p.quoteOfAuthorId ?? '') !== input.ownAuthorId && input.settings.quoteOthersAs === 'skip') {
      skipped.push({ source: p, reason: 'quote-of-others' });
      continue;
    }
    const isSelfContinuation = p.kind === 'post' && !!p.inReplyToId && (p.inReplyToAuthorId ?? input.ownAuthorId) === input.ownAuthorId;
    const threadParentId = isSelfContinuation && willSync.has(p.inReplyToId!) ? p.inReplyToId! : null;
    const quoteIsOwnSynced = !!p.quoteOfId && willSync.has(p.quoteOfId);
    const parts =
      input.direction === 'x-to-bsky'
        ? transformXToBsky(p, { settings: input.settings, now: input.now, quoteIsOwnSynced })
        : transformBskyToX(p, { splitPolicy: input.settings.splitPolicy, now: input.now, quoteIsOwnSynced });
    units.push({ source: p, threadParentId, parts, notes: [] });
    willSync.add(p.id);
  }
  return { units, skipped };
}
