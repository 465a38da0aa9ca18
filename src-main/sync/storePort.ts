import type { Post } from '../../src-shared/domain/post';
import type { Store } from '../store/createStore';
import { SyncQueries } from '../store/SyncQueries';
import type { IntentRecord, SyncStorePort } from './ports';
import { sourceOf } from './types';
import type { PublishIntent } from '../store/types';

const toRecord = (i: PublishIntent): IntentRecord => ({
  id: i.id,
  status: i.status,
  attempts: i.attempts,
  maxAttempts: i.maxAttempts,
  nextAttemptAt: i.nextAttemptAt,
  targetKey: i.targetKey,
  remoteId: i.remoteId,
  remoteCid: i.remoteCid,
  lastError: i.lastError,
  createdAt: i.createdAt,
});

/** The engine's view of the store, implemented over the repositories. */
export function createSyncStorePort(store: Store): SyncStorePort {
  const q = new SyncQueries(store.db);
  return {
    upsertSourcePosts: (accountId, posts) => store.posts.upsertMany(accountId, posts),
    saveCursor: (accountId, name, value) => (value === null ? void store.cursors.delete(accountId, name) : store.cursors.set(accountId, name, value)),
    getCursor: (accountId, name) => store.cursors.get(accountId, name),
    unsyncedPosts(pairId, direction, accountId, limit) {
      const ids = q.unsyncedIds(pairId, direction, accountId, limit);
      return ids.map((id) => store.posts.get(accountId, id)).filter((p): p is NonNullable<typeof p> => p !== null);
    },
    linkedSourceIds: (pairId, platform, ids) => q.linkedAmong(pairId, platform, ids),
    engineCopyIds: (platform, ids) => q.copiesAmong(platform, ids),
    recentPosts: (accountId, since) => q.recentTexts(accountId, since),
    getPost: (accountId, id): Post | null => store.posts.get(accountId, id),
    linksFor: (pairId, direction, sourceId) => q.linksWithParts(pairId, direction, sourceOf(direction), sourceId),
    ensureIntent: (i) =>
      toRecord(
        store.intents.ensure({
          pairId: i.pairId,
          direction: i.direction,
          sourceId: i.sourceId,
          partIndex: i.partIndex,
          partCount: i.partCount,
          targetKey: i.targetKey,
          payload: i.payload,
          maxAttempts: i.maxAttempts,
          nextAttemptAt: i.now,
        }).intent,
      ),
    markSent: (id) => void store.intents.markSent(id),
    markUnknown: (id, error) => void store.intents.markUnknown(id, error),
    markRetry(id, error, nextAttemptAt, countAttempt) {
      if (countAttempt) return toRecord(store.intents.markFailed(id, error, nextAttemptAt));
      return toRecord(store.intents.deferWithoutAttempt(id, error, nextAttemptAt));
    },
    commitPublished(c) {
      store.commitPublished({
        intentId: c.intentId,
        remoteId: c.ref.id,
        remoteCid: c.ref.cid ?? null,
        role: c.role,
        sourceCreatedAt: c.source.createdAt,
        copyPost: c.copy,
      });
    },
    createdSince: (pairId, direction, since) => q.createdSince(pairId, direction, since),
    recordSkips: (pairId, direction, skips, now) => q.recordSkips(pairId, direction, skips, now),
    recentSourceLinks: (pairId, direction, since) => q.recentSourceLinks(pairId, sourceOf(direction), since),
    markGone: (accountId, id, now) => void store.posts.markDeleted(accountId, id, now),
  };
}
