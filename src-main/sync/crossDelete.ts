import type { Logger } from '../util/logger';
import type { Clock } from '../util/clock';
import type { SyncStorePort } from './ports';
import type { Direction, PublishTarget, SourceReader } from './types';

export interface CrossDeleteDeps {
  store: SyncStorePort;
  reader: SourceReader;
  target: PublishTarget;
  pairId: number;
  direction: Direction;
  sourceAccountId: number;
  targetAccountId: number;
  windowHours: number;
  clock: Clock;
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * Optional cross-delete (SPEC §2.2, off by default): a synced original deleted within the window
 * takes its copy with it. A source counts as deleted only when its network says it is gone; any
 * other failure leaves the copy alone. Deletes go through the same limiter (X: 50 / 15 min).
 */
export async function crossDelete(d: CrossDeleteDeps): Promise<{ checked: number; deleted: number }> {
  const since = d.clock.now() - d.windowHours * 3600_000;
  const bySource = new Map<string, { copyId: string; copyCid: string | null }[]>();
  for (const l of d.store.recentSourceLinks(d.pairId, d.direction, since)) bySource.set(l.sourceId, [...(bySource.get(l.sourceId) ?? []), l]);
  let deleted = 0;
  for (const [sourceId, copies] of bySource) {
    if (d.signal?.aborted) break;
    const src = d.store.getPost(d.sourceAccountId, sourceId) as { deletedAt?: number | null } | null;
    if (src === null || src.deletedAt) continue; // unknown here, or already handled
    if (await d.reader.exists(sourceId, d.signal)) continue;
    for (const c of copies) {
      await d.target.delete({ id: c.copyId, cid: c.copyCid ?? undefined }, d.signal);
      d.store.markGone(d.targetAccountId, c.copyId, d.clock.now());
      deleted++;
    }
    d.store.markGone(d.sourceAccountId, sourceId, d.clock.now());
    d.logger.info('cross-deleted a copy of a deleted post', { direction: d.direction, sourceId, copies: copies.length });
  }
  return { checked: bySource.size, deleted };
}
