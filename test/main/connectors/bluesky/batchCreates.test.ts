/** applyCreates (archive migration) and full listing, against a real PDS. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../src-shared/errors';
import { postUri } from '../../../../src-main/connectors/bluesky/BlueskyConnector';
import { cidForRecord } from '../../../../src-main/connectors/bluesky/dagCbor';
import { tidFromTimestamp } from '../../../../src-main/connectors/bluesky/tid';
import type { BskyPostDraft } from '../../../../src-main/connectors/bluesky/types';
import { listAllPosts, startPds, type PdsHarness } from '../../../support/pds';
import { wire, type Wired } from './helpers';

let pds: PdsHarness;
beforeAll(async () => {
  pds = await startPds();
});
afterAll(async () => {
  await pds?.close();
});

async function account(handle: string): Promise<Wired & { did: string }> {
  const acct = await pds.createAccount(handle);
  const w = wire(pds.url);
  await w.connector.login(handle, acct.appPassword);
  return { ...w, did: acct.did };
}

/** 250 archive posts from 2016 on, one a day; posts 10–14 form a self-thread rooted at 10. */
function archiveDrafts(did: string): BskyPostDraft[] {
  const start = Date.UTC(2016, 0, 1, 12);
  const drafts: BskyPostDraft[] = [];
  for (let i = 0; i < 250; i++) {
    const t = start + i * 86_400_000;
    drafts.push({ rkey: tidFromTimestamp(t, i % 1024), text: `archive post ${i} é 🎉`, createdAt: new Date(t).toISOString() });
  }
  const uri = (i: number) => postUri(did, drafts[i]!.rkey);
  for (let i = 11; i <= 14; i++) drafts[i]!.reply = { root: { uri: uri(10), cid: '' }, parent: { uri: uri(i - 1), cid: '' } };
  // Across the 200-write boundary: 205 replies to 199, which went in the first batch.
  drafts[205]!.reply = { root: { uri: uri(199), cid: '' }, parent: { uri: uri(199), cid: '' } };
  drafts[206]!.quote = { uri: uri(10), cid: '' };
  return drafts;
}

describe('applyCreates', () => {
  it('creates 250 posts incl. threads with locally computed CIDs that equal the PDS\'s', async () => {
    const bob = await account('bob.test');
    const drafts = archiveDrafts(bob.did);
    const refs = await bob.connector.applyCreates(drafts);
    expect(refs).toHaveLength(250);
    expect(refs.every((r) => r.created)).toBe(true);
    expect(bob.caller.calls.filter((c) => c.op === 'com.atproto.repo.applyWrites').map((c) => c.points)).toEqual([600, 150]);

    const stored = await listAllPosts(pds.url, bob.did);
    expect(stored).toHaveLength(250);
    const byUri = new Map(stored.map((r) => [r.uri, r]));
    drafts.forEach((d, i) => {
      const rec = byUri.get(postUri(bob.did, d.rkey));
      expect(rec?.value.text).toBe(d.text);
      expect(rec?.value.createdAt).toBe(d.createdAt);
      expect(rec?.cid).toBe(refs[i]!.cid);
      expect(cidForRecord(rec!.value)).toBe(rec!.cid);
    });
    const ref = (i: number) => ({ uri: refs[i]!.uri, cid: refs[i]!.cid });
    for (let i = 11; i <= 14; i++) expect(byUri.get(refs[i]!.uri)?.value.reply).toEqual({ root: ref(10), parent: ref(i - 1) });
    expect(byUri.get(refs[205]!.uri)?.value.reply).toEqual({ root: ref(199), parent: ref(199) });
    expect(byUri.get(refs[206]!.uri)?.value.embed).toEqual({ $type: 'app.bsky.embed.record', record: ref(10) });

    // listOwnPosts pages through all of them, newest first, and stops at a key. The PDS gives a
    // cursor with every non-empty page, so the end shows as a 4th, empty page after 100 + 100 + 50.
    const all = await bob.connector.listOwnPosts();
    expect(all.reachedEnd).toBe(true);
    expect(all.posts.map((p) => p.id)).toEqual(stored.map((r) => r.uri));
    expect(all.posts[0]?.id).toBe(refs[249]!.uri);
    expect(bob.caller.calls.filter((c) => c.op === 'com.atproto.repo.listRecords')).toHaveLength(4);
    const thread = all.posts.find((p) => p.id === refs[12]!.uri);
    expect(thread).toMatchObject({ kind: 'post', inReplyToId: refs[11]!.uri, conversationId: refs[10]!.uri, createdAt: Date.parse(drafts[12]!.createdAt) });

    const newer = await bob.connector.listOwnPosts({ stopAtRkey: drafts[119]!.rkey });
    expect(newer.reachedEnd).toBe(false);
    expect(newer.posts.map((p) => p.id)).toEqual(refs.slice(120).map((r) => r.uri).reverse());
  });

  it('falls back to create-or-lookup when a key in the batch already exists', async () => {
    const carol = await account('carol.test');
    const drafts = archiveDrafts(carol.did).slice(0, 30);
    const early = await carol.connector.createPost(drafts[3]!);
    const refs = await carol.connector.applyCreates(drafts);
    expect(refs.map((r) => r.created)).toEqual(drafts.map((_, i) => i !== 3));
    expect(refs[3]).toEqual({ ...early, created: false });
    const stored = await listAllPosts(pds.url, carol.did);
    expect(stored).toHaveLength(30);
    expect(new Set(stored.map((r) => r.uri)).size).toBe(30);
    for (const r of refs) expect(stored.find((s) => s.uri === r.uri)?.cid).toBe(r.cid);
    // Running the whole migration again creates nothing new.
    const again = await carol.connector.applyCreates(drafts);
    expect(again.every((r) => !r.created)).toBe(true);
    expect(again.map((r) => r.cid)).toEqual(refs.map((r) => r.cid));
    expect(await listAllPosts(pds.url, carol.did)).toHaveLength(30);
  });

  it('rejects a batch whose reply points at no earlier draft, before writing anything', async () => {
    const dave = await account('dave.test');
    const drafts = archiveDrafts(dave.did).slice(0, 5);
    drafts[4]!.reply = { root: { uri: postUri(dave.did, tidFromTimestamp(1)), cid: '' }, parent: { uri: postUri(dave.did, tidFromTimestamp(1)), cid: '' } };
    await expect(dave.connector.applyCreates(drafts)).rejects.toMatchObject({ code: ErrorCode.InvalidInput, message: expect.stringContaining('reply.root.cid is empty') });
    expect(await listAllPosts(pds.url, dave.did)).toHaveLength(0);
  });
});
