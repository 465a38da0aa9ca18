/**
 * The one write path for synced state (STYLE.md §14): the outbox intent, the link and the copy's
 * post row change in ONE transaction, so after a crash either all three say "published" or none
 * does and the intent is still open (SPEC §2.3 "Nothing lost", "No loops").
 */
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Platform, Post } from '../../src-shared/domain/post';
import type { Db } from './Database';
import type { IntentsRepo } from './IntentsRepo';
import type { LinksRepo } from './LinksRepo';
import type { PairsRepo } from './PairsRepo';
import type { PostsRepo } from './PostsRepo';
import type { LinkRole, PublishIntent, SyncDirection, SyncLink } from './types';

export interface SyncWriteDeps {
  db: Db;
  pairs: PairsRepo;
  intents: IntentsRepo;
  links: LinksRepo;
  posts: PostsRepo;
}

export interface CommitPublishedInput {
  intentId: number;
  /** Id of the created copy (X rest_id / Bluesky at:// URI). */
  remoteId: string;
  remoteCid?: string | null;
  role: LinkRole;
  sourceCreatedAt?: number | null;
  /** The copy as the target network now holds it; stored with made_by_engine = 1. */
  copyPost: Post;
}

export interface CommitPublishedResult {
  intent: PublishIntent;
  link: SyncLink;
  copyRowId: number;
  /** True when this exact commit had already happened (a retry after a crash); nothing was written. */
  alreadyCommitted: boolean;
}

const ENDS: Record<SyncDirection, { source: Platform; copy: Platform }> = {
  'x-to-bsky': { source: 'x', copy: 'bsky' },
  'bsky-to-x': { source: 'bsky', copy: 'x' },
};

/** Marks the intent done, links source → copy and indexes the copy as engine-made, atomically. */
export function commitPublished(deps: SyncWriteDeps, input: CommitPublishedInput): CommitPublishedResult {
  return deps.db.transaction(() => {
    const intent = deps.intents.get(input.intentId);
    if (!intent) throw new AppError(ErrorCode.NotFound, `Publish intent ${input.intentId} does not exist.`, { intentId: input.intentId });
    const ends = ENDS[intent.direction];
    const copyAccountId = copyAccountOf(deps, intent);
    checkCopy(input, ends.copy);
    if (intent.status === 'done') return alreadyDone(deps, intent, input, copyAccountId, ends.copy);
    const done = deps.intents.markDone(intent.id, input.remoteId, input.remoteCid ?? null);
    const link = deps.links.insert({
      pairId: intent.pairId,
      sourcePlatform: ends.source,
      sourceId: intent.sourceId,
      copyPlatform: ends.copy,
      copyId: input.remoteId,
      copyCid: input.remoteCid ?? null,
      role: input.role,
      partIndex: intent.partIndex,
      sourceCreatedAt: input.sourceCreatedAt ?? null,
    });
    const { rowId } = deps.posts.upsertOne(copyAccountId, input.copyPost, { madeByEngine: true });
    return { intent: done, link, copyRowId: rowId, alreadyCommitted: false };
  });
}

function copyAccountOf(deps: SyncWriteDeps, intent: PublishIntent): number {
  const pair = deps.pairs.get(intent.pairId);
  if (!pair) throw new AppError(ErrorCode.NotFound, `Account pair ${intent.pairId} of intent ${intent.id} does not exist.`, { pairId: intent.pairId });
  return intent.direction === 'x-to-bsky' ? pair.bskyAccountId : pair.xAccountId;
}

function checkCopy(input: CommitPublishedInput, copyPlatform: Platform): void {
  if (typeof input.remoteId !== 'string' || input.remoteId === '') {
    throw new AppError(ErrorCode.InvalidInput, 'commitPublished needs the remote id of the created copy.', { field: 'remoteId' });
  }
  if (input.copyPost?.id !== input.remoteId || input.copyPost.platform !== copyPlatform) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `The copy post must be the ${copyPlatform} post ${input.remoteId}; got ${input.copyPost?.platform} post ${input.copyPost?.id}.`,
      { field: 'copyPost' },
    );
  }
}

function alreadyDone(deps: SyncWriteDeps, intent: PublishIntent, input: CommitPublishedInput, copyAccountId: number, copyPlatform: Platform): CommitPublishedResult {
  const link = deps.links.byCopy(copyPlatform, input.remoteId);
  const post = deps.posts.get(copyAccountId, input.remoteId);
  if (intent.remoteId !== input.remoteId || !link || !post) {
    throw new AppError(
      ErrorCode.Conflict,
      `Publish intent ${intent.id} is already done with copy ${intent.remoteId}; refusing to record a second copy ${input.remoteId}.`,
      { intentId: intent.id, recorded: intent.remoteId, given: input.remoteId },
    );
  }
  return { intent, link, copyRowId: post.rowId, alreadyCommitted: true };
}
