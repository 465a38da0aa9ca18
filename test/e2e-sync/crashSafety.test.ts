import { AtpAgent } from '@atproto/api';
import { describe, expect, it } from 'vitest';
import { CRASH_POINTS, crashAt } from '../support/crash';
import { useServers, type Person } from '../support/syncWorld';

const world = useServers();

const counts = (xs: string[]) => xs.reduce<Record<string, number>>((m, t) => ((m[t] = (m[t] ?? 0) + 1), m), {});

/** X side: 5 posts incl. a 3-part thread and a note that splits in 2 on Bluesky → 6 records. */
function seedX(p: Person) {
  const t = Date.UTC(2026, 10, 2, 8);
  const a = world.s.sandbox.seedPost(p.xName, { text: 'crash test one', createdAt: t });
  const b = world.s.sandbox.seedPost(p.xName, { text: 'crash test thread root', createdAt: t + 1000 });
  const c = world.s.sandbox.seedPost(p.xName, { text: 'crash test thread two', replyTo: b.id, createdAt: t + 2000 });
  world.s.sandbox.seedPost(p.xName, { text: 'crash test thread three', replyTo: c.id, createdAt: t + 3000 });
  world.s.sandbox.seedPost(p.xName, { text: `crash note. ${'A sentence that keeps going on and on for a while. '.repeat(8).trim()}`, createdAt: t + 4000 });
  return a;
}

async function seedBsky(p: Person) {
  const agent = new AtpAgent({ service: world.s.pds.url });
  await agent.login({ identifier: p.bsky.handle, password: p.bsky.password });
  const mk = (text: string, reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } }) =>
    agent.com.atproto.repo.createRecord({ repo: agent.session!.did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text, createdAt: new Date().toISOString(), ...(reply ? { reply } : {}) } }).then((r) => ({ uri: r.data.uri, cid: r.data.cid }));
  await mk('bsky crash one');
  const root = await mk('bsky crash thread root');
  const two = await mk('bsky crash thread two', { root, parent: root });
  await mk('bsky crash thread three', { root, parent: two });
  await mk(`${'🙂 '.repeat(100).trim()} the end`); // 200 graphemes → 2 tweets
}

describe('crash safety: a crash at any step, then a restart → no duplicate, nothing missing', () => {
  for (const point of CRASH_POINTS) {
    for (const k of [1, 3]) {
      it(`X → Bluesky, crash at ${point} (#${k})`, async () => {
        const p = await world.person('cx');
        seedX(p);
        const crash = crashAt(point, k);
        const first = await p.cli(['sync', '--once', '--direction', 'x-to-bsky'], { crash: crash.hook });
        expect(crash.fired()).toBe(true);
        expect(first.code).toBe(1);
        const second = await p.cli(['sync', '--once', '--direction', 'x-to-bsky']);
        expect(second.code).toBe(0);
        const texts = (await p.bskyRecords()).map((r) => String(r.value.text));
        expect(texts.length).toBe(6);
        expect(Object.values(counts(texts)).every((n) => n === 1)).toBe(true);
        expect(texts.filter((t) => t.startsWith('crash test thread')).length).toBe(3);
        const third = await p.cli(['sync', '--once', '--direction', 'x-to-bsky']);
        expect(third.out.join('\n')).toMatch(/created 0/);
        expect((await p.bskyRecords()).length).toBe(6);
      });

      it(`Bluesky → X, crash at ${point} (#${k})`, async () => {
        const p = await world.person('cb');
        await seedBsky(p);
        const crash = crashAt(point, k);
        const first = await p.cli(['sync', '--once', '--direction', 'bsky-to-x'], { crash: crash.hook });
        expect(crash.fired()).toBe(true);
        expect(first.code).toBe(1);
        const second = await p.cli(['sync', '--once', '--direction', 'bsky-to-x']);
        expect(second.code).toBe(0);
        const tweets = p.xPosts();
        expect(tweets.length).toBe(6);
        expect(Object.values(counts(tweets.map((t) => t.text))).every((n) => n === 1)).toBe(true);
        const two = tweets.find((t) => t.text === 'bsky crash thread two')!;
        const three = tweets.find((t) => t.text === 'bsky crash thread three')!;
        expect(three.inReplyToId).toBe(two.id);
        expect(two.inReplyToId).toBe(tweets.find((t) => t.text === 'bsky crash thread root')!.id);
      });
    }
  }
});
