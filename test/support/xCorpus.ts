/**
 * Loads the X GraphQL captures in `../shared/corpus/x-graphql` (resolved from the repo root, so it
 * works wherever CI clones the repo with shared/ beside it) and derives the shapes the corpus lacks
 * (G2, visibility-wrapped posts, tombstones) from real captures instead of hand-written JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const xCorpusDir = path.resolve(repoRoot, '../shared/corpus/x-graphql');

export interface XCapture {
  /** e.g. `head/raw_user_tweets.json` */
  name: string;
  file: string;
}

/** Every capture under head/ and historical/, except `__meta.json` (query ids, not a response). */
export function listXCaptures(): XCapture[] {
  const out: XCapture[] = [];
  for (const dir of ['head', 'historical']) {
    for (const f of readdirSync(path.join(xCorpusDir, dir)).sort()) {
      if (f.endsWith('.json') && f !== '__meta.json') out.push({ name: `${dir}/${f}`, file: path.join(xCorpusDir, dir, f) });
    }
  }
  return out;
}

/** A fresh parsed copy on every call, so a test may mutate it. */
export function loadXCapture(name: string): any {
  return JSON.parse(readFileSync(path.join(xCorpusDir, name), 'utf8'));
}

export type CaptureShape = 'timeline' | 'detail' | 'user' | 'entry';

/** Which parser a capture needs, judged by its shape (not by its file name). */
export function captureShape(json: any): CaptureShape {
  const data = json?.data;
  if (data?.threaded_conversation_with_injections_v2 || data?.threaded_conversation_with_injections) return 'detail';
  if (data?.user?.result?.timeline || data?.user?.result?.timeline_v2 || data?.search_by_raw_query || data?.communityResults) return 'timeline';
  if (data?.user?.result || data?.user_result_by_screen_name?.result) return 'user';
  if (typeof json?.entryId === 'string' && json?.content) return 'entry';
  throw new Error(`unknown capture shape (top-level keys: ${Object.keys(json ?? {}).join(', ')})`);
}

function walk(v: any, visit: (o: any) => void): void {
  if (Array.isArray(v)) v.forEach((x) => walk(x, visit));
  else if (v && typeof v === 'object') {
    visit(v);
    for (const k of Object.keys(v)) walk(v[k], visit);
  }
}

/**
 * G3 → G2 (X-WEB-API.md: mid 2025): every user object gets back a partial `legacy` holding the
 * counters and pinned ids, *without* `screen_name`/`name` (those stay in `core`), and loses the
 * G3-only blocks the counters moved to, so a parser that reads only G3 blocks fails on it.
 */
export function deriveG2<T>(g3: T): T {
  const copy = structuredClone(g3);
  walk(copy, (o) => {
    if (o.__typename !== 'User' || o.legacy || typeof o.core?.screen_name !== 'string') return;
    const legacy: Record<string, unknown> = {
      created_at: o.core.created_at,
      description: o.profile_bio?.description,
      followers_count: o.relationship_counts?.followers,
      friends_count: o.relationship_counts?.following,
      statuses_count: o.tweet_counts?.tweets,
      media_count: o.tweet_counts?.media_tweets,
      favourites_count: o.action_counts?.favorites_count,
      pinned_tweet_ids_str: o.pinned_items?.tweet_ids_str,
      protected: o.privacy?.protected,
    };
    // Only what the G3 object knew: a G2 user is the same account, not a fuller one.
    o.legacy = Object.fromEntries(Object.entries(legacy).filter(([, v]) => v !== undefined));
    for (const k of ['relationship_counts', 'tweet_counts', 'action_counts', 'pinned_items', 'privacy', 'profile_bio']) delete o[k];
  });
  return copy;
}

/** Wraps a post result the way X does for posts with limited actions. */
export function wrapVisibility(result: unknown): unknown {
  return { __typename: 'TweetWithVisibilityResults', tweet: result, limitedActionResults: { limited_actions: [] } };
}

export const TOMBSTONE = {
  __typename: 'TweetTombstone',
  tombstone: { __typename: 'TextTombstone', text: { rtl: false, text: 'This Post was deleted by the Post author.', entities: [] } },
};
