import { AppError } from '../../src-shared/errors';
import { RemoteError } from '../connectors/limits/types';
import { backoffDelay } from '../connectors/limits/backoff';
import type { Post } from '../../src-shared/domain/post';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import type { IntentRecord, LinkRecord, SyncStorePort } from './ports';
import type { Direction, PartDraft, PublishTarget, Ref, SyncUnit } from './types';

/** Named points where a test may simulate a crash (kill -9 equivalent) to prove idempotency. */
export type CrashPoint = 'after-intent' | 'before-remote-create' | 'after-remote-create' | 'after-commit';

export interface PublishDeps {
  store: SyncStorePort;
  target: PublishTarget;
  pairId: number;
  direction: Direction;
  targetAccountId: number;
  clock: Clock;
  logger: Logger;
  maxAttempts: number;
  crash: (point: CrashPoint) => void;
  /** Copy refs of an already-synced thread parent: the chain continues from there. */
  threadRefs: (sourceId: string) => { root: Ref; last: Ref } | null;
  /** Copy ref of the first part of a synced own post, for native quotes. */
  quoteRef: (sourceId: string) => Ref | null;
  signal?: AbortSignal;
}

export type UnitOutcome =
  | { status: 'done'; created: number; notes: string[] }
  | { status: 'deferred'; reason: string }
  | { status: 'failed'; error: string; poisoned: boolean }
  | { status: 'unknown'; error: string };

/** Errors that are about the run (network, limits, credentials, API), not about this item: they stop the run. */
export function isRunStopping(e: unknown): boolean {
  if (e instanceof AppError) return true;
  if (!(e instanceof RemoteError)) return false;
  return ['rate_limited', 'auth', 'needs_2fa', 'locked', 'automation', 'network', 'api_changed', 'stale_endpoint'].includes(e.kind);
}

const refOf = (l: LinkRecord): Ref => ({ id: l.copyId, cid: l.copyCid ?? undefined });
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

interface Chain {
  root: Ref | null;
  prev: Ref | null;
}

/**
 * Publishes the parts of one source post in order, each behind a recorded intent (SPEC §2.3):
 * intent → mark sent → remote create → commit (intent done + link + copy row in one transaction).
 * A restart finds intents that were sent but not committed and looks on the target before retrying.
 */
export async function publishUnit(unit: SyncUnit, deps: PublishDeps): Promise<UnitOutcome> {
  const { store, pairId } = deps;
  const links = store.linksFor(pairId, deps.direction, unit.source.id);
  const chain: Chain = { root: null, prev: null };
  if (unit.threadParentId) {
    const t = deps.threadRefs(unit.threadParentId);
    if (!t) return { status: 'deferred', reason: `waiting for the previous post of the thread (${unit.threadParentId}) to be synced` };
    chain.root = t.root;
    chain.prev = t.last;
  }
  const notes: string[] = [];
  let created = 0;
  for (let i = 0; i < unit.parts.length; i++) {
    const done = links.find((l) => l.partIndex === i);
    if (done) {
      advance(chain, refOf(done));
      continue;
    }
    const r = await publishPart(unit, i, chain, deps);
    if (r.status !== 'ok') return r.outcome;
    notes.push(...r.notes);
    if (r.created) created++;
    advance(chain, r.ref);
  }
  return { status: 'done', created, notes };
}

function advance(chain: Chain, ref: Ref): void {
  chain.root ??= ref;
  chain.prev = ref;
}

type PartResult = { status: 'ok'; ref: Ref; created: boolean; notes: string[] } | { status: 'stop'; outcome: UnitOutcome };

