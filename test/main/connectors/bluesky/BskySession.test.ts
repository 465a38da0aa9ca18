/** Login, resume and refresh against a real PDS (dev-env). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../../../src-shared/errors';
import { BlueskyConnector } from '../../../../src-main/connectors/bluesky/BlueskyConnector';
import { silentLogger } from '../../../../src-main/util/logger';
import { systemClock } from '../../../../src-main/util/clock';
import { expireAccessJwt, startPds, type PdsAccount, type PdsHarness } from '../../../support/pds';
import { passThroughCallerBsky } from '../../../support/passThroughCallerBsky';
import { MemorySessionStore, wire } from './helpers';

let pds: PdsHarness;
let alice: PdsAccount;

beforeAll(async () => {
  pds = await startPds();
  alice = await pds.createAccount('alice.test');
});
afterAll(async () => {
  await pds?.close();
});

async function loginError(identifier: string, password: string): Promise<AppError> {
  const { connector } = wire(pds.url);
  const e = await connector.login(identifier, password).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('login', () => {
  it('logs in with the handle and an app password and persists the session', async () => {
    const { connector, store, counts } = wire(pds.url);
    const s = await connector.login('alice.test', alice.appPassword);
    expect(s).toMatchObject({ did: alice.did, handle: 'alice.test', service: pds.url });
    expect(s.accessJwt).toMatch(/^ey/);
    expect(store.value).toEqual(s);
    expect(connector.did).toBe(alice.did);
    expect(counts.get('com.atproto.server.createSession')).toBe(1);
  });
  it('accepts "@Alice.TEST" (leading @, upper case)', async () => {
    const { connector } = wire(pds.url);
    expect((await connector.login('  @Alice.TEST ', alice.appPassword)).did).toBe(alice.did);
  });
  it('accepts the DID', async () => {
    const { connector } = wire(pds.url);
    const s = await connector.login(alice.did, alice.appPassword);
    expect(s).toMatchObject({ did: alice.did, handle: 'alice.test' });
  });
  it('says in plain words when the password is wrong', async () => {
    const e = await loginError('alice.test', 'wrong-wrong-wrong');
    expect(e.code).toBe(ErrorCode.AuthFailed);
    expect(e.message).toBe('Bluesky did not accept the password for alice.test. Use an app password (Settings → Privacy and security → App passwords) and check that it was not revoked.');
  });
  it('says in plain words when the handle does not exist', async () => {
    const e = await loginError('nobody.test', 'whatever');
    expect(e.code).toBe(ErrorCode.InvalidInput);
    expect(e.message).toContain('No Bluesky account has the handle "nobody.test"');
  });
  it('says when a DID is not on this PDS', async () => {
    const e = await loginError('did:plc:aaaaaaaaaaaaaaaaaaaaaaaa', 'whatever');
    expect(e.code).toBe(ErrorCode.InvalidInput);
    expect(e.message).toContain('is not an account on');
  });
  it('rejects text that is neither a handle nor a DID without calling the server', async () => {
    const { connector, counts } = wire(pds.url);
    const e = (await connector.login('not a handle!', 'x').catch((err) => err)) as AppError;
    expect(e.code).toBe(ErrorCode.InvalidInput);
    expect(e.message).toContain('is not a Bluesky handle or DID');
    expect(counts.size).toBe(0);
  });
  it('a failed re-login keeps the stored session and leaves the connector logged out', async () => {
    const { connector, store } = wire(pds.url);
    const good = await connector.login('alice.test', alice.appPassword);
    await expect(connector.login('alice.test', 'wrong-wrong-wrong')).rejects.toMatchObject({ code: ErrorCode.AuthFailed });
    expect(store.value).toEqual(good);
    expect(() => connector.did).toThrow(/log in/);
  });
  it('wraps every request in the caller and observes every response', async () => {
    const { connector, caller } = wire(pds.url);
    await connector.login('alice.test', alice.appPassword);
    expect(caller.calls.map((c) => [c.kind, c.op])).toEqual([
      ['read', 'com.atproto.identity.resolveHandle'],
      ['login', 'com.atproto.server.createSession'],
    ]);
    expect(caller.observed.map((o) => o.spec.op)).toEqual(['com.atproto.identity.resolveHandle', 'com.atproto.server.createSession']);
  });
});

describe('resume', () => {
  it('continues a stored session in a second instance without a second createSession', async () => {
    const first = wire(pds.url);
    await first.connector.login('alice.test', alice.appPassword);
    const second = wire(pds.url, { store: first.store });
    const s = await second.connector.resume();
    expect(s.did).toBe(alice.did);
    const listed = await second.connector.listOwnPosts();
    expect(listed.reachedEnd).toBe(true);
    expect(second.counts.get('com.atproto.server.createSession')).toBeUndefined();
    expect(second.counts.get('com.atproto.server.refreshSession')).toBeUndefined();
    expect(second.counts.get('com.atproto.repo.listRecords')).toBe(1);
  });
  it('refreshes an expired access token before the first request and saves the new tokens', async () => {
    const first = wire(pds.url);
    const original = await first.connector.login('alice.test', alice.appPassword);
    first.store.value = { ...original, accessJwt: expireAccessJwt(original.accessJwt) };
    const second = wire(pds.url, { store: first.store });
    const s = await second.connector.resume();
    expect(second.counts.get('com.atproto.server.refreshSession')).toBe(1);
    expect(second.counts.get('com.atproto.server.createSession')).toBeUndefined();
    expect(s.refreshJwt).not.toBe(original.refreshJwt);
    expect(first.store.value?.accessJwt).toBe(s.accessJwt);
    await expect(second.connector.listOwnPosts()).resolves.toMatchObject({ reachedEnd: true });
  });
  it('refreshes when the server says ExpiredToken in the middle of a job', async () => {
    const first = wire(pds.url);
    const original = await first.connector.login('alice.test', alice.appPassword);
    // A clock two hours behind makes the expired token look valid locally, so only the PDS notices.
    const behind = { now: () => Date.now() - 2 * 3600_000, sleep: systemClock.sleep };
    first.store.value = { ...original, accessJwt: expireAccessJwt(original.accessJwt) };
    const second = wire(pds.url, { store: first.store, clock: behind });
    await second.connector.resume();
    expect(second.counts.get('com.atproto.server.refreshSession')).toBeUndefined();
    // listRecords is public (a bad token is ignored), so use a call that needs the session.
    await expect(second.connector.deletePost('3jzfcijpj2z2a')).resolves.toBe('already_gone');
    expect(second.counts.get('com.atproto.server.refreshSession')).toBe(1);
    expect(second.counts.get('com.atproto.repo.deleteRecord')).toBe(2); // the rejected one and the retry
    expect(first.store.value?.refreshJwt).not.toBe(original.refreshJwt);
  });
  it('asks for a login when nothing is stored', async () => {
    const c = new BlueskyConnector({ service: pds.url, caller: passThroughCallerBsky(), logger: silentLogger, clock: systemClock, sessionStore: new MemorySessionStore() });
    await expect(c.resume()).rejects.toMatchObject({ code: ErrorCode.SessionExpired });
  });
  it('clears a stored session whose refresh token the server no longer accepts', async () => {
    const first = wire(pds.url);
    const original = await first.connector.login('alice.test', alice.appPassword);
    first.store.value = { ...original, accessJwt: expireAccessJwt(original.accessJwt), refreshJwt: expireAccessJwt(original.accessJwt, -3600) };
    const second = wire(pds.url, { store: first.store });
    const e = (await second.connector.resume().catch((err) => err)) as AppError;
    expect(e.code).toBe(ErrorCode.SessionExpired);
    expect(e.message).toContain('log in again');
    expect(first.store.value).toBeNull();
  });
});
