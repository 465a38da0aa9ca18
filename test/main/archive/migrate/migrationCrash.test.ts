import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, type FixtureArchive, type FixtureTweet } from '../../../support/archiveFixtures';
import { CRASH_POINTS, crashAt } from '../../../support/crash';
import { startPds, type PdsHarness } from '../../../support/pds';
import { countBy, newWorld, type MigrateWorld } from './migrateWorld';

let pds: PdsHarness;
const worlds: MigrateWorld[] = [];

beforeAll(async () => {
  pds = await startPds();
}, 120_000);
afterAll(async () => {
  for (const w of worlds) await w.close();
  await pds?.close();
});

const T0 = Date.UTC(2020, 6, 1, 8, 0, 0);
const tid = (k: number) => String(1200000000000000000n + BigInt(k));
const LONG = Array.from({ length: 9 }, (_, i) => `Crash long sentence ${i + 1} keeps on going.`).join(' ');

const THREAD = [10, 19, 25, 33, 41];

/** 50 posts: 43 singles, a 5-post thread whose posts land in different batches, a long post in 2 parts, a quote → 51 records. */
function archive(): FixtureArchive {
  const tweets: FixtureTweet[] = [];
  for (let i = 0; i < 50; i++) {
    const t: FixtureTweet = { id: tid(i + 1), fullText: `Crash post ${i + 1}`, createdAt: T0 + i * 60_000 };
    const pos = THREAD.indexOf(i);
    if (pos > 0) t.reply = { statusId: tid(THREAD[pos - 1]! + 1), userId: OWNER.accountId, screenName: OWNER.username };
    if (i === 30) t.fullText = LONG;
    if (i === 45) {
      t.fullText = 'Crash quote https://t.co/cq1';
      t.urls = [{ url: 'https://t.co/cq1', expanded: `https://x.com/${OWNER.username}/status/${tid(3)}` }];
    }
    tweets.push(t);
  }
  return { account: OWNER, parts: [{ file: 'tweets.js', tweets: tweets.slice(0, 25) }, { file: 'tweets-part1.js', tweets: tweets.slice(25) }] };
}

const EXPECTED_RECORDS = 51;
/** Batch-level points happen once per applyWrites call (3 calls of ≤ 20); record-level ones once per record. */
const occurrences = (point: string) => (point === 'before-remote-create' || point === 'after-remote-create' ? [1, 2] : [1, 30]);

describe('migration crash safety: a crash at any step, then a restart → no duplicate, nothing missing', () => {
  for (const point of CRASH_POINTS) {
    for (const k of occurrences(point)) {
      it(`crash at ${point} (#${k})`, async () => {
        const w = await newWorld(pds, archive());
        worlds.push(w);
        const first = await w.plan();
        expect(first.plan.counts.creates).toBe(EXPECTED_RECORDS);
        const crash = crashAt(point, k);
        await expect(w.job({ crash: crash.hook, batchSize: 20 }).run(w.input(first.plan))).rejects.toThrow(`simulated crash at ${point} #${k}`);
        expect(crash.fired()).toBe(true);

        // Restart: a new job and a new plan from the index, as the CLI would make after a crash.
        const second = await w.job({ batchSize: 20 }).run(w.input((await w.plan()).plan));
        expect(second.status).toBe('completed');
        expect(second.failed).toEqual([]);
        expect(second.alreadyDone.records + second.migrated.records).toBe(EXPECTED_RECORDS);

        const recs = await w.records();
        const texts = recs.map((r) => String(r.value.text));
        expect(recs).toHaveLength(EXPECTED_RECORDS);
        expect(Object.values(countBy(texts)).every((n) => n === 1)).toBe(true);
        // Every reply and quote points at a record that exists, with its real CID.
        const cids = new Map(recs.map((r) => [r.uri, r.cid]));
        const refs = recs.flatMap((r) => {
          const v = r.value as { reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } }; embed?: { record?: { uri: string; cid: string } } };
          return [v.reply?.root, v.reply?.parent, v.embed?.record].filter((x): x is { uri: string; cid: string } => !!x);
        });
        expect(refs).toHaveLength(4 * 2 + 2 + 1);
        for (const ref of refs) expect(cids.get(ref.uri)).toBe(ref.cid);

        const third = await w.job({ batchSize: 20 }).run(w.input((await w.plan()).plan));
        expect(third).toMatchObject({ status: 'completed', migrated: { records: 0, units: 0 }, alreadyDone: { records: EXPECTED_RECORDS } });
        expect(await w.records()).toHaveLength(EXPECTED_RECORDS);
      });
    }
  }
});
