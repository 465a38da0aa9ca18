import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scraper } from 'agent-twitter-client';
import { routeXTo, type XRouting } from '../xRouting';
import { XSandbox, totp } from './index';

const BEARER = 'AAAAAAAAAAAAAAAAAAAAAFQODgEAAAAAVHTp76lzh3rFzcHbmHVvQxYYpTw%3DckAlMINMjmCwxUcaXbAN4XqJVdgMJaHqNOFgPMK0zN1qLqLQCF';
const SECRET = 'JBSWY3DPEHPK3PXP';

let sb: XSandbox;
let routing: XRouting;

beforeAll(async () => {
  sb = await XSandbox.start();
  routing = routeXTo(sb.url);
  sb.addAccount({ screenName: 'alice', name: 'Alice A', password: 'pw-alice', email: 'alice@example.com' });
  sb.addAccount({ screenName: 'bob', name: 'Bob B', password: 'pw-bob', twoFactorSecret: SECRET });
  sb.addAccount({ screenName: 'carol', password: 'pw-carol', email: 'carol@example.com', emailChallenge: true });
  sb.addAccount({ screenName: 'locked', password: 'pw-locked', locked: true });
  sb.addAccount({ screenName: 'unusual', password: 'pw-unusual', email: 'u@example.com', unusualActivity: true });
  sb.addAccount({ screenName: 'oldgen', password: 'pw-old', generation: 'G1' });
  sb.addAccount({ screenName: 'midgen', password: 'pw-mid', generation: 'G2' });
});

afterAll(async () => {
  routing.restore();
  await sb.close();
  expect(routing.violations).toEqual([]);
});

