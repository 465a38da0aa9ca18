import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { AppError, ErrorCode } from '../../../../src-shared/errors';
import { createRemoteCaller } from '../../../../src-main/connectors/limits/createRemoteCaller';
import { RemoteError } from '../../../../src-main/connectors/limits/types';
import { silentLogger } from '../../../../src-main/util/logger';
import { XConnector } from '../../../../src-main/connectors/x/XConnector';
import { ManualClock } from '../../../support/ManualClock';
import { PassThroughCaller } from '../../../support/passThroughCaller';
import { routeXTo, type XRouting } from '../../../support/xRouting';
import { XSandbox, type Generation } from '../../../support/xSandbox/index';

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
});

afterAll(async () => {
  routing.restore();
  await sb.close();
  expect(routing.violations).toEqual([]);
});

function connector(opts: { caller?: PassThroughCaller | ReturnType<typeof createRemoteCaller>; clock?: ManualClock; queryIds?: Record<string, string> } = {}) {
  const caller = opts.caller ?? new PassThroughCaller();
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
    const e = await connector().x.login({ username: 'alice' }).catch((err: unknown) => err);
    expect((e as AppError).code).toBe(ErrorCode.InvalidInput);
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
