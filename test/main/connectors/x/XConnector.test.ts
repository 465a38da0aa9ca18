import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { AppError, ErrorCode } from '../../../../src-shared/errors';
import { createRemoteCaller } from '../../../../src-main/connectors/limits/createRemoteCaller';
import { RemoteError, type RemoteCaller } from '../../../../src-main/connectors/limits/types';
import { silentLogger } from '../../../../src-main/util/logger';
import { XConnector } from '../../../../src-main/connectors/x/XConnector';
import { ManualClock } from '../../../support/ManualClock';
import { PassThroughCaller } from '../../../support/passThroughCaller';
import { routeXTo, type XRouting } from '../../../support/xRouting';
import { XSandbox, type Generation } from '../../../support/xSandbox/index';
import { seedShowcaseAccount, SHOWCASE_TEXT, type ShowcaseIds } from '../../../support/xSandbox/fixtures';

const SECRET = 'JBSWY3DPEHPK3PXP';
let sb: XSandbox;
let routing: XRouting;

beforeAll(async () => {
  sb = await XSandbox.start();
  routing = routeXTo(sb.url);
  sb.addAccount({ screenName: 'alice', name: 'Alice', password: 'pw-alice', email: 'alice@example.com' });
  sb.addAccount({ screenName: 'bob', name: 'Bob', password: 'pw-bob', twoFactorSecret: SECRET });
  sb.addAccount({ screenName: 'carol', password: 'pw-carol', email: 'carol@example.com', emailChallenge: true });
  sb.addAccount({ screenName: 'locked', password: 'pw-locked', locked: true });
  sb.addAccount({ screenName: 'other', name: 'Someone Else', password: 'pw-other' });
  sb.addAccount({ screenName: 'unusual', password: 'pw-unusual', email: 'u@example.com', unusualActivity: true });
});

afterAll(async () => {
  routing.restore();
  await sb.close();
  expect(routing.violations).toEqual([]);
});

function connector<C extends RemoteCaller = PassThroughCaller>(opts: { caller?: C; clock?: ManualClock; queryIds?: Record<string, string> } = {}) {
  const caller = (opts.caller ?? new PassThroughCaller()) as C;
  const clock = opts.clock ?? new ManualClock();
  return { x: new XConnector({ caller, logger: silentLogger, clock, fetch: routing.fetch, queryIds: opts.queryIds }), caller, clock };
}

async function signedIn(screenName: string) {
  const c = connector();
  await c.x.login({ cookies: sb.sessionFor(screenName).cookieHeader });
  return c;
}

async function remoteError(p: Promise<unknown>): Promise<RemoteError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(RemoteError);
  return e as RemoteError;
}

const png = (w: number, h: number, color: string) => sharp({ create: { width: w, height: h, channels: 3, background: color } }).png().toBuffer();
const onboardingCount = () => sb.requests.filter((r) => r.op === 'onboarding/task').length;