async function xFetch(path: string, opts: { screenName?: string; method?: string; body?: unknown; csrf?: boolean; host?: string } = {}): Promise<{ status: number; json: any; headers: Headers }> {
  const s = opts.screenName ? sb.sessionFor(opts.screenName) : undefined;
  const headers: Record<string, string> = { authorization: `Bearer ${BEARER}` };
  if (s) headers.cookie = s.cookieHeader;
  if (s && opts.csrf !== false) headers['x-csrf-token'] = s.ct0;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await routing.fetch(`https://${opts.host ?? 'x.com'}${path}`, { method: opts.method ?? (opts.body ? 'POST' : 'GET'), headers, body: opts.body ? JSON.stringify(opts.body) : undefined });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const gql = (op: string) => `/i/api/graphql/${sb.queryIds[op]}/${op}`;
const q = (op: string, variables: object) => `${gql(op)}?variables=${encodeURIComponent(JSON.stringify(variables))}`;
const cpSlice = (s: string, [a, b]: number[]) => [...s].slice(a, b).join('');

describe('login flow as agent-twitter-client walks it', () => {
  it('username/password: cookies on twitter.com, then verify_credentials', async () => {
    const scraper = new Scraper({ fetch: routing.fetch });
    await scraper.login('alice', 'pw-alice');
    const cookies = await scraper.getCookies();
    const names = cookies.map((c) => c.key);
    expect(names).toEqual(expect.arrayContaining(['auth_token', 'ct0']));
    expect(cookies.find((c) => c.key === 'auth_token')?.domain).toBe('twitter.com');
    expect(await scraper.isLoggedIn()).toBe(true);
    expect((await scraper.me())?.username).toBe('alice');
    const ops = sb.requests.filter((r) => r.op === 'onboarding/task').map((r) => ((r.body as any).flow_name ? 'start' : (r.body as any).subtask_inputs[0]?.subtask_id ?? 'success-ack'));
    expect(ops).toEqual(['start', 'LoginJsInstrumentationSubtask', 'LoginEnterUserIdentifierSSO', 'LoginEnterPassword', 'AccountDuplicationCheck', 'success-ack']);
  });

  it('2FA with a TOTP secret, LoginAcid with the email', async () => {
    const s1 = new Scraper({ fetch: routing.fetch });
    await s1.login('bob', 'pw-bob', undefined, SECRET);
    expect(await s1.isLoggedIn()).toBe(true);
    const s2 = new Scraper({ fetch: routing.fetch });
    await s2.login('carol', 'pw-carol', 'carol@example.com');
    expect(await s2.isLoggedIn()).toBe(true);
    expect(totp(SECRET, 0)).toMatch(/^\d{6}$/);
  });

  it('wrong password, unknown account, locked account, missing 2FA secret', async () => {
    await expect(new Scraper({ fetch: routing.fetch }).login('alice', 'nope')).rejects.toThrow(/Wrong password/);
    await expect(new Scraper({ fetch: routing.fetch }).login('nobody', 'x')).rejects.toThrow(/could not find your account/);
    await expect(new Scraper({ fetch: routing.fetch }).login('locked', 'pw-locked')).rejects.toThrow(/DenyLoginSubtask/);
    await expect(new Scraper({ fetch: routing.fetch }).login('bob', 'pw-bob')).rejects.toThrow(/two factor/);
    await expect(new Scraper({ fetch: routing.fetch }).login('carol', 'pw-carol', 'wrong@example.com')).rejects.toThrow(/Incorrect/);
  });

  it('asks for the email first after "unusual activity" (LoginEnterAlternateIdentifierSubtask)', async () => {
    const s = new Scraper({ fetch: routing.fetch });
    await s.login('unusual', 'pw-unusual', 'u@example.com');
    expect(await s.isLoggedIn()).toBe(true);
    await expect(new Scraper({ fetch: routing.fetch }).login('unusual', 'pw-unusual', 'nope@example.com')).rejects.toThrow(/Incorrect/);
  });
});

describe('writes through the library (global fetch) and X text rules', () => {
  it('CreateTweet from the library lands in the state with t.co links, escaping and entities', async () => {
    const scraper = new Scraper({ fetch: routing.fetch });
    await scraper.login('alice', 'pw-alice');
    const text = 'Tom & Jerry <3 see https://example.com/a?b=1 and example.org #Tag @bob 😀👩‍👩‍👧 中文 $TSLA';
    const res = await scraper.sendTweet(text);
    const body = (await res.json()) as any;
    const result = body.data.create_tweet.tweet_results.result;
    const [view] = sb.state.posts('alice');
    expect(result.rest_id).toBe(view!.id);
    const l = result.legacy;
    expect(l.full_text.startsWith('Tom &amp; Jerry &lt;3 see https://t.co/')).toBe(true);
    expect(l.entities.urls.map((u: any) => u.expanded_url)).toEqual(['https://example.com/a?b=1', 'http://example.org']);
    for (const u of l.entities.urls) expect(cpSlice(l.full_text, u.indices)).toBe(u.url);
    expect(cpSlice(l.full_text, l.entities.hashtags[0].indices)).toBe('#Tag');
    expect(cpSlice(l.full_text, l.entities.user_mentions[0].indices)).toBe('@bob');
    expect(l.entities.user_mentions[0].id_str).toBe(sb.state.account('bob').id);
    expect(cpSlice(l.full_text, l.entities.symbols[0].indices)).toBe('$TSLA');
    expect(l.display_text_range).toEqual([0, [...l.full_text].length]);
    expect(result.core.user_results.result.legacy).toBeUndefined();
    expect(result.core.user_results.result.core.screen_name).toBe('alice');
    // X refuses the same text again with error 187 inside a 200.
    const again = await scraper.sendTweet(text);
    expect(again.status).toBe(200);
    expect(((await again.json()) as any).errors[0].code).toBe(187);
  });

  it('library image upload + our metadata/create: ext_alt_text and the media link appended', async () => {
    const scraper = new Scraper({ fetch: routing.fetch });
    await scraper.login('alice', 'pw-alice');
    const png = await import('sharp').then((s) => s.default({ create: { width: 40, height: 30, channels: 3, background: '#f00' } }).png().toBuffer());
    const res = await scraper.sendTweet('with a picture', undefined, [{ data: png, mediaType: 'image/png' }]);
    const l = ((await res.json()) as any).data.create_tweet.tweet_results.result.legacy;
    const m = l.extended_entities.media[0];
    expect(m.type).toBe('photo');
    expect(m.original_info).toMatchObject({ width: 40, height: 30 });
    expect(l.full_text).toBe(`with a picture ${m.url}`);
    expect(cpSlice(l.full_text, m.indices)).toBe(m.url);
    expect(l.display_text_range).toEqual([0, 14]);
    const meta = await xFetch('/1.1/media/metadata/create.json', { host: 'upload.x.com', screenName: 'alice', body: { media_id: m.id_str, alt_text: { text: 'A red rectangle' } } });
    expect(meta.status).toBe(200);
    expect(sb.state.posts('alice')[0]!.media[0]!.ext_alt_text).toBe('A red rectangle');
  });
});

describe('timelines: generations, cursors, the real last page', () => {
  it('pages UserTweets to the end with X-shaped cursors; an unknown cursor is an error', async () => {
    sb.addAccount({ screenName: 'pager', password: 'pw' });
    const base = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 5; i++) sb.seedPost('pager', { text: `post ${i}`, createdAt: base + i * 60_000 });
    const userId = sb.state.account('pager').id;
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const r = await xFetch(q('UserTweets', { userId, count: 2, ...(cursor ? { cursor } : {}) }), { screenName: 'pager' });
      expect(r.status).toBe(200);
      expect(r.headers.get('x-rate-limit-limit')).toBe('50');
      const ins = r.json.data.user.result.timeline.timeline.instructions;
      const entries = ins.find((i: any) => i.type === 'TimelineAddEntries').entries;
      const posts = entries.filter((e: any) => e.entryId.startsWith('tweet-'));
      const cursors = entries.filter((e: any) => e.content.entryType === 'TimelineTimelineCursor');
      expect(cursors.map((c: any) => c.content.cursorType)).toEqual(['Top', 'Bottom']);
      expect(cursors[1].content.value).toMatch(/^DAAHCgAB[A-Za-z0-9_-]+$/);
      pages++;
      if (posts.length === 0) break;
      seen.push(...posts.map((e: any) => e.content.itemContent.tweet_results.result.legacy.full_text));
      cursor = cursors[1].content.value;
    }
    expect(seen).toEqual(['post 4', 'post 3', 'post 2', 'post 1', 'post 0']);
    expect(pages).toBe(4);
    const bad = await xFetch(q('UserTweets', { userId, count: 2, cursor: 'DAAHCgABGLdHVlr__9gLAAIAAAAT' }), { screenName: 'pager' });
    expect(bad.status).toBe(200);
    expect(bad.json.errors[0].code).toBe(214);
    expect(bad.json.data).toEqual({});
  });

  it('serves G1 (timeline_v2, full legacy) and G2 (partial legacy) per account, G3 by default', async () => {
    for (const sn of ['oldgen', 'midgen']) sb.seedPost(sn, { text: `hello from ${sn}` });
    const g1 = await xFetch(q('UserTweets', { userId: sb.state.account('oldgen').id, count: 20 }), { screenName: 'oldgen' });
    const e1 = g1.json.data.user.result.timeline_v2.timeline.instructions.at(-1).entries[0];
    expect(e1.content.itemContent.tweet_results.result.core.user_results.result.legacy.screen_name).toBe('oldgen');
    expect(e1.content.itemContent.tweet_results.result.legacy.entities).toMatchObject({ hashtags: [], urls: [], user_mentions: [] });
    const g2 = await xFetch(q('UserTweets', { userId: sb.state.account('midgen').id, count: 20 }), { screenName: 'midgen' });
    const u2 = g2.json.data.user.result.timeline.timeline.instructions.at(-1).entries[0].content.itemContent.tweet_results.result.core.user_results.result;
    expect(u2.core.screen_name).toBe('midgen');
    expect(u2.legacy).toBeDefined();
    expect(u2.legacy.screen_name).toBeUndefined();
    const g3 = await xFetch(q('UserByScreenName', { screen_name: 'alice' }), { screenName: 'alice' });
    expect(g3.json.data.user.result.legacy).toBeUndefined();
    expect(g3.json.data.user.result.core).toMatchObject({ screen_name: 'alice', name: 'Alice A' });
  });

  it('self-threads, replies, retweets, quotes, notes, GIFs and the pinned post', async () => {
    sb.addAccount({ screenName: 'shapes', name: 'Shapes', password: 'pw' });
    const t1 = sb.seedPost('shapes', { text: 'thread 1/2' });
    const t2 = sb.seedPost('shapes', { text: 'thread 2/2', replyTo: t1.id });
    const other = sb.seedPost('bob', { text: 'bob says hi' });
    const reply = sb.seedPost('shapes', { text: 'hi bob', replyTo: other.id });
    const rt = sb.seedPost('shapes', { retweetOf: other.id });
    const quote = sb.seedPost('shapes', { text: 'look', quoteOf: other.id });
    const long = sb.seedPost('shapes', { text: `${'word '.repeat(70)}end` });
    const gif = sb.seedPost('shapes', { text: 'gif', media: [{ type: 'animated_gif', alt: 'dancing' }], pinned: true });
    expect(reply.fullText).toBe('@bob hi bob');
    expect(reply.displayTextRange).toEqual([5, 11]);
    expect(t2.fullText).toBe('thread 2/2');
    const userId = sb.state.account('shapes').id;
    const r = await xFetch(q('UserTweets', { userId, count: 20 }), { screenName: 'shapes' });
    const ins = r.json.data.user.result.timeline.timeline.instructions;
    expect(ins.map((i: any) => i.type)).toEqual(['TimelineClearCache', 'TimelinePinEntry', 'TimelineAddEntries']);
    expect(ins[1].entry.content.itemContent.tweet_results.result.rest_id).toBe(gif.id);
    const entries = ins[2].entries;
    const byId = (id: string) => entries.map((e: any) => e.content.itemContent?.tweet_results?.result).find((x: any) => x?.rest_id === id);
    expect(byId(reply.id)).toBeUndefined(); // UserTweets leaves out replies to others
    const mod = entries.find((e: any) => e.entryId.startsWith('profile-conversation-'));
    expect(mod.content.items.map((i: any) => i.item.itemContent.tweet_results.result.rest_id)).toEqual([t1.id, t2.id]);
    const rtl = byId(rt.id).legacy;
    expect(rtl.full_text).toBe('RT @bob: bob says hi');
    expect(rtl.retweeted_status_result.result.rest_id).toBe(other.id);
    const qr = byId(quote.id);
    expect(qr.legacy).toMatchObject({ is_quote_status: true, quoted_status_id_str: other.id });
    expect(qr.quoted_status_result.result.rest_id).toBe(other.id);
    const note = byId(long.id);
    expect(note.note_tweet.note_tweet_results.result.text).toBe(`${'word '.repeat(70)}end`);
    expect(note.legacy.full_text).toMatch(/word… https:\/\/t\.co\/\w{10}$/);
    const g = byId(gif.id).legacy.extended_entities.media[0];
    expect(g.type).toBe('animated_gif');
    expect(g.ext_alt_text).toBe('dancing');
    expect(g.video_info.variants).toEqual([{ bitrate: 0, content_type: 'video/mp4', url: expect.stringMatching(/^https:\/\/video\.twimg\.com\/tweet_video\//) }]);
    const d = await xFetch(q('TweetDetail', { focalTweetId: t2.id }), { screenName: 'shapes' });
    const dEntries = d.json.data.threaded_conversation_with_injections_v2.instructions.find((i: any) => i.type === 'TimelineAddEntries').entries;
    expect(dEntries.map((e: any) => e.entryId)).toEqual([`tweet-${t1.id}`, `tweet-${t2.id}`]);
    const gone = await xFetch(q('TweetDetail', { focalTweetId: '1' }), { screenName: 'shapes' });
    expect(gone.json.errors[0].code).toBe(144);
  });
});

describe('write checks, rate limits, faults, stale query ids, routing', () => {
  it('refuses writes without a session or with a wrong csrf token', async () => {
    const body = { variables: { tweet_text: 'nope' }, queryId: sb.queryIds.CreateTweet };
    expect((await xFetch(gql('CreateTweet'), { body })).status).toBe(401);
    const r = await xFetch(gql('CreateTweet'), { body, screenName: 'alice', csrf: false });
    expect(r.status).toBe(403);
    expect(r.json.errors[0].code).toBe(353);
  });

  it('answers 429 with the rate headers once a budget is used up', async () => {
    const small = await XSandbox.start({ rateLimits: { UserByScreenName: { limit: 2, windowSec: 900 } }, now: () => Date.UTC(2026, 0, 1) });
    const rr = routeXTo(small.url, { installGlobal: false });
    try {
      small.addAccount({ screenName: 'tiny', password: 'pw' });
      const s = small.sessionFor('tiny');
      const call = () => rr.fetch(`https://x.com/i/api/graphql/${small.queryIds.UserByScreenName}/UserByScreenName?variables=${encodeURIComponent('{"screen_name":"tiny"}')}`, { headers: { cookie: s.cookieHeader } });
      expect((await call()).headers.get('x-rate-limit-remaining')).toBe('1');
      expect((await call()).status).toBe(200);
      const third = await call();
      expect(third.status).toBe(429);
      expect(third.headers.get('x-rate-limit-remaining')).toBe('0');
      expect(third.headers.get('x-rate-limit-reset')).toBe(String(Date.UTC(2026, 0, 1) / 1000 + 900));
    } finally {
      rr.restore();
      await small.close();
    }
  });

  it('injects faults per route and answers 404 to a rotated query id', async () => {
    const body = { variables: { tweet_text: `fault ${Date.now()}` }, queryId: sb.queryIds.CreateTweet };
    sb.faults.add({ op: 'CreateTweet', kind: 'automation226' });
    expect((await xFetch(gql('CreateTweet'), { body, screenName: 'alice' })).json.errors[0].code).toBe(226);
    sb.faults.add({ op: 'CreateTweet', kind: '5xx', code: 502 });
    expect((await xFetch(gql('CreateTweet'), { body, screenName: 'alice' })).status).toBe(502);
    sb.faults.add({ op: 'CreateTweet', kind: '429', resetInSec: 60 });
    const limited = await xFetch(gql('CreateTweet'), { body, screenName: 'alice' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    const before = sb.state.posts('alice').length;
    sb.faults.add({ op: 'CreateTweet', kind: 'dropAfterCommit' });
    await expect(xFetch(gql('CreateTweet'), { body, screenName: 'alice' })).rejects.toThrow();
    expect(sb.state.posts('alice').length).toBe(before + 1);
    sb.faults.add({ op: 'UserByScreenName', kind: 'timeout' });
    const ctl = new AbortController();
    const held = routing.fetch(`https://x.com${q('UserByScreenName', { screen_name: 'alice' })}`, { signal: ctl.signal });
    while (!sb.requests.some((r) => r.status === -2)) await new Promise((r) => setImmediate(r));
    ctl.abort();
    await expect(held).rejects.toThrow();
    const old = sb.queryIds.UserByScreenName as string;
    sb.rotateQueryId('UserByScreenName');
    const stale = await routing.fetch(`https://x.com/i/api/graphql/${old}/UserByScreenName?variables=%7B%7D`);
    expect(stale.status).toBe(404);
    expect(sb.faults.pending).toBe(0);
  });

  it('routes /graphql/<qid>/<Op> on api hosts too, and refuses over-long CreateTweet with 186', async () => {
    const r = await xFetch(`/graphql/${sb.queryIds.UserByRestId}/UserByRestId?variables=${encodeURIComponent(JSON.stringify({ userId: sb.state.account('bob').id }))}`, { host: 'api.twitter.com', screenName: 'alice' });
    expect(r.json.data.user.result.core.screen_name).toBe('bob');
    const long = await xFetch(gql('CreateTweet'), { screenName: 'alice', body: { variables: { tweet_text: 'x'.repeat(281) } } });
    expect(long.json.errors[0].code).toBe(186);
    const unknownOp = await xFetch('/i/api/graphql/abc/NoSuchOperation', { screenName: 'alice' });
    expect(unknownOp.status).toBe(404);
  });

  it('processes a chunked video: INIT, APPEND, FINALIZE pending, STATUS until succeeded', async () => {
    const s = sb.sessionFor('alice');
    const headers = { cookie: s.cookieHeader, 'x-csrf-token': s.ct0 };
    const url = 'https://upload.twitter.com/1.1/media/upload.json';
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(100)]);
    const init = await (await routing.fetch(url, { method: 'POST', headers, body: new URLSearchParams({ command: 'INIT', media_type: 'video/mp4', total_bytes: String(mp4.length), media_category: 'tweet_video' }) })).json() as any;
    const form = new FormData();
    form.append('command', 'APPEND');
    form.append('media_id', init.media_id_string);
    form.append('segment_index', '0');
    form.append('media', new Blob([mp4]));
    expect((await routing.fetch(url, { method: 'POST', headers, body: form })).status).toBe(204);
    const fin = await (await routing.fetch(url, { method: 'POST', headers, body: new URLSearchParams({ command: 'FINALIZE', media_id: init.media_id_string }) })).json() as any;
    expect(fin.processing_info.state).toBe('pending');
    const states: string[] = [];
    for (let i = 0; i < 2; i++) {
      const st = await (await routing.fetch(`${url}?command=STATUS&media_id=${init.media_id_string}`, { headers })).json() as any;
      states.push(st.processing_info.state);
    }
    expect(states).toEqual(['in_progress', 'succeeded']);
    const post = await xFetch(gql('CreateTweet'), { screenName: 'alice', body: { variables: { tweet_text: 'a video', media: { media_entities: [{ media_id: init.media_id_string }] } } } });
    expect(post.json.data.create_tweet.tweet_results.result.legacy.extended_entities.media[0].type).toBe('video');
  });

  it('refuses to send anything off-machine', async () => {
    const rr = routeXTo(sb.url, { installGlobal: false });
    await expect(rr.fetch('https://example.com/')).rejects.toThrow(/nothing may leave the machine/);
    expect(rr.violations).toEqual(['https://example.com/']);
  });
});
