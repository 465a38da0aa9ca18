/** The real-PDS harness itself: accounts work, listAllPosts reads independently, close() really stops it. */
import { AtpAgent } from '@atproto/api';
import { describe, expect, it } from 'vitest';
import { listAllPosts, startPds } from '../../../support/pds';

describe('startPds', () => {
  it('creates accounts with app passwords, lists their posts, and stops on close()', async () => {
    const pds = await startPds();
    try {
      expect(pds.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const a = await pds.createAccount('zed.test');
      expect(a.did).toMatch(/^did:plc:/);
      expect(a.appPassword).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
      const agent = new AtpAgent({ service: pds.url });
      await agent.login({ identifier: a.handle, password: a.appPassword });
      await agent.com.atproto.repo.createRecord({ repo: a.did, collection: 'app.bsky.feed.post', record: { $type: 'app.bsky.feed.post', text: 'hello', createdAt: new Date().toISOString() } });
      const posts = await listAllPosts(pds.url, a.did);
      expect(posts.map((p) => p.value.text)).toEqual(['hello']);
    } finally {
      await pds.close();
    }
    await expect(fetch(`${pds.url}/xrpc/_health`)).rejects.toThrow(/fetch failed/);
    await pds.close(); // a second close is harmless
  });
});
