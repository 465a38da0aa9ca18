import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pacer } from '../../../../src-main/archive/migrate/Pacer';
import type { BskyPostDraft } from '../../../../src-main/connectors/bluesky/types';
import type { Post } from '../../../../src-shared/domain/post';
import { emptyMetrics } from '../../../../src-shared/domain/post';
import { ManualClock } from '../../../support/ManualClock';
import { startPds, type PdsHarness } from '../../../support/pds';
import { newWorld, type MigrateWorld } from './migrateWorld';

const HOUR = 3_600_000;

describe('Pacer (token bucket on the injected clock)', () => {
  it('grants a first hour of the pace at once, then waits in steps of about a minute', async () => {
    const clock = new ManualClock();
    const p = new Pacer({ pace: 100, clock, maxGrant: 200 });
    expect(await p.grant(200)).toBe(100);
    expect(clock.sleeps).toEqual([]);
    expect(await p.grant(200)).toBe(2);
    expect(clock.sleeps).toEqual([72_000]);
  });

  it('counts what the account created in the past hour and never bursts past Bluesky’s hourly budget', async () => {
    const clock = new ManualClock();
    expect(await new Pacer({ pace: 100, clock, maxGrant: 200, recentCreates: 60 }).grant(200)).toBe(40);
    // At 1,000/h the burst is 666: burst + an hour of refill = 1,666 creates = 4,998 points < 5,000.
    const fast = new Pacer({ pace: 1000, clock, maxGrant: 200 });
    let total = 0;
    for (let i = 0; i < 4; i++) total += await fast.grant(200);
    expect(total).toBe(666);
    expect(clock.sleeps).toEqual([]);
  });

  it('stops waiting when the signal is aborted', async () => {
    const clock = new ManualClock();
    const p = new Pacer({ pace: 10, clock, maxGrant: 10, recentCreates: 10 });
    const ac = new AbortController();
    ac.abort(new Error('paused'));
    await expect(p.grant(5, ac.signal)).rejects.toThrow('paused');
  });
});

describe('MigrationJob pacing against a real PDS', () => {
  let pds: PdsHarness;
  let w: MigrateWorld;
  const clock = new ManualClock(Date.UTC(2026, 0, 15, 12, 0, 0));

  beforeAll(async () => {
    pds = await startPds();
    w = await newWorld(pds, null, { clock });
  }, 120_000);
  afterAll(async () => {
    await w?.close();
    await pds?.close();
  });

  it('at 100/h, 250 records make the clock sleep 1.5 h in total, in steps, never more than burst + pace in an hour', async () => {
    const base = Date.UTC(2015, 0, 1);
    const posts: Post[] = Array.from({ length: 250 }, (_, i) => ({
      platform: 'x', id: String(900000000000000000n + BigInt(i)), authorId: '1000000001', authorHandle: 'ChirpOwner', text: `Paced post ${i}`, createdAt: base + i * 1000,
      kind: 'post', media: [], links: [], hashtags: [], mentions: [], metrics: emptyMetrics(), source: 'archive',
    }));
    w.store.posts.upsertMany(w.xAccountId, posts);
    const { plan } = await w.plan();
    expect(plan.counts.creates).toBe(250);
    const calls: { at: number; n: number }[] = [];
    const connector = {
      applyCreates: (d: BskyPostDraft[]) => {
        calls.push({ at: clock.now(), n: d.length });
        return w.connector.applyCreates(d);
      },
      getPost: (rkey: string) => w.connector.getPost(rkey),
    };
    const start = clock.now();
    const report = await w.job({ connector }).run(w.input(plan, { pace: 100 }));

    expect(report).toMatchObject({ status: 'completed', migrated: { records: 250, units: 250 } });
    expect(report.sleptMs).toBe(clock.totalSlept);
    expect(clock.totalSlept).toBeGreaterThanOrEqual(1.5 * HOUR);
    expect(clock.totalSlept).toBeLessThan(1.5 * HOUR + 60_000);
    expect(clock.sleeps.length).toBe(75);
    expect(Math.max(...clock.sleeps)).toBe(72_000);
    expect(calls[0]).toEqual({ at: start, n: 100 });
    for (const c of calls) {
      const inHour = calls.filter((o) => o.at > c.at - HOUR && o.at <= c.at).reduce((s, o) => s + o.n, 0);
      expect(inHour).toBeLessThanOrEqual(200);
    }
    expect((await w.records()).length).toBe(250);
  });
});
