import { AtpAgent } from '@atproto/api';
import { describe, expect, it } from 'vitest';
import { compose } from '../../src-main/compose';
import { useServers, type Person } from '../support/syncWorld';

const world = useServers();

async function setSetting(p: Person, patch: Record<string, unknown>) {
  const core = await compose({ env: p.env, fetch: world.s.fetch, logSink: { write() {} } });
  try {
    core.store.settings.update(core.store.profiles.ensureDefaultProfile().id, patch);
  } finally {
    core.close();
  }
}

const xId = (p: Person) => world.s.sandbox.state.account(p.xName).id;

describe('cross-delete (off by default, 24 h window)', () => {
  it('X → Bluesky: a deleted original takes its copy only when cross-delete is on and within the window', async () => {
    const p = await world.person('xdel');
    const keep = world.s.sandbox.seedPost(p.xName, { text: 'stays', createdAt: Date.now() - 3600_000 });
    const gone = world.s.sandbox.seedPost(p.xName, { text: 'deleted later', createdAt: Date.now() - 1800_000 });
    const old = world.s.sandbox.seedPost(p.xName, { text: 'old and deleted', createdAt: Date.now() - 3 * 24 * 3600_000 });
    expect((await p.cli(['sync', '--once', '--direction', 'x-to-bsky'])).code).toBe(0);
    expect((await p.bskyRecords()).length).toBe(3);
    world.s.sandbox.state.deletePost(gone.id, xId(p));
    world.s.sandbox.state.deletePost(old.id, xId(p));

    await p.cli(['sync', '--once', '--direction', 'x-to-bsky']);
    expect((await p.bskyRecords()).length).toBe(3); // off by default: nothing deleted

    await setSetting(p, { crossDelete: true });
    const run = await p.cli(['sync', '--once', '--direction', 'x-to-bsky']);
    expect(run.code).toBe(0);
    expect(run.out.join('\n')).toMatch(/deleted 1 copy whose original was deleted/);
    expect((await p.bskyRecords()).map((r) => r.value.text).sort()).toEqual(['old and deleted', 'stays']);
    expect(keep.id).toBeTruthy();
    const again = await p.cli(['sync', '--once', '--direction', 'x-to-bsky']);
    expect(again.out.join('\n')).not.toMatch(/deleted \d+ cop/);
  });

  it('Bluesky → X: a deleted Bluesky post takes its tweet with it', async () => {
    const p = await world.person('bdel');
    await setSetting(p, { crossDelete: true });
    const agent = new AtpAgent({ service: world.s.pds.url });
    await agent.login({ identifier: p.bsky.handle, password: p.bsky.password });
    const mk = (text: string) => agent.com.atproto.repo.createRecord({ repo: agent.session!.did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text, createdAt: new Date().toISOString() } });
    await mk('bsky stays');
    const gone = await mk('bsky deleted later');
    expect((await p.cli(['sync', '--once', '--direction', 'bsky-to-x'])).code).toBe(0);
    expect(p.xPosts().length).toBe(2);
    await agent.com.atproto.repo.deleteRecord({ repo: agent.session!.did, collection: 'app.bsky.feed.post', rkey: gone.data.uri.split('/').pop()! });
    const run = await p.cli(['sync', '--once', '--direction', 'bsky-to-x']);
    expect(run.code).toBe(0);
    expect(p.xPosts().map((t) => t.text)).toEqual(['bsky stays']);
  });
});