async function publishPart(unit: SyncUnit, i: number, chain: Chain, deps: PublishDeps): Promise<PartResult> {
  const { store, target, clock } = deps;
  const part = unit.parts[i]!;
  const intent = store.ensureIntent({
    pairId: deps.pairId,
    direction: deps.direction,
    sourceId: unit.source.id,
    partIndex: i,
    partCount: unit.parts.length,
    targetKey: target.keyFor(unit.source, i),
    payload: part,
    maxAttempts: deps.maxAttempts,
    now: clock.now(),
  });
  if (intent.status === 'poison') return stop({ status: 'failed', error: intent.lastError ?? 'gave up after repeated failures', poisoned: true });
  if (intent.status === 'failed' && intent.nextAttemptAt !== null && intent.nextAttemptAt > clock.now()) {
    return stop({ status: 'deferred', reason: `retry after ${new Date(intent.nextAttemptAt).toISOString()}: ${intent.lastError ?? ''}` });
  }
  deps.crash('after-intent');
  const quote = part.quoteSourceId ? deps.quoteRef(part.quoteSourceId) : undefined;
  if (part.quoteSourceId && !quote) return stop({ status: 'deferred', reason: `waiting for the quoted post ${part.quoteSourceId} to be synced` });
  const replyTo = chain.prev && chain.root ? { root: chain.root, parent: chain.prev } : undefined;

  let result = await lookFirst(intent, part, deps);
  if (!result) {
    store.markSent(intent.id, clock.now());
    deps.crash('before-remote-create');
    try {
      result = await target.publish(part, { key: intent.targetKey, replyTo, quote: quote ?? undefined, signal: deps.signal });
    } catch (e) {
      const handled = await onPublishError(e, intent, part, deps);
      if (!('adopt' in handled)) return stop(handled);
      result = { ...handled.adopt, created: false, notes: [] };
    }
    deps.crash('after-remote-create');
  }
  const role: LinkRecord['role'] = i > 0 ? 'part' : unit.threadParentId ? 'continuation' : 'root';
  store.commitPublished({
    intentId: intent.id,
    pairId: deps.pairId,
    direction: deps.direction,
    source: unit.source,
    partIndex: i,
    role,
    targetAccountId: deps.targetAccountId,
    copy: result.post,
    ref: result.ref,
    now: clock.now(),
  });
  deps.crash('after-commit');
  return { status: 'ok', ref: result.ref, created: result.created, notes: result.notes };
}

const stop = (outcome: UnitOutcome): PartResult => ({ status: 'stop', outcome });

/** An intent that was sent before (crash, unknown outcome) is looked for on the target before any retry. */
async function lookFirst(intent: IntentRecord, part: PartDraft, deps: PublishDeps) {
  if (intent.status !== 'sent' && intent.status !== 'unknown' && !(intent.status === 'failed' && intent.lastError?.includes('unknown'))) return null;
  // Allow for clock skew between this machine and the network's timestamps.
  const found = await deps.target.findExisting(part, { key: intent.targetKey, since: intent.createdAt - 5 * 60_000, signal: deps.signal });
  if (found) deps.logger.info('adopted an earlier attempt instead of posting again', { intent: intent.id, copy: found.ref.id });
  return found ? { ...found, created: false, notes: [] as string[] } : null;
}

type Found = { ref: Ref; post: Post };

async function onPublishError(e: unknown, intent: IntentRecord, part: PartDraft, deps: PublishDeps): Promise<UnitOutcome | { adopt: Found }> {
  const now = deps.clock.now();
  if (e instanceof RemoteError && e.kind === 'unknown_outcome') {
    deps.store.markUnknown(intent.id, e.message, now);
    return { status: 'unknown', error: e.message };
  }
  if (e instanceof RemoteError && e.kind === 'duplicate') {
    // X says an identical post exists: it is ours from an attempt we could not observe, or a manual one.
    const found = await deps.target.findExisting(part, { key: intent.targetKey, since: 0, signal: deps.signal });
    if (found) return { adopt: found };
  }
  if (isRunStopping(e)) {
    const resetAt = e instanceof RemoteError && e.resetAt ? e.resetAt : now + 60_000;
    // Not the item's fault: the attempt does not count towards poisoning it.
    deps.store.markRetry(intent.id, message(e), resetAt, false, now);
    throw e;
  }
  const rec = deps.store.markRetry(intent.id, message(e), now + backoffDelay(intent.attempts + 1), true, now);
  return { status: 'failed', error: message(e), poisoned: rec.status === 'poison' };
}
