import { AtpAgent } from '@atproto/api';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../support/ManualClock';
import { useServers } from '../support/syncWorld';

const clock = new ManualClock(Date.now());
const world = useServers({ sandboxNow: () => clock.now() });

const person = (name: string) => world.person(name);

describe('per-item failures are visible and bounded (PLATFORM.md "Media", "Duplicates and retries")', () => {
  it('a post X keeps refusing is tried at most maxAttempts times, then given up and shown — not retried after every restart', async () => {
    const p = await person('poison');
    const agent = new AtpAgent({ service: world.s.pds.url });
    await agent.login({ identifier: p.bsky.handle, password: p.bsky.password });
    await agent.com.atproto.repo.createRecord({ repo: agent.session!.did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text: 'X will refuse this', createdAt: new Date().toISOString() } });
    const from = world.s.sandbox.requests.length;
    world.s.sandbox.faults.add({ op: 'CreateTweet', kind: 'errors200', code: 186, times: 100 });
    const outs: string[] = [];
    for (let run = 0; run < 8; run++) {
      const r = await p.cli(['sync', '--once', '--direction', 'bsky-to-x'], { clock });
      outs.push(r.out.join('\n'));
      clock.advance(3600_000); // every backoff has passed; each run is like a restart
    }
    const creates = () => world.s.sandbox.requests.slice(from).filter((r) => r.op === 'CreateTweet').length;
    expect(creates()).toBe(5);
    expect(outs[4]).toMatch(/gave up/);
    expect(outs[0]).toMatch(/will retry/);
    world.s.sandbox.faults.clear();
    // Other posts still sync, and the given-up one is not tried again.
    await agent.com.atproto.repo.createRecord({ repo: agent.session!.did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text: 'but not this one', createdAt: new Date().toISOString() } });
    const later = await p.cli(['sync', '--once', '--direction', 'bsky-to-x'], { clock });
    expect(later.code).toBe(0);
    expect(creates()).toBe(6);
    expect(p.xPosts().map((t) => t.text)).toEqual(['but not this one']);
    const status = await p.cli(['status'], { clock });
    expect(status.out.join('\n')).toMatch(/1 post part\(s\) given up on/);
  });

  it('a GIF that cannot be copied does not stop the post: the copy is made and the reason is shown next to it', async () => {
    const p = await person('gif');
    world.s.sandbox.seedPost(p.xName, { text: 'Look at this GIF', media: [{ type: 'animated_gif', alt: 'a dancing cat' }], createdAt: clock.now() - 60_000 });
    const r = await p.cli(['sync', '--once', '--direction', 'x-to-bsky'], { clock });
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toMatch(/note \d+: GIF 1 was not copied: Bluesky video upload is not supported yet/);
    const recs = await p.bskyRecords();
    expect(recs.map((x) => x.value.text)).toEqual(['Look at this GIF']);
  });

  it('a wrong Bluesky app password: a plain message, exit 1, nothing synced', async () => {
    const p = await person('wrongpw');
    world.s.sandbox.seedPost(p.xName, { text: 'should not be copied', createdAt: clock.now() - 60_000 });
    const r = await p.cli(['sync', '--once'], { clock }).then((x) => x);
    const bad = await world.person('wrongpw2');
    const env = { ...bad.env, BSKY_PASSWORD: 'definitely-wrong' };
    Object.assign(bad.env, env);
    const res = await bad.cli(['sync', '--once'], { clock });
    expect(r.code).toBe(0);
    expect(res.code).toBe(1);
    expect(res.out.join('\n') + res.err.join('\n')).toMatch(/password|rejected|sign/i);
    expect(res.out.join('\n') + res.err.join('\n')).not.toContain('definitely-wrong');
    expect((await bad.bskyRecords()).length).toBe(0);
  });

  it('invalid environment values: one sentence naming the variable, exit 2, no database created', async () => {
    const p = await person('badenv');
    for (const [k, v, name] of [
      ['BSKY_SERVICE', 'not a url', 'BSKY_SERVICE'],
      ['POLL_INTERVAL', '5', 'POLL_INTERVAL'],
      ['LOG_LEVEL', 'loud', 'LOG_LEVEL'],
      ['TWITTER_COOKIES', 'ct0=abc', 'TWITTER_COOKIES'],
      ['ENCRYPTION_KEY', 'short', 'ENCRYPTION_KEY'],
    ] as const) {
      const saved = p.env[k];
      p.env[k] = v;
      const r = await p.cli(['sync', '--once'], { clock });
      p.env[k] = saved;
      expect(r.code, `${k}=${v}`).toBe(2);
      expect(r.err.join('\n')).toContain(name);
      expect(existsSync(String(p.env.DATABASE_PATH)), `${k}: database must not be created`).toBe(false);
    }
  });
});

describe('hourly cap per direction (SPEC §2.2)', () => {
  async function capped(name: string, overflowPolicy: 'retry' | 'skip') {
    const p = await person(name);
    const { compose } = await import('../../src-main/compose');
    const core = await compose({ env: p.env, fetch: world.s.fetch, clock, logSink: { write() {} } });
    core.store.settings.update(core.store.profiles.ensureDefaultProfile().id, { hourlyCapPerDirection: 3, overflowPolicy });
    core.close();
    for (let i = 0; i < 5; i++) world.s.sandbox.seedPost(p.xName, { text: `${name} capped ${i}`, createdAt: clock.now() - (5 - i) * 60_000 });
    return p;
  }

  it('retry: 3 posts this hour, the other 2 wait (with a note) and go out the next hour', async () => {
    const p = await capped('capretry', 'retry');
    const first = await p.cli(['sync', '--once', '--direction', 'x-to-bsky'], { clock });
    expect(first.out.join('\n')).toMatch(/created 3[\s\S]*hourly cap of 3 reached; 2 post\(s\) wait for the next hour/);
    expect((await p.bskyRecords()).length).toBe(3);
    clock.advance(3600_000);
    await p.cli(['sync', '--once', '--direction', 'x-to-bsky'], { clock });
    expect((await p.bskyRecords()).map((r) => r.value.text).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `capretry capped ${i}`));
  });

  it('skip: what does not fit is skipped for good and shown as such', async () => {
    const p = await capped('capskip', 'skip');
    const first = await p.cli(['sync', '--once', '--direction', 'x-to-bsky'], { clock });
    expect(first.out.join('\n')).toMatch(/2 post\(s\) skipped for good/);
    clock.advance(3600_000);
    await p.cli(['sync', '--once', '--direction', 'x-to-bsky'], { clock });
    expect((await p.bskyRecords()).length).toBe(3);
    expect((await p.cli(['status'], { clock })).out.join('\n')).toMatch(/skipped x-to-bsky \(hourly-cap\): 2/);
  });
});
