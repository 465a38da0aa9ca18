/**
 * The renderer's IPC client over HTTP against the real server (fake services behind it), and the
 * stores' reactions to push events and errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src-main/server/startServer';
import { ClientError, createClient, httpTransport } from '../../src-renderer/ipc/client';
import { createAppStores } from '../../src-renderer/stores/AppStores';
import { captureLogger } from '../support/captureLogger';
import { FAKE_USER, FakeServices } from '../support/fakeServices';

let server: RunningServer;
let fake: FakeServices;

beforeAll(async () => {
  fake = new FakeServices({ posts: 450 });
  server = await startServer({ services: fake, logger: captureLogger().logger, host: '127.0.0.1', port: 0 });
});
afterAll(async () => server?.close());

/** Node's fetch keeps no cookies, so this wrapper plays the browser's cookie jar for one origin. */
function cookieFetch(): typeof fetch {
  let cookie = '';
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(input, { ...init, headers });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!.endsWith('=') ? '' : set.split(';')[0]!;
    return res;
  };
}

describe('http client', () => {
  it('signs in, then calls channels with the CSRF header, and unwraps errors into ClientError', async () => {
    const client = createClient(httpTransport({ baseUrl: server.url, fetch: cookieFetch() }));
    await expect(client.call('app/get-status', {})).rejects.toMatchObject({ name: 'ClientError', code: 'UNAUTHORIZED' });
    const login = await client.call('auth/login', { username: FAKE_USER.username, password: FAKE_USER.password });
    // Without the CSRF value the server refuses, with it the call goes through.
    await expect(client.call('app/get-status', {})).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('x-chirp-csrf') });
    client.setCsrf(login.csrfToken);
    expect((await client.call('app/get-status', {})).counts.posts).toEqual({ x: 225, bsky: 225 });
    const err = await client.call('accounts/test', { accountId: 404 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientError);
    expect(err).toMatchObject({ code: 'NOT_FOUND', message: 'There is no account with id 404.' });
  });

  it('turns an unreachable server into a plain NETWORK_DOWN error', async () => {
    const client = createClient(httpTransport({ baseUrl: 'http://127.0.0.1:1', fetch: () => Promise.reject(new TypeError('fetch failed')) }));
    await expect(client.call('auth/session', {})).rejects.toMatchObject({ code: 'NETWORK_DOWN', message: 'ChirpSyncer is not responding. Check that it is still running, then try again.' });
  });
});

describe('stores', () => {
  it('page through the post index with the keyset cursor until the last page', async () => {
    const inner = createClient(httpTransport({ baseUrl: server.url, fetch: cookieFetch() }));
    const stores = createAppStores(inner);
    await stores.session.getState().login(FAKE_USER.username, FAKE_USER.password);
    expect(stores.session.getState().info).toMatchObject({ mode: 'web', signedIn: true });
    await stores.posts.getState().setPlatform('bsky');
    expect(stores.posts.getState()).toMatchObject({ total: 225, done: false });
    await stores.posts.getState().loadMore();
    const s = stores.posts.getState();
    expect(s.done).toBe(true);
    expect(s.items).toHaveLength(225);
    expect(new Set(s.items.map((p) => p.rowId)).size).toBe(225);
    expect(s.items.every((p) => p.platform === 'bsky')).toBe(true);
  });

  it('the sync store follows progress and finished events, and a signed-out answer shows the sign-in page', async () => {
    const client = createClient(httpTransport({ baseUrl: server.url, fetch: cookieFetch() }));
    const stores = createAppStores(client);
    await stores.session.getState().login(FAKE_USER.username, FAKE_USER.password);
    await stores.sync.getState().syncNow();
    expect(stores.sync.getState().status?.syncState).toBe('running');
    stores.sync.getState().onProgress({ direction: 'x-to-bsky', done: 4, total: 9 });
    expect(stores.sync.getState().progress['x-to-bsky']).toEqual({ direction: 'x-to-bsky', done: 4, total: 9 });
    fake.finish(4);
    stores.sync.getState().onFinished({ startedAt: 1, finishedAt: 2, ok: true, directions: [] });
    await expect.poll(() => stores.sync.getState().status?.syncState).toBe('idle');
    expect(stores.sync.getState().progress).toEqual({});

    await client.call('auth/logout', {});
    await stores.accounts.getState().load();
    expect(stores.session.getState()).toMatchObject({ info: { mode: 'web', signedIn: false }, error: 'Your session ended. Sign in again.' });
  });
});