describe('login, resume, verify', () => {
  it('logs in with pasted cookies (header or JSON export) and verifies them', async () => {
    const { x } = connector();
    const state = await x.login({ cookies: sb.sessionFor('alice').cookieHeader });
    expect(state.userId).toBe(sb.state.account('alice').id);
    expect(state.screenName).toBe('alice');
    expect(await x.verify()).toEqual({ userId: sb.state.account('alice').id, screenName: 'alice', name: 'Alice' });
    const s = sb.sessionFor('alice');
    const json = JSON.stringify([{ name: 'auth_token', value: s.authToken, domain: '.x.com' }, { name: 'ct0', value: s.ct0, domain: '.x.com' }]);
    expect((await connector().x.login({ cookies: json })).screenName).toBe('alice');
  });

  it('rejects cookies without ct0 before any request, and dead cookies as auth', async () => {
    const before = sb.requests.length;
    const e = await connector().x.login({ cookies: 'auth_token=abc' }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(ErrorCode.InvalidInput);
    expect((e as AppError).message).toMatch(/ct0/);
    expect(sb.requests.length).toBe(before);
    const dead = await remoteError(connector().x.login({ cookies: 'auth_token=deadbeef; ct0=cafe' }));
    expect(dead.kind).toBe('auth');
    expect(dead.status).toBe(401);
  });

  it('logs in with username/password through the library, then resumes without logging in again', async () => {
    const { x, caller } = connector();
    const state = await x.login({ username: '@alice', password: 'pw-alice' });
    expect(state.userId).toBe(sb.state.account('alice').id);
    expect(caller.calls.map((c) => c.kind)).toEqual(['login', 'read']);
    expect(caller.observed.some((o) => o.spec.op === 'login' && o.limit !== null)).toBe(true);
    const logins = onboardingCount();
    const again = connector().x;
    await again.resume(state);
    expect((await again.verify()).screenName).toBe('alice');
    expect(onboardingCount()).toBe(logins);
    expect(JSON.parse((await again.exportSession()).cookies).map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['auth_token', 'ct0']));
  });

  it('passes 2FA with the TOTP secret and the email challenge with the email', async () => {
    expect((await connector().x.login({ username: 'bob', password: 'pw-bob', twoFactorSecret: SECRET })).screenName).toBe('bob');
    expect((await connector().x.login({ username: 'carol', password: 'pw-carol', email: 'carol@example.com' })).screenName).toBe('carol');
  });

  it('says clearly what is wrong: password, 2FA needed, email needed, locked', async () => {
    const wrong = await remoteError(connector().x.login({ username: 'alice', password: 'nope' }));
    expect(wrong.kind).toBe('auth');
    expect(wrong.message).toMatch(/password is wrong/);
    expect((await remoteError(connector().x.login({ username: 'bob', password: 'pw-bob' }))).kind).toBe('needs_2fa');
    expect((await remoteError(connector().x.login({ username: 'bob', password: 'pw-bob', twoFactorSecret: 'AAAAAAAAAAAAAAAA' }))).kind).toBe('auth');
    const email = await remoteError(connector().x.login({ username: 'carol', password: 'pw-carol' }));
    expect(email.kind).toBe('needs_2fa');
    expect(email.message).toMatch(/email/);
    const locked = await remoteError(connector().x.login({ username: 'locked', password: 'pw-locked' }));
    expect(locked.kind).toBe('locked');
    expect((await remoteError(connector().x.login({ username: 'unusual', password: 'pw-unusual' }))).kind).toBe('needs_2fa');
    expect((await connector().x.login({ username: 'unusual', password: 'pw-unusual', email: 'u@example.com' })).screenName).toBe('unusual');
    const e = await connector().x.login({ username: 'alice' }).catch((err: unknown) => err);
    expect((e as AppError).code).toBe(ErrorCode.InvalidInput);
  });

  it('a revoked session is auth, a locked account is locked, a read before sign-in is SessionExpired', async () => {
    const { x } = await signedIn('alice');
    const token = JSON.parse((await x.exportSession()).cookies).find((c: { name: string }) => c.name === 'auth_token').value;
    sb.state.sessions.delete(token);
    expect(await remoteError(x.verify())).toMatchObject({ kind: 'auth', status: 401 });
    const locked = connector().x;
    await locked.resume({ cookies: sb.sessionFor('locked').cookieHeader });
    expect(await remoteError(locked.listOwnPosts({ userId: sb.state.account('locked').id }))).toMatchObject({ kind: 'locked', remoteCode: 326 });
    const e = await connector().x.listOwnPosts({ userId: '1' }).catch((err: unknown) => err);
    expect((e as AppError).code).toBe(ErrorCode.SessionExpired);
  });

  it('a 429 during login surfaces as rate_limited with resetAt; the library neither sleeps nor retries', async () => {
    const before = onboardingCount();
    const resetSec = Math.ceil(Date.now() / 1000) + 600;
    sb.faults.add({ op: 'onboarding/task', kind: '429', resetInSec: resetSec - Math.ceil(Date.now() / 1000) });
    const e = await remoteError(connector().x.login({ username: 'alice', password: 'pw-alice' }));
    expect(e.kind).toBe('rate_limited');
    expect(e.resetAt).toBeGreaterThanOrEqual((resetSec - 2) * 1000);
    expect(onboardingCount()).toBe(before + 1);
  });
});

