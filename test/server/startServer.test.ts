import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src-shared/errors';
import { startServer, type RunningServer } from '../../src-main/server/startServer';
import { captureLogger } from '../support/captureLogger';
import { FAKE_USER, FakeServices } from '../support/fakeServices';

let server: RunningServer;
let fake: FakeServices;
let staticDir: string;

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'chirp-static-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>ChirpSyncer</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fake = new FakeServices();
  server = await startServer({ services: fake, logger: captureLogger().logger, host: '127.0.0.1', port: 0, staticDir, maxBodyBytes: 8 * 1024 });
});

afterAll(async () => {
  await server?.close();
  rmSync(staticDir, { recursive: true, force: true });
});

const post = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/${channel}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

async function login(): Promise<{ cookie: string; csrf: string; setCookie: string }> {
  const res = await post('auth/login', { username: FAKE_USER.username, password: FAKE_USER.password });
  expect(res.status).toBe(200);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const body = (await res.json()) as { ok: true; value: { csrfToken: string } };
  return { cookie: setCookie.split(';')[0]!, csrf: body.value.csrfToken, setCookie };
}

describe('startServer: sessions and CSRF', () => {
  it('login sets an HttpOnly, SameSite=Strict, Path=/ chirp_token cookie and returns the CSRF value, not the token', async () => {
    const res = await post('auth/login', { username: FAKE_USER.username, password: FAKE_USER.password });
    const setCookie = res.headers.get('set-cookie') ?? '';
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(setCookie).toMatch(/^chirp_token=[A-Za-z0-9_-]{20,};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).toMatch(/Max-Age=(3599|3600)/);
    const token = setCookie.split(';')[0]!.split('=')[1]!;
    expect(text).not.toContain(token);
    expect(JSON.parse(text)).toMatchObject({ ok: true, value: { user: { username: 'owner' }, csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) } });
  });

  it('a wrong password is a 401 AUTH_FAILED envelope and sets no cookie', async () => {
    const res = await post('auth/login', { username: FAKE_USER.username, password: 'nope-nope' });
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.json()).toEqual({ ok: false, error: { code: ErrorCode.AuthFailed, message: 'Wrong user name or password.' } });
  });

  it('without a cookie every non-public channel answers 401 and reaches no service', async () => {
    const before = fake.called('status');
    const res = await post('app/get-status', {});
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: ErrorCode.Unauthorized } });
    expect(fake.called('status')).toBe(before);
  });

  it('with the cookie but without the CSRF header the answer is 403; with both it is 200', async () => {
    const { cookie, csrf } = await login();
    const before = fake.called('status');
    const noCsrf = await post('app/get-status', {}, { cookie });
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.json()).toMatchObject({ ok: false, error: { message: expect.stringContaining('x-chirp-csrf') } });
    const wrong = await post('app/get-status', {}, { cookie, 'x-chirp-csrf': csrf.slice(0, -2) + 'xx' });
    expect(wrong.status).toBe(403);
    expect(fake.called('status')).toBe(before);
    const ok = await post('app/get-status', {}, { cookie, 'x-chirp-csrf': csrf });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, value: { syncState: 'idle', version: '0.1.0-test' } });
  });

  it('auth/session tells a signed-in page its CSRF value and a stranger that it is signed out', async () => {
    const { cookie, csrf } = await login();
    expect(await (await post('auth/session', {}, { cookie })).json()).toMatchObject({ ok: true, value: { mode: 'web', signedIn: true, csrfToken: csrf } });
    expect(await (await post('auth/session', {})).json()).toEqual({ ok: true, value: { mode: 'web', signedIn: false } });
  });

  it('logout clears the cookie and ends the session', async () => {
    const { cookie, csrf } = await login();
    const res = await post('auth/logout', {}, { cookie, 'x-chirp-csrf': csrf });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^chirp_token=; HttpOnly; SameSite=Strict; Path=\/; Max-Age=0/);
    expect(await res.json()).toEqual({ ok: true, value: { signedOut: true } });
    expect((await post('app/get-status', {}, { cookie, 'x-chirp-csrf': csrf })).status).toBe(401);
  });

  it('refuses cross-site requests (Origin or Sec-Fetch-Site) even with a valid session', async () => {
    const { cookie, csrf } = await login();
    const evilOrigin = await post('sync/run', {}, { cookie, 'x-chirp-csrf': csrf, origin: 'https://evil.example' });
    expect(evilOrigin.status).toBe(403);
    const evilSite = await post('auth/login', { username: FAKE_USER.username, password: FAKE_USER.password }, { 'sec-fetch-site': 'cross-site' });
    expect(evilSite.status).toBe(403);
    expect(fake.called('runSync')).toBe(0);
  });
});

