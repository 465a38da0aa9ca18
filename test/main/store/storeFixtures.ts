/** Shared set-up for the store tests: a real SQLite file in a fresh temp dir, migrated. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Post } from '../../../src-shared/domain/post';
import { openStore } from '../../../src-main/store/createStore';
import type { Store } from '../../../src-main/store/createStore';
import { ManualClock } from '../../support/ManualClock';

export function tempDir(prefix = 'chirp-store-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface Fixture {
  dir: string;
  file: string;
  clock: ManualClock;
  store: Store;
  profileId: number;
  xAccountId: number;
  bskyAccountId: number;
  pairId: number;
  cleanup(): void;
}

export const X_USER = '1500000000000000001';
export const BSKY_DID = 'did:plc:abcdefghijklmnopqrstuvwx';

/** A migrated store with one profile, an X and a Bluesky account and their pair. */
export function makeFixture(): Fixture {
  const dir = tempDir();
  const file = path.join(dir, 'chirp.db');
  const clock = new ManualClock();
  const { store } = openStore(file, { clock });
  const profileId = store.profiles.ensureDefaultProfile().id;
  const x = store.accounts.upsert({ profileId, platform: 'x', handle: 'alice', remoteId: X_USER });
  const b = store.accounts.upsert({ profileId, platform: 'bsky', handle: 'alice.test', remoteId: BSKY_DID, serviceUrl: 'http://127.0.0.1:1' });
  const pair = store.pairs.create({ profileId, xAccountId: x.id, bskyAccountId: b.id });
  return {
    dir, file, clock, store, profileId, xAccountId: x.id, bskyAccountId: b.id, pairId: pair.id,
    cleanup: () => {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function xPost(id: string, over: Partial<Post> = {}): Post {
  return {
    platform: 'x',
    id,
    authorId: X_USER,
    authorHandle: 'alice',
    text: `post number ${id}`,
    createdAt: Date.UTC(2025, 5, 1) + Number(id.slice(-6)) * 1000,
    kind: 'post',
    media: [],
    links: [],
    hashtags: [],
    mentions: [],
    metrics: { likes: 0, reposts: 0, replies: 0, quotes: 0 },
    source: 'live',
    ...over,
  };
}

export function bskyPost(rkey: string, over: Partial<Post> = {}): Post {
  return {
    platform: 'bsky',
    id: `at://${BSKY_DID}/app.bsky.feed.post/${rkey}`,
    cid: `bafyrei${rkey}`,
    authorId: BSKY_DID,
    authorHandle: 'alice.test',
    text: `bluesky ${rkey}`,
    createdAt: Date.UTC(2025, 5, 2),
    kind: 'post',
    media: [],
    links: [],
    hashtags: [],
    mentions: [],
    metrics: { likes: 0, reposts: 0, replies: 0, quotes: 0 },
    source: 'live',
    ...over,
  };
}

/** Runs `fn` and returns the error it throws (fails the test when it does not throw). */
export function thrown(fn: () => unknown): Error & { code?: string; details?: Record<string, unknown> } {
  try {
    fn();
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected the call to throw, but it returned');
}