describe.each<Generation>(['G3', 'G2', 'G1'])('listOwnPosts and getPost on %s', (gen) => {
  const sn = `show${gen.toLowerCase()}`;
  let ids: ShowcaseIds;
  let userId: string;

  beforeAll(() => {
    ids = seedShowcaseAccount(sb, sn, { generation: gen });
    userId = sb.state.account(sn).id;
  });

  it('pages to the real end with every own post once, and the right fields', async () => {
    const { x } = await signedIn(sn);
    const expected = sb.state.timeline(userId, false).map((p) => p.id);
    const r = await x.listOwnPosts({ userId });
    expect(r.reachedEnd).toBe(true);
    expect(r.pages).toBe(Math.ceil(expected.length / 20) + 1);
    expect(r.posts.map((p) => p.id).sort()).toEqual([...expected].sort());
    const byId = new Map(r.posts.map((p) => [p.id, p]));
    expect(byId.has(ids.replyToOther)).toBe(false);
    expect(byId.get(ids.thread[1])).toMatchObject({ kind: 'post', inReplyToId: ids.thread[0], conversationId: ids.thread[0], authorHandle: sn });
    expect(byId.get(ids.retweet)).toMatchObject({ kind: 'repost', repostOfId: ids.otherPost });
    expect(byId.get(ids.quoteOwn)).toMatchObject({ quoteOfId: ids.thread[0], quoteOfAuthorId: userId });
    expect(byId.get(ids.quoteOther)?.quoteOfId).toBe(ids.otherPost);
    expect(byId.get(ids.images)?.media.map((m) => [m.kind, m.alt])).toEqual([['photo', 'A cat on a mat'], ['photo', 'A dog on a log']]);
    expect(byId.get(ids.images)?.text).toBe('Two pictures');
    expect(byId.get(ids.gif)?.media.map((m) => [m.kind, m.alt])).toEqual([['gif', 'Dancing dots']]);
    expect(byId.get(ids.link)?.text).toBe(SHOWCASE_TEXT.link);
    expect(byId.get(ids.link)?.links[0]?.url).toBe('https://example.com/article?id=1&x=2');
    expect(byId.get(ids.unicode)?.text).toBe(SHOWCASE_TEXT.unicode);
    expect(byId.get(ids.hashtags)?.hashtags).toEqual(['ChirpSyncer', 'sync']);
    expect(byId.get(ids.mention)?.mentions.map((m) => m.handle.toLowerCase())).toEqual([`${sn.slice(0, 9)}_pal`]);
    expect(byId.get(ids.note)?.text).toBe(SHOWCASE_TEXT.note);
  });

  it('includes replies to others with UserTweetsAndReplies, without the @ prefix', async () => {
    const { x } = await signedIn(sn);
    const r = await x.listOwnPosts({ userId, includeReplies: true });
    const reply = r.posts.find((p) => p.id === ids.replyToOther);
    expect(reply).toMatchObject({ kind: 'reply', inReplyToId: ids.otherPost, text: 'Thanks for this!' });
    expect(r.posts.length).toBe(sb.state.timeline(userId, true).length);
  });

  it('stops at stopAtId (BigInt order) and at maxPages', async () => {
    const { x } = await signedIn(sn);
    const timeline = sb.state.timeline(userId, false).map((p) => p.id);
    const stopAt = timeline[5] as string;
    const r = await x.listOwnPosts({ userId, stopAtId: stopAt });
    expect(r.posts.map((p) => p.id).sort()).toEqual(timeline.filter((id) => BigInt(id) > BigInt(stopAt)).sort());
    expect(r).toMatchObject({ pages: 1, reachedEnd: false });
    const one = await x.listOwnPosts({ userId, maxPages: 1 });
    expect(one).toMatchObject({ pages: 1, reachedEnd: false });
    expect(one.posts.length).toBeGreaterThanOrEqual(20);
  });

  it('getPost reads one post with TweetDetail; a deleted one is null', async () => {
    const { x } = await signedIn(sn);
    expect(await x.getPost(ids.thread[2])).toMatchObject({ id: ids.thread[2], inReplyToId: ids.thread[1], text: 'Third part 3/4' });
    sb.state.deletePost(ids.fillers[0] as string, userId);
    expect(await x.getPost(ids.fillers[0] as string)).toBeNull();
  });
});

