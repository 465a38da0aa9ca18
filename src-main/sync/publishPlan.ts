import type { Post } from '../../src-shared/domain/post';
import type { LinkRecord } from './ports';
import { publishUnit, type PublishDeps } from './publishUnit';
import type { EngineDeps, EngineSettings, PairSide, SyncPairContext } from './SyncEngine';
import type { Direction, Ref, SyncPlan } from './types';

export interface PublishSummary {
  created: number;
  failed: number;
  deferred: number;
  unknown: number;
  notes: { sourceId: string; message: string }[];
  failures: { sourceId: string; error: string; poisoned: boolean }[];
}

interface PlanDeps extends EngineDeps {
  pair: SyncPairContext;
  direction: Direction;
  src: PairSide;
  dst: PairSide;
  settings: EngineSettings;
  signal: AbortSignal;
}

const HOUR = 3600_000;
const PROGRESS_EVERY_MS = 100; // STYLE.md §10: at most 10 progress events per second

/** Step 3 of a run: publish the planned units in order, within the hourly cap, cancellable between units. */
export async function publishPlan(plan: SyncPlan, d: PlanDeps): Promise<PublishSummary> {
  const sum: PublishSummary = { created: 0, failed: 0, deferred: 0, unknown: 0, notes: [], failures: [] };
  const unitDeps = unitDepsFor(d);
  let lastEmit = 0;
  for (const [n, unit] of plan.units.entries()) {
    if (d.signal.aborted) throw d.signal.reason;
    const hourStart = Math.floor(d.clock.now() / HOUR) * HOUR;
    if (d.store.createdSince(d.pair.pairId, d.direction, hourStart) + unit.parts.length > d.settings.hourlyCapPerDirection) {
      const rest = plan.units.slice(n);
      if (d.settings.overflowPolicy === 'skip') {
        // The person chose to drop what does not fit this hour; remembered with its reason, shown in status.
        d.store.recordSkips(d.pair.pairId, d.direction, rest.map((u) => ({ sourceId: u.source.id, reason: 'hourly-cap' })), d.clock.now());
        sum.notes.push({ sourceId: unit.source.id, message: `hourly cap of ${d.settings.hourlyCapPerDirection} reached; ${rest.length} post(s) skipped for good (overflow policy "skip")` });
      } else {
        // 'retry' leaves the rest queued for the next hour; nothing is dropped silently.
        sum.deferred += rest.length;
        sum.notes.push({ sourceId: unit.source.id, message: `hourly cap of ${d.settings.hourlyCapPerDirection} reached; ${rest.length} post(s) wait for the next hour` });
      }
      break;
    }
    const out = await publishUnit(unit, unitDeps);
    if (out.status === 'done') {
      sum.created += out.created;
      for (const m of out.notes) sum.notes.push({ sourceId: unit.source.id, message: m });
    } else if (out.status === 'deferred') sum.deferred++;
    else if (out.status === 'unknown') sum.unknown++;
    else {
      sum.failed++;
      sum.failures.push({ sourceId: unit.source.id, error: out.error, poisoned: out.poisoned });
    }
    if (d.clock.now() - lastEmit >= PROGRESS_EVERY_MS || n === plan.units.length - 1) {
      lastEmit = d.clock.now();
      d.emit?.({ type: 'sync/progress', direction: d.direction, done: n + 1, total: plan.units.length });
    }
  }
  return sum;
}

function unitDepsFor(d: PlanDeps): PublishDeps {
  const links = (id: string): LinkRecord[] => d.store.linksFor(d.pair.pairId, d.direction, id);
  const ref = (l: LinkRecord): Ref => ({ id: l.copyId, cid: l.copyCid ?? undefined });
  /** Root of the copy chain a source post belongs to: walk up the source thread to the part with role 'root'. */
  const rootOf = (sourceId: string, depth = 0): Ref | null => {
    const first = links(sourceId).find((l) => l.partIndex === 0);
    if (!first) return null;
    if (first.role === 'root' || depth > 500) return ref(first);
    const src: Post | null = d.store.getPost(d.src.accountId, sourceId);
    return src?.inReplyToId ? rootOf(src.inReplyToId, depth + 1) : ref(first);
  };
  return {
    store: d.store,
    target: d.dst.target,
    pairId: d.pair.pairId,
    direction: d.direction,
    targetAccountId: d.dst.accountId,
    clock: d.clock,
    logger: d.logger,
    maxAttempts: d.settings.maxAttempts,
    crash: d.crash ?? (() => {}),
    signal: d.signal,
    threadRefs: (sourceId) => {
      const ls = links(sourceId);
      // The parent is complete only when every one of its parts is linked (a crash can leave it half done).
      if (!ls.length || (ls[0]!.partCount !== null && ls.length < ls[0]!.partCount)) return null;
      const last = ls.reduce((a, b) => (b.partIndex > a.partIndex ? b : a));
      const root = rootOf(sourceId);
      return root ? { root, last: ref(last) } : null;
    },
    quoteRef: (sourceId) => {
      const first = links(sourceId).find((l) => l.partIndex === 0);
      return first ? ref(first) : null;
    },
  };
}
