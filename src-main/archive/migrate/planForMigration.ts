/**
 * The migration plan for one X account as the job should run it, over the real index:
 * - posts synced live (a link exists that the migration did not make) are skipped, so nothing is
 *   copied twice, while the migration's own links never hide a half-done unit on resume;
 * - posts deleted on X after the archive was made stay in (SPEC §3); only deleted-tweets.js
 *   entries are left out (the planner's `deleted` skip);
 * - image sizes are read from the archive so over-limit images show as "re-encode".
 */
import type { MediaItem } from '../../../src-shared/domain/post';
import type { Store } from '../../store/createStore';
import { loadIndexedPosts } from '../importCommand';
import { simulateMigration, type MigrationOptions, type MigrationPlan, type MigrationSourcePost } from '../simulateMigration';
import { MigrationQueries } from './migrationQueries';

export interface PlanForMigrationInput {
  store: Store;
  accountId: number;
  /** Pairs of this X account with the Bluesky account(s) (one when running; all for a preview). */
  pairIds: readonly number[];
  options?: Omit<MigrationOptions, 'isSyncedLive' | 'mediaSize' | 'includeDeleted'>;
  /** File sizes (ArchiveMediaFiles.size); without it images are not checked against the limit. */
  mediaSize?: (item: Pick<MediaItem, 'localPath'>) => Promise<number | undefined>;
  createsPerHour?: number;
  now?: number;
}

export interface PlannedMigration {
  plan: MigrationPlan;
  /** Posts of the account in the index (deleted ones included). */
  indexed: number;
}

async function sizesOf(posts: readonly MigrationSourcePost[], size: PlanForMigrationInput['mediaSize']): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!size) return out;
  for (const p of posts) {
    for (const m of p.media) {
      if (m.kind !== 'photo' || !m.localPath || out.has(m.localPath)) continue;
      // A file that is gone now is reported by the job when it tries to read it (the unit fails with the reason).
      const n = await size(m).catch(() => undefined);
      if (n !== undefined) out.set(m.localPath, n);
    }
  }
  return out;
}

export async function planForMigration(input: PlanForMigrationInput): Promise<PlannedMigration> {
  const { store, accountId, pairIds } = input;
  const q = new MigrationQueries(store.db);
  const indexed = loadIndexedPosts(store.posts, accountId);
  const archiveDeleted = q.deletedInArchive(accountId);
  const posts = indexed.map((p) => (p.deletedAt && !archiveDeleted.has(p.id) ? { ...p, deletedAt: null } : p));
  const linked = q.linkedAmong(pairIds, posts.map((p) => p.id));
  const migrated = q.migratedSourceIds(pairIds);
  const sizes = await sizesOf(posts, input.mediaSize);
  const plan = simulateMigration({
    posts,
    options: {
      ...input.options,
      includeDeleted: false,
      isSyncedLive: (p) => linked.has(p.id) && !migrated.has(p.id),
      mediaSize: (m) => (m.localPath ? sizes.get(m.localPath) : undefined),
    },
    budget: { createsPerHour: input.createsPerHour, now: input.now },
  });
  return { plan, indexed: indexed.length };
}