describe('createPost and deletePost', () => {
  it('uploads 2 images, sets their alt text, then CreateTweet; X state shows ext_alt_text', async () => {
    const { x, caller } = await signedIn('alice');
    const post = await x.createPost({
      text: 'Two images & a link https://example.org/x',
      media: [
        { data: await png(40, 30, '#f00'), mimeType: 'image/png', alt: 'Red block' },
        { data: await png(20, 20, '#00f'), mimeType: 'image/png', alt: 'Blue square' },
      ],
    });
    const [view] = sb.state.posts('alice');
    expect(post.id).toBe(view!.id);
    expect(view!.media.map((m) => [m.type, m.ext_alt_text])).toEqual([['photo', 'Red block'], ['photo', 'Blue square']]);
    expect(view!.fullText).toMatch(/^Two images &amp; a link https:\/\/t\.co\/\w{10} https:\/\/t\.co\/\w{10}$/);
    expect(post.text).toBe('Two images & a link https://example.org/x');
    expect(post.media.map((m) => m.alt)).toEqual(['Red block', 'Blue square']);
    expect(caller.calls.slice(-5).map((c) => `${c.kind}:${c.op}:${c.idempotent}`)).toEqual([
      'upload:media/upload:true',
      'upload:media/metadata/create:true',
      'upload:media/upload:true',
      'upload:media/metadata/create:true',
      'write:CreateTweet:false',
    ]);
  });

  it('posts a reply chain, a quote and a note tweet', async () => {
    const { x } = await signedIn('alice');
    const a = await x.createPost({ text: `Chain part 1 ${Date.now()}` });
    const b = await x.createPost({ text: 'Chain part 2', replyToId: a.id });
    const c = await x.createPost({ text: 'Chain part 3', replyToId: b.id });
    expect([b.inReplyToId, c.inReplyToId, c.conversationId]).toEqual([a.id, b.id, a.id]);
    expect(sb.post(c.id)).toMatchObject({ inReplyToId: b.id, conversationId: a.id });
    const q = await x.createPost({ text: 'Quoting part 1', quoteUrl: `https://x.com/alice/status/${a.id}` });
    expect(q.quoteOfId).toBe(a.id);
    expect(sb.state.view(sb.post(q.id)!).quoteOfId).toBe(a.id);
    const long = `${'A sentence that is long enough to need a note. '.repeat(7)}Done.`;
    const n = await x.createPost({ text: long });
    expect(sb.requests.filter((r) => r.op === 'CreateNoteTweet').length).toBe(1);
    expect(sb.state.view(sb.post(n.id)!)).toMatchObject({ isNote: true, noteText: long });
    expect(n.text).toBe(long);
  });

  it('uploads a GIF in chunks and polls STATUS on the injected clock', async () => {
    const clock = new ManualClock();
    const c = connector({ clock });
    await c.x.login({ cookies: sb.sessionFor('alice').cookieHeader });
    const gif = await sharp({ create: { width: 16, height: 9, channels: 3, background: '#0f0' } }).gif().toBuffer();
    const post = await c.x.createPost({ text: 'a gif', media: [{ data: gif, mimeType: 'image/gif', alt: 'green' }] });
    expect(sb.state.view(sb.post(post.id)!).media).toEqual([{ id: expect.any(String), type: 'animated_gif', ext_alt_text: 'green' }]);
    expect(post.media[0]).toMatchObject({ kind: 'gif', alt: 'green' });
    expect(clock.sleeps).toEqual([1000, 1000]);
    const commands = sb.requests.filter((r) => r.op === 'media/upload').slice(-5).map((r) => r.method);
    expect(commands).toEqual(['POST', 'POST', 'POST', 'GET', 'GET']);
  });

  it('errors[] in a 200: 187 is duplicate and 226 is automation, never success', async () => {
    const { x } = await signedIn('alice');
    const text = `Said once ${Date.now()}`;
    await x.createPost({ text });
    const count = sb.state.posts('alice').length;
    const dup = await remoteError(x.createPost({ text }));
    expect(dup).toMatchObject({ kind: 'duplicate', remoteCode: 187 });
    sb.faults.add({ op: 'CreateTweet', kind: 'duplicate187' });
    expect((await remoteError(x.createPost({ text: `fresh ${Date.now()}` }))).kind).toBe('duplicate');
    sb.faults.add({ op: 'CreateTweet', kind: 'automation226' });
    expect(await remoteError(x.createPost({ text: `fresh2 ${Date.now()}` }))).toMatchObject({ kind: 'automation', remoteCode: 226 });
    expect(sb.state.posts('alice').length).toBe(count);
  });

  it('429 → rate_limited with resetAt from the headers, nothing created', async () => {
    const { x } = await signedIn('alice');
    const count = sb.state.posts('alice').length;
    sb.faults.add({ op: 'CreateTweet', kind: '429', resetInSec: 300 });
    const before = Math.ceil(Date.now() / 1000);
    const e = await remoteError(x.createPost({ text: `limited ${Date.now()}` }));
    expect(e.kind).toBe('rate_limited');
    expect(e.status).toBe(429);
    expect(e.resetAt! / 1000).toBeGreaterThanOrEqual(before + 300);
    expect(e.resetAt! / 1000).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 300);
    expect(sb.state.posts('alice').length).toBe(count);
  });

  it('the real caller waits for the reset on the injected clock, then succeeds', async () => {
    const clock = new ManualClock(Date.now());
    const caller = createRemoteCaller({ clock, logger: silentLogger, random: () => 0.5 });
    const c = connector({ caller, clock });
    await c.x.login({ cookies: sb.sessionFor('alice').cookieHeader });
    sb.faults.add({ op: 'CreateTweet', kind: '429', resetInSec: 120 });
    const post = await c.x.createPost({ text: `after the wait ${Date.now()}` });
    expect(sb.post(post.id)).toBeDefined();
    expect(clock.totalSlept).toBeGreaterThanOrEqual(100_000);
    expect(sb.faults.pending).toBe(0);
  });

  it('a dropped connection after the commit is unknown_outcome, and X really has the post', async () => {
    const { x } = await signedIn('alice');
    const text = `Dropped ${Date.now()}`;
    sb.faults.add({ op: 'CreateTweet', kind: 'dropAfterCommit' });
    const e = await remoteError(x.createPost({ text }));
    expect(e.kind).toBe('unknown_outcome');
    expect(sb.state.posts('alice')[0]?.text).toBe(text);
    // The sync's follow-up: the post is found among the recent ones.
    const recent = await x.listOwnPosts({ userId: sb.state.account('alice').id, maxPages: 1 });
    expect(recent.posts.some((p) => p.text === text)).toBe(true);
  });

  it('a write that times out is unknown_outcome (real caller, held request)', async () => {
    const clock = new ManualClock();
    const caller = createRemoteCaller({ clock, logger: silentLogger, timeoutMs: 300 });
    const c = connector({ caller, clock });
    await c.x.login({ cookies: sb.sessionFor('alice').cookieHeader });
    sb.faults.add({ op: 'CreateTweet', kind: 'timeout' });
    expect((await remoteError(c.x.createPost({ text: `held ${Date.now()}` }))).kind).toBe('unknown_outcome');
  });

  it('5xx on a write is unknown_outcome; on a read it is transient', async () => {
    const { x } = await signedIn('alice');
    sb.faults.add({ op: 'CreateTweet', kind: '5xx' });
    expect((await remoteError(x.createPost({ text: `five ${Date.now()}` }))).kind).toBe('unknown_outcome');
    sb.faults.add({ op: 'UserTweets', kind: '5xx', code: 500 });
    expect(await remoteError(x.listOwnPosts({ userId: sb.state.account('alice').id }))).toMatchObject({ kind: 'transient', status: 500 });
  });

  it('errors[] in a 200 on a read is an error, not "no posts"; every answer is observed', async () => {
    const { x, caller } = await signedIn('alice');
    sb.faults.add({ op: 'UserTweets', kind: 'errors200', code: 0 });
    expect((await remoteError(x.listOwnPosts({ userId: sb.state.account('alice').id }))).kind).toBe('api_changed');
    await x.listOwnPosts({ userId: sb.state.account('alice').id, maxPages: 1 });
    const seen = caller.observed.filter((o) => o.spec.op === 'UserTweets');
    expect(seen.length).toBe(2);
    expect(seen.every((o) => o.limit === '50' && o.reset !== null)).toBe(true);
  });

  it('uploads a video in chunks (INIT/APPEND/FINALIZE/STATUS)', async () => {
    const clock = new ManualClock();
    const c = connector({ clock });
    await c.x.login({ cookies: sb.sessionFor('alice').cookieHeader });
    const mp4 = new Uint8Array(Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(2048)]));
    const p = await c.x.createPost({ text: 'a video', media: [{ data: mp4, mimeType: 'video/mp4', alt: 'moving' }] });
    expect(sb.state.view(sb.post(p.id)!).media).toEqual([{ id: expect.any(String), type: 'video', ext_alt_text: 'moving' }]);
    expect(p.media[0]?.kind).toBe('video');
    expect(clock.sleeps.length).toBe(2);
  });

  it('a stale query id (404) is stale_endpoint', async () => {
    const { x } = await signedIn('alice');
    sb.faults.add({ op: 'UserTweets', kind: 'stale404' });
    expect((await remoteError(x.listOwnPosts({ userId: sb.state.account('alice').id }))).kind).toBe('stale_endpoint');
    const c = connector({ queryIds: { DeleteTweet: 'OldDeleteTweetQueryId1' } });
    await c.x.login({ cookies: sb.sessionFor('alice').cookieHeader });
    expect((await remoteError(c.x.deletePost(sb.state.posts('alice')[0]!.id))).kind).toBe('stale_endpoint');
  });

  it('creates on a G1 account too (parser reads the G1 answer)', async () => {
    seedShowcaseAccount(sb, 'writerg1', { generation: 'G1', fillers: 0 });
    const { x } = await signedIn('writerg1');
    const p = await x.createPost({ text: 'Old shapes & all' });
    expect(p).toMatchObject({ authorHandle: 'writerg1', text: 'Old shapes & all', kind: 'post' });
  });

  it('deletePost twice: deleted, then already_gone', async () => {
    const { x } = await signedIn('alice');
    const p = await x.createPost({ text: `To be deleted ${Date.now()}` });
    expect(await x.deletePost(p.id)).toBe('deleted');
    expect(sb.post(p.id)?.deleted).toBe(true);
    expect(await x.deletePost(p.id)).toBe('already_gone');
  });

  it('validates drafts before any request', async () => {
    const { x } = await signedIn('alice');
    const before = sb.requests.length;
    const bad = [
      { text: '' },
      { text: 'x', replyToId: 'abc' },
      { text: 'x', quoteUrl: 'https://example.com/a' },
      { text: 'x', media: [{ data: new Uint8Array([1]), mimeType: 'application/pdf' }] },
      { text: 'x', media: [{ data: new Uint8Array([1]), mimeType: 'image/png', alt: 'a'.repeat(1001) }] },
      { text: 'x', media: Array.from({ length: 5 }, () => ({ data: new Uint8Array([1]), mimeType: 'image/png' })) },
    ];
    for (const d of bad) {
      const e = await x.createPost(d).catch((err: unknown) => err);
      expect((e as AppError).code).toBe(ErrorCode.InvalidInput);
    }
    expect(sb.requests.length).toBe(before);
  });
});
