import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src-main/store/createStore';
import { createSyncStorePort } from '../../../src-main/sync/storePort';
import { silentLogger } from '../../../src-main/util/logger';
import { ManualClock } from '../../support/ManualClock';
import { xPost } from '../../support/posts';

function setup() {
  const { store } = openStore(join(mkdtempSync(join(tmpdir(), 'chirp-port-')), 'p.db'), { clock: new ManualClock(), logger: silentLogger });
  const profileId = store.profiles.ensureDefaultProfile().id;
  const x = store.accounts.upsert({ profileId, platform: 'x', handle: 'alice', remoteId: '100' });
  const b = store.accounts.upsert({ profileId, platform: 'bsky', handle: 'alice.test', remoteId: 'did:plc:aaaaaaaaaaaaaaaaaaaaaaaa' });
  const pair = store.pairs.create({ profileId, xAccountId: x.id, bskyAccountId: b.id });
  return { store, port: createSyncStorePort(store), x, b, pair };
}

describe('sync store port', () => {
  it('live sync never picks up archive history; that is the migration job\'s', () => {
    const { port, x, pair } = setup();
    port.upsertSourcePosts(x.id, [xPost('1', 'from the archive', { source: 'archive' }), xPost('2', 'seen live')]);
    expect(port.unsyncedPosts(pair.id, 'x-to-bsky', x.id, 100).map((p) => p.id)).toEqual(['2']);
  });

  it('a post stays a candidate until every part is linked, and skips are remembered', () => {
    const { port, x, b, pair } = setup();
    const src = xPost('5', 'long one');
    port.upsertSourcePosts(x.id, [src, xPost('6', 'reply to bob', { kind: 'reply' })]);
    const draft = { text: 'part', media: [], createdAt: new Date().toISOString() };
    const i0 = port.ensureIntent({ pairId: pair.id, direction: 'x-to-bsky', sourceId: '5', partIndex: 0, partCount: 2, targetKey: 'k0', payload: draft, maxAttempts: 5, now: 1 });
    port.ensureIntent({ pairId: pair.id, direction: 'x-to-bsky', sourceId: '5', partIndex: 1, partCount: 2, targetKey: 'k1', payload: draft, maxAttempts: 5, now: 1 });
    port.markSent(i0.id, 2);
    const uri = 'at://did:plc:aaaaaaaaaaaaaaaaaaaaaaaa/app.bsky.feed.post/3kaaaaaaaaaa2';
    port.commitPublished({ intentId: i0.id, pairId: pair.id, direction: 'x-to-bsky', source: src, partIndex: 0, role: 'root', targetAccountId: b.id, copy: { ...src, platform: 'bsky', id: uri, authorId: 'did:plc:aaaaaaaaaaaaaaaaaaaaaaaa' }, ref: { id: uri, cid: 'bafy' }, now: 3 });
    port.recordSkips(pair.id, 'x-to-bsky', [{ sourceId: '6', reason: 'reply-to-others' }], 3);
    expect(port.unsyncedPosts(pair.id, 'x-to-bsky', x.id, 100).map((p) => p.id)).toEqual(['5']);
    expect(port.linksFor(pair.id, 'x-to-bsky', '5')).toEqual([{ partIndex: 0, role: 'root', copyId: uri, copyCid: 'bafy', partCount: 2 }]);
    expect(port.engineCopyIds('bsky', [uri, 'other'])).toEqual(new Set([uri]));
  });
});
