/**
 * Sync benchmark (issue 2): N X posts in the X sandbox → a real local PDS through the real engine,
 * then an idle poll cycle with nothing new. Also the local part alone — transform (planSync) and
 * store (intent + commit) per post — timed outside the network path so servers in this process do
 * not blur it. Prints figures with the input size; asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compose } from '../src-main/compose';
import { planSync } from '../src-main/sync/planSync';
import { createSyncStorePort } from '../src-main/sync/storePort';
import { openStore } from '../src-main/store/createStore';
import { systemClock } from '../src-main/util/clock';
import { silentLogger } from '../src-main/util/logger';
import { newPerson, startServers } from '../test/support/syncWorld';
import { xPost } from '../test/support/posts';
import { fmt, percentile } from './stats';

export async function benchSync(opts: { posts: number }): Promise<void> {
  const n = opts.posts;
  const s = await startServers();
  try {
    const me = await newPerson(s, 'bench');
    const t0 = Date.now() - n * 1000;
    for (let i = 0; i < n; i++) s.sandbox.seedPost(me.xName, { text: `Bench post ${i} with a #tag and https://example.com/${i} — café ${'😀'.repeat(i % 5)}`, createdAt: t0 + i * 1000 });
    const core = await compose({ env: me.env, fetch: s.fetch, logSink: { write() {} } });
    try {
      const profile = core.store.profiles.ensureDefaultProfile().id;
      core.store.settings.update(profile, { hourlyCapPerDirection: 1000, syncBskyToX: false });
      const cpu0 = process.cpuUsage();
      const w0 = performance.now();
      const report = await core.sync.runOnce({ direction: 'x-to-bsky', manual: true });
      const wall = performance.now() - w0;
      const cpu = process.cpuUsage(cpu0);
      const d = report.directions[0]!;
      console.log(`sync X→Bluesky, ${fmt(n, 0)} posts: ${fmt(wall / 1000, 2)} s wall, ${fmt(d.created / (wall / 1000))} posts/s end to end (created ${d.created}, fetched ${d.fetched}; process CPU incl. the in-process PDS and sandbox ${fmt((cpu.user + cpu.system) / 1000 / Math.max(1, d.created), 2)} ms/post)`);
      const idle: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await core.sync.runOnce({ direction: 'x-to-bsky', manual: true });
        idle.push(performance.now() - t);
      }
      console.log(`idle poll cycle (nothing new, ${fmt(n, 0)} posts indexed): p50 ${fmt(percentile(idle, 50), 1)} ms, max ${fmt(Math.max(...idle), 1)} ms over 5 runs (includes login-free resume and one X timeline page)`);
    } finally {
      core.close();
    }
  } finally {
    await s.close();
  }
  benchLocal(n);
}

/** Transform + store per post, without the network. */
function benchLocal(n: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'chirp-bench-'));
  const { store } = openStore(join(dir, 'b.db'), { clock: systemClock, logger: silentLogger });
  const profileId = store.profiles.ensureDefaultProfile().id;
  const x = store.accounts.upsert({ profileId, platform: 'x', handle: 'bench', remoteId: '100' });
  const b = store.accounts.upsert({ profileId, platform: 'bsky', handle: 'bench.test', remoteId: 'did:plc:benchbenchbenchbenchbenc' });
  const pair = store.pairs.create({ profileId, xAccountId: x.id, bskyAccountId: b.id });
  const port = createSyncStorePort(store);
  const posts = Array.from({ length: n }, (_, i) => xPost(String(1000 + i), `Bench post ${i} with a #tag and https://example.com/${i} — café ${'😀'.repeat(i % 5)}`));
  port.upsertSourcePosts(x.id, posts);
  const settings = { splitPolicy: 'split' as const, mentionMappings: {}, backdate: false, syncReplies: false, syncReposts: false, optOutMarker: '#nosync', quoteOthersAs: 'link' as const, syncSince: null };
  const transform: number[] = [];
  const storeMs: number[] = [];
  for (const p of posts) {
    const t = performance.now();
    const plan = planSync({ direction: 'x-to-bsky', candidates: [p], linkedSources: new Set(), engineCopies: new Set(), targetPosts: [], ownAuthorId: '100', settings, now: Date.now() });
    transform.push(performance.now() - t);
    const part = plan.units[0]!.parts[0]!;
    const t2 = performance.now();
    const intent = port.ensureIntent({ pairId: pair.id, direction: 'x-to-bsky', sourceId: p.id, partIndex: 0, partCount: 1, targetKey: null, payload: part, maxAttempts: 5, now: Date.now() });
    port.markSent(intent.id, Date.now());
    const uri = `at://did:plc:benchbenchbenchbenchbenc/app.bsky.feed.post/${p.id}`;
    port.commitPublished({ intentId: intent.id, pairId: pair.id, direction: 'x-to-bsky', source: p, partIndex: 0, role: 'root', targetAccountId: b.id, copy: { ...p, platform: 'bsky', id: uri, authorId: 'did:plc:benchbenchbenchbenchbenc' }, ref: { id: uri, cid: 'bafyreib' }, now: Date.now() });
    storeMs.push(performance.now() - t2);
  }
  const per = (xs: number[]) => `p50 ${fmt(percentile(xs, 50) * 1000, 0)} µs, p95 ${fmt(percentile(xs, 95) * 1000, 0)} µs`;
  console.log(`local CPU per post, ${fmt(n, 0)} posts: transform ${per(transform)}; store (intent + sent + commit) ${per(storeMs)}`);
  store.close();
}