describe('startServer: request hygiene', () => {
  it('an oversized body is refused with 413', async () => {
    const res = await post('auth/login', { username: 'x'.repeat(20_000), password: 'y' });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidInput, message: 'The request is larger than 8 KiB; send less at once.' } });
  });

  it('malformed JSON is a 400 envelope with a plain message', async () => {
    const res = await post('auth/login', '{"username": "owner",');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ ok: false, error: { code: ErrorCode.InvalidInput, message: 'The request body is not valid JSON. Send a JSON object such as {}.' } });
  });

  it('a request that is not JSON is refused with 415 (HTML forms cannot post JSON)', async () => {
    const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=owner' });
    expect(res.status).toBe(415);
  });

  it('schema failures come back as 400 INVALID_INPUT naming the field', async () => {
    const res = await post('auth/login', { username: FAKE_USER.username });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidInput, details: { field: 'password' } } });
  });

  it('an unknown channel is refused', async () => {
    const { cookie, csrf } = await login();
    const res = await post('sync/explode', {}, { cookie, 'x-chirp-csrf': csrf });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidInput, details: { field: 'channel' } } });
  });

  it('answers only requests addressed to a loopback name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const r = request({ host: '127.0.0.1', port: server.port, path: '/', headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      r.on('error', reject);
      r.end();
    });
    expect(status).toBe(421);
  });

  it('serves the renderer with a strict CSP, falls back to index.html for page paths, and refuses traversal', async () => {
    const index = await fetch(`${server.url}/dashboard`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>ChirpSyncer</title>');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect((await fetch(`${server.url}/assets/app.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${server.url}/assets/..%2f..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
  });
});

describe('startServer: push events over SSE', () => {
  it('delivers a pushed event to a signed-in client, and refuses a client without a session', async () => {
    expect((await fetch(`${server.url}/api/events`)).status).toBe(401);
    const { cookie } = await login();
    const ac = new AbortController();
    const res = await fetch(`${server.url}/api/events`, { headers: { cookie }, signal: ac.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    expect(text).toContain(': connected');
    fake.progress(3, 10, 'bsky-to-x');
    while (!/event: sync\/progress\ndata: .*\n\n/.test(text)) text += decoder.decode((await reader.read()).value);
    expect(text).toContain('event: sync/progress\ndata: {"direction":"bsky-to-x","done":3,"total":10}\n\n');
    ac.abort();
  });
});

describe('startServer: where it listens', () => {
  it('refuses a non-loopback host unless remote access is explicitly allowed', async () => {
    await expect(startServer({ services: new FakeServices(), logger: captureLogger().logger, host: '0.0.0.0', port: 0 })).rejects.toMatchObject({
      code: ErrorCode.ConfigInvalid,
      message: expect.stringContaining('--allow-remote'),
    });
    await expect(startServer({ services: new FakeServices(), logger: captureLogger().logger, host: '192.168.1.20', port: 0 })).rejects.toMatchObject({ code: ErrorCode.ConfigInvalid });
  });

  it('says clearly when the port is taken', async () => {
    await expect(startServer({ services: new FakeServices(), logger: captureLogger().logger, host: '127.0.0.1', port: server.port })).rejects.toMatchObject({
      code: ErrorCode.ConfigInvalid,
      message: `Port ${server.port} on 127.0.0.1 is already in use. Choose another port (--port).`,
    });
  });
});
