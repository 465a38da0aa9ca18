import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { BSKY_DID, bskyPost, makeFixture, thrown, xPost } from './storeFixtures';
import type { Fixture } from './storeFixtures';

const COPY_URI = `at://${BSKY_DID}/app.bsky.feed.post/3kcopy`;

describe('commitPublished', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
    f.store.posts.upsertMany(f.xAccountId, [xPost('1800000000000000001', { text: 'source text' })]);
  });
  afterEach(() => f.cleanup());

  const sentIntent = () => {
    const { intent } = f.store.intents.ensure({ pairId: f.pairId, direction: 'x-to-bsky', sourceId: '1800000000000000001', payload: { text: 'source text' }, targetKey: '3kcopy' });
    return f.store.intents.markSent(intent.id);
  };
  const input = (intentId: number, over: Record<string, unknown> = {}) => ({
    intentId,
    remoteId: COPY_URI,
    remoteCid: 'bafycopy',
    role: 'root' as const,
    sourceCreatedAt: 1234,
    copyPost: bskyPost('3kcopy', { text: 'source text', cid: 'bafycopy' }),
    ...over,
  });
  const counts = () => ({
    links: (f.store.db.raw.prepare('SELECT count(*) AS n FROM sync_links').get() as { n: number }).n,
    copies: f.store.posts.count(f.bskyAccountId, { includeDeleted: true }),
  });

  it('marks the intent done, links source → copy and indexes the copy as engine-made', () => {
    const i = sentIntent();
    const res = f.store.commitPublished(input(i.id));
    expect(res.alreadyCommitted).toBe(false);
    expect(res.intent).toMatchObject({ id: i.id, status: 'done', remoteId: COPY_URI, remoteCid: 'bafycopy' });
    expect(f.store.intents.get(i.id)!.status).toBe('done');
    expect(f.store.links.bySource(f.pairId, 'x', '1800000000000000001')).toEqual([res.link]);
    expect(res.link).toMatchObject({ sourcePlatform: 'x', copyPlatform: 'bsky', copyId: COPY_URI, copyCid: 'bafycopy', partIndex: 0, role: 'root', sourceCreatedAt: 1234 });
    const copy = f.store.posts.get(f.bskyAccountId, COPY_URI)!;
    expect(copy.madeByEngine).toBe(true);
    expect(copy.rowId).toBe(res.copyRowId);
    expect(f.store.links.isCopy('bsky', COPY_URI)).toBe(true);
  });

  it('is atomic: a failure while writing the copy row leaves the intent open and no link behind', () => {
    const i = sentIntent();
    // Simulate a failure in the middle: the intent update and the link insert have run when the post insert aborts.
    f.store.db.raw.exec("CREATE TEMP TRIGGER fail_copy BEFORE INSERT ON posts WHEN new.account_id = " + f.bskyAccountId + " BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END");
    expect(() => f.store.commitPublished(input(i.id))).toThrow('disk full (simulated)');
    expect(f.store.intents.get(i.id)).toMatchObject({ status: 'sent', remoteId: null, remoteCid: null });
    expect(counts()).toEqual({ links: 0, copies: 0 });
    f.store.db.raw.exec('DROP TRIGGER fail_copy');
    expect(f.store.commitPublished(input(i.id)).alreadyCommitted).toBe(false);
    expect(counts()).toEqual({ links: 1, copies: 1 });
  });

  it('is atomic when the link is refused: the intent is not marked done', () => {
    f.store.links.insert({ pairId: f.pairId, sourcePlatform: 'x', sourceId: '1700000000000000000', copyPlatform: 'bsky', copyId: COPY_URI, role: 'root' });
    const i = sentIntent();
    expect(thrown(() => f.store.commitPublished(input(i.id))).code).toBe(ErrorCode.Conflict);
    expect(f.store.intents.get(i.id)!.status).toBe('sent');
    expect(counts()).toEqual({ links: 1, copies: 0 });
  });

  it('a repeated commit of the same copy (retry after a crash) writes nothing and reports it', () => {
    const i = sentIntent();
    const first = f.store.commitPublished(input(i.id));
    f.clock.advance(5000);
    const again = f.store.commitPublished(input(i.id));
    expect(again.alreadyCommitted).toBe(true);
    expect(again.link).toEqual(first.link);
    expect(again.copyRowId).toBe(first.copyRowId);
    expect(f.store.intents.get(i.id)!.updatedAt).toBe(first.intent.updatedAt);
    expect(counts()).toEqual({ links: 1, copies: 1 });
  });

  it('refuses to record a second, different copy for a done intent', () => {
    const i = sentIntent();
    f.store.commitPublished(input(i.id));
    const other = `at://${BSKY_DID}/app.bsky.feed.post/3kother`;
    const err = thrown(() => f.store.commitPublished(input(i.id, { remoteId: other, copyPost: bskyPost('3kother') })));
    expect(err.code).toBe(ErrorCode.Conflict);
    expect(counts()).toEqual({ links: 1, copies: 1 });
  });

  it('checks the copy is the post that was created, on the target platform', () => {
    const i = sentIntent();
    expect(thrown(() => f.store.commitPublished(input(i.id, { copyPost: bskyPost('3kdifferent') }))).code).toBe(ErrorCode.InvalidInput);
    expect(thrown(() => f.store.commitPublished(input(i.id, { remoteId: '1900000000000000000', copyPost: xPost('1900000000000000000') }))).code).toBe(ErrorCode.InvalidInput);
    expect(thrown(() => f.store.commitPublished(input(9999))).code).toBe(ErrorCode.NotFound);
    expect(f.store.intents.get(i.id)!.status).toBe('sent');
  });

  it('bsky → x: the copy lands on the X account of the pair', () => {
    const { intent } = f.store.intents.ensure({ pairId: f.pairId, direction: 'bsky-to-x', sourceId: COPY_URI, payload: {}, partIndex: 1, partCount: 2 });
    const res = f.store.commitPublished({ intentId: intent.id, remoteId: '1900000000000000005', role: 'part', copyPost: xPost('1900000000000000005') });
    expect(res.link).toMatchObject({ sourcePlatform: 'bsky', copyPlatform: 'x', partIndex: 1, role: 'part', copyCid: null });
    expect(f.store.posts.get(f.xAccountId, '1900000000000000005')!.madeByEngine).toBe(true);
  });
});
