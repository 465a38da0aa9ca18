import { beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src-shared/errors';
import { CHANNELS, type Channel, type RequestOf } from '../../src-shared/ipc/contract';
import { REQUEST_SCHEMAS } from '../../src-shared/ipc/schemas';
import { createHandlers, type Handlers } from '../../src-main/ipc/handlers';
import { createDispatch, type DispatchContext } from '../../src-main/ipc/registerHandlers';
import { captureLogger } from '../support/captureLogger';
import { FakeServices } from '../support/fakeServices';

/** A valid request per channel, with every optional field present so each field gets its bad-input cases. */
const VALID: { [C in Channel]: RequestOf<C> } = {
  'app/get-status': {},
  'sync/run': { direction: 'x-to-bsky' },
  'sync/cancel': {},
  'sync/set-enabled': { enabled: false },
  'sync/list-runs': { limit: 20, before: 5 },
  'posts/list': { platform: 'bsky', limit: 100, before: { createdAt: 1_700_000_000_000, rowId: 9 } },
  'accounts/list': {},
  'accounts/test': { accountId: 2 },
  'settings/get': {},
  'settings/set': { key: 'pollIntervalMinutes', value: 30 },
  'danger/confirm': { action: 'account-remove', target: '@alice', phrase: 'remove account @alice' },
  'auth/session': {},
  'auth/login': { username: 'owner', password: 'Correct-Horse-9!' },
  'auth/logout': {},
};

const user = { id: 7, username: 'owner', isAdmin: true, expiresAt: 2_000_000_000_000 };
const httpCtx = (over: Partial<DispatchContext> = {}): DispatchContext => ({
  transport: 'http',
  address: '127.0.0.1',
  user,
  sessionToken: 'tok',
  csrfToken: 'csrf',
  session: { started: () => 'new-csrf', ended: () => {} },
  ...over,
});

function wrongType(v: unknown): unknown {
  if (typeof v === 'string') return 12345;
  if (typeof v === 'number') return '12345';
  if (typeof v === 'boolean') return 'yes';
  return 'not-an-object';
}

interface BadCase {
  label: string;
  req: unknown;
  field: string;
}

function badCases(c: Channel): BadCase[] {
  const valid = VALID[c] as Record<string, unknown>;
  const shape = (REQUEST_SCHEMAS[c] as unknown as { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> }).shape;
  const cases: BadCase[] = [
    { label: 'null instead of an object', req: null, field: '(request)' },
    { label: 'a string instead of an object', req: 'hello', field: '(request)' },
    { label: 'an array instead of an object', req: [valid], field: '(request)' },
    { label: 'an extra field', req: { ...valid, sneaky: true }, field: 'sneaky' },
    { label: 'an inherited-looking extra field', req: { ...valid, constructor: 'x' }, field: 'constructor' },
  ];
  for (const [k, v] of Object.entries(valid)) {
    const rest = { ...valid };
    delete rest[k];
    if (!shape[k]!.safeParse(undefined).success) cases.push({ label: `missing ${k}`, req: rest, field: k });
    // A setting's value is any JSON, so "wrong type" and "huge number" do not apply; its size limit is tested below.
    if (c === 'settings/set' && k === 'value') continue;
    cases.push({ label: `wrong type for ${k}`, req: { ...valid, [k]: wrongType(v) }, field: k });
    const huge = typeof v === 'number' ? 1e300 : typeof v === 'string' ? 'x'.repeat(100_000) : null;
    if (huge !== null) cases.push({ label: `huge ${k}`, req: { ...valid, [k]: huge }, field: k });
    if (v && typeof v === 'object') {
      for (const [sub, sv] of Object.entries(v)) cases.push({ label: `wrong type for ${k}.${sub}`, req: { ...valid, [k]: { ...v, [sub]: wrongType(sv) } }, field: `${k}.${sub}` });
    }
  }
  if (c === 'settings/set') cases.push({ label: 'huge setting value', req: { ...valid, value: { a: 'x'.repeat(20_000) } }, field: 'value' });
  return cases;
}

describe('dispatch: every channel refuses bad input before reaching a service', () => {
  let fake: FakeServices;
  beforeEach(() => {
    fake = new FakeServices();
  });

  for (const channel of CHANNELS) {
    for (const bad of badCases(channel)) {
      it(`${channel}: ${bad.label} → INVALID_INPUT naming ${bad.field}`, async () => {
        const dispatch = createDispatch({ services: fake, logger: captureLogger().logger });
        const env = await dispatch(channel, bad.req, httpCtx());
        expect(env.ok).toBe(false);
        if (env.ok) return;
        expect(env.error.code).toBe(ErrorCode.InvalidInput);
        expect(env.error.details?.field).toBe(bad.field);
        expect(env.error.message).toContain(bad.field);
        expect(env.error.message.length).toBeLessThan(400);
        expect(fake.calls).toEqual([]);
      });
    }
  }

  it('every channel accepts its valid sample (so the bad cases above fail for the stated reason)', async () => {
    const dispatch = createDispatch({ services: fake, logger: captureLogger().logger });
    for (const channel of CHANNELS) {
      const env = await dispatch(channel, VALID[channel], httpCtx());
      if (!env.ok) expect.soft(env.error.details?.field, `${channel}: ${env.error.message}`).not.toBe('(request)');
      if (!env.ok) expect.soft(env.error.code, `${channel}: ${env.error.message}`).not.toBe(ErrorCode.InvalidInput);
    }
    // Every service method behind a channel was reached exactly once.
    expect(fake.called('status')).toBe(1);
    expect(fake.called('runSync')).toBe(1);
    expect(fake.called('syncHistory')).toBe(1);
    expect(fake.called('listPosts')).toBe(1);
    expect(fake.called('testAccount')).toBe(1);
    expect(fake.called('setSetting')).toBe(1);
    expect(fake.called('confirmDanger')).toBe(1);
    expect(fake.called('login')).toBe(1);
    expect(fake.called('logout')).toBe(1);
  });
});

describe('dispatch: channels, sessions and errors', () => {
  it.each([['sync/explode'], ['__proto__'], ['constructor'], [42], [null], ['x'.repeat(10_000)]])('refuses the unknown channel %#', async (channel) => {
    const fake = new FakeServices();
    const env = await createDispatch({ services: fake, logger: captureLogger().logger })(channel, {}, httpCtx());
    expect(env).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidInput, details: { field: 'channel' } } });
    expect(!env.ok && env.error.message.length).toBeLessThan(200);
    expect(fake.calls).toEqual([]);
  });

  it('refuses non-public channels over HTTP without a signed-in user, but answers auth/session', async () => {
    const fake = new FakeServices();
    const dispatch = createDispatch({ services: fake, logger: captureLogger().logger });
    const anon = httpCtx({ user: null, sessionToken: null, csrfToken: null });
    expect(await dispatch('app/get-status', {}, anon)).toMatchObject({ ok: false, error: { code: ErrorCode.Unauthorized } });
    expect(await dispatch('auth/session', {}, anon)).toEqual({ ok: true, value: { mode: 'web', signedIn: false } });
    expect(fake.calls).toEqual([]);
  });

  it('turns an unexpected error into INTERNAL with a correlation id; the stack and secrets stay in the log', async () => {
    const fake = new FakeServices();
    const boom = new Error('sqlite: disk I/O error at /home/alice/.local/share/chirpsyncer password=hunter22');
    fake.failNext.status = boom;
    const log = captureLogger(new Set(['hunter22']));
    const env = await createDispatch({ services: fake, logger: log.logger, correlationId: () => 'corr-1234' })('app/get-status', {}, httpCtx());
    expect(env).toEqual({
      ok: false,
      error: { code: ErrorCode.Internal, message: 'Something went wrong inside the app. The log has the details under reference corr-1234.', details: { correlationId: 'corr-1234' } },
    });
    const logged = log.entries().find((e) => e.correlationId === 'corr-1234');
    expect(logged?.level).toBe('error');
    expect(String(logged?.stack)).toContain('registerHandlers.test.ts');
    expect(log.lines.join('\n')).not.toContain('hunter22');
  });

  it('passes AppErrors through as data with their code and details', async () => {
    const fake = new FakeServices();
    const env = await createDispatch({ services: fake, logger: captureLogger().logger })('accounts/test', { accountId: 99 }, httpCtx());
    expect(env).toEqual({ ok: false, error: { code: ErrorCode.NotFound, message: 'There is no account with id 99.' } });
  });

  it('takes the step-up user from the session, not from the request', async () => {
    const fake = new FakeServices();
    const dispatch = createDispatch({ services: fake, logger: captureLogger().logger });
    const env = await dispatch('danger/confirm', VALID['danger/confirm'], httpCtx());
    expect(env.ok).toBe(true);
    expect(fake.calls[0]).toEqual({ method: 'confirmDanger', input: { ...VALID['danger/confirm'], userId: 7 } });
    const desktop = await dispatch('danger/confirm', VALID['danger/confirm'], { transport: 'ipc', address: 'local', user: null, sessionToken: null, csrfToken: null });
    expect(desktop.ok).toBe(true);
    expect(fake.calls[1]?.input).toMatchObject({ userId: null });
  });

  it('signs in only over HTTP: login hands the token to the transport and returns the CSRF value, never the token', async () => {
    const fake = new FakeServices();
    const started: string[] = [];
    const dispatch = createDispatch({ services: fake, logger: captureLogger().logger });
    const env = await dispatch('auth/login', VALID['auth/login'], httpCtx({ user: null, session: { started: (t) => (started.push(t), 'csrf-for-' + t.length), ended: () => {} } }));
    expect(env.ok && env.value).toEqual({ user: { id: 1, username: 'owner', isAdmin: true }, expiresAt: expect.any(Number), csrfToken: 'csrf-for-32' });
    expect(started).toHaveLength(1);
    expect(JSON.stringify(env)).not.toContain(started[0]);
    const ipc = await dispatch('auth/login', VALID['auth/login'], { transport: 'ipc', address: 'local', user: null, sessionToken: null, csrfToken: null });
    expect(ipc).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidInput } });
  });
});

describe('Handlers mapped type', () => {
  it('is complete: leaving a channel out does not compile', () => {
    const full = createHandlers(new FakeServices());
    // @ts-expect-error 'auth/logout' is missing, so this is not a Handlers.
    const partial: Handlers = { ...full, 'auth/logout': undefined };
    expect(Object.keys(full).sort()).toEqual([...CHANNELS].sort());
    expect(partial['auth/logout']).toBeUndefined();
  });
});
