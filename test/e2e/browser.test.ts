/**
 * Browser E2E: the built renderer served by the real HTTP transport (with fake services behind it),
 * driven in headless Chromium through Playwright (ENVIRONMENT.md: system Chromium, never a
 * downloaded browser). Screenshots go to .tmp/ for a person to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src-main/server/startServer';
import { captureLogger } from '../support/captureLogger';
import { FAKE_USER, FakeServices } from '../support/fakeServices';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const repoRoot = process.cwd();
const shots = resolve(repoRoot, '.tmp');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Skipping the browser E2E tests: ${CHROMIUM} is missing (install it with: apt-get install -y chromium).`);

describe.skipIf(!hasChromium)('web UI in Chromium', () => {
  let outDir: string;
  let userDataDir: string;
  let server: RunningServer;
  let fake: FakeServices;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'chirp-renderer-'));
    userDataDir = mkdtempSync(join(tmpdir(), 'chirp-chromium-'));
    mkdirSync(shots, { recursive: true });
    await build({ configFile: resolve(repoRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    fake = new FakeServices({ posts: 5000 });
    server = await startServer({ services: fake, logger: captureLogger().logger, host: '127.0.0.1', port: 0, staticDir: outDir });
    // A fresh profile directory per run (ENVIRONMENT.md); Playwright passes it as --user-data-dir.
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1200, height: 800 } });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      // HTTP errors the test provokes on purpose (the wrong password's 401) show up as resource
      // errors; what must never appear are script errors and CSP violations.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
    rmSync(userDataDir, { recursive: true, force: true });
  });

  it('signs in through the page; a wrong password is explained', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Sign in to ChirpSyncer' }).waitFor();
    await page.getByLabel('User name').fill(FAKE_USER.username);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Wrong user name or password.');
    await page.getByLabel('Password').fill(FAKE_USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'chirp_token')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate(() => document.cookie)).not.toContain('chirp_token');
  });

  it('shows the dashboard, runs "Sync now" with live progress, and shows the finished state', async () => {
    await expect(page.locator('.count').first().textContent()).resolves.toContain('2,500');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText('Syncing…').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).waitFor();
    expect(fake.called('runSync')).toBe(1);
    // Events arrive over SSE only once the stream is open; keep reporting until the page shows it.
    await expect.poll(async () => {
      fake.progress(3, 10);
      return page.getByText('X → Bluesky: 3 of 10').isVisible();
    }, { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: join(shots, 'e2e-dashboard-progress.png') });
    fake.finish(3);
    await page.getByText('Sync finished. 3 new posts copied.').waitFor();
    await page.getByRole('button', { name: 'Sync now' }).waitFor();
    await page.screenshot({ path: join(shots, 'e2e-dashboard-finished.png') });
  });

  it('tests an account connection and shows the plain-language result', async () => {
    await page.getByRole('button', { name: 'Accounts' }).click();
    await page.getByRole('heading', { name: 'Accounts' }).waitFor();
    await page.getByRole('button', { name: 'Test connection' }).first().click();
    await page.getByText('X wants a confirmation code for @alice.').waitFor();
  });

  it('lists thousands of posts virtualised, with a platform filter', async () => {
    await page.getByRole('button', { name: 'Posts' }).click();
    await page.getByText('5,000 posts in the local index').waitFor();
    const rows = await page.getByRole('listitem').count();
    expect(rows).toBeGreaterThan(5);
    expect(rows).toBeLessThan(40);
    await page.getByRole('button', { name: 'Bluesky', exact: true }).click();
    await page.getByText('2,500 posts in the local index').waitFor();
    await page.locator('.vlist').evaluate((el) => (el.scrollTop = 76 * 400));
    await expect.poll(() => fake.calls.filter((c) => c.method === 'listPosts').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: join(shots, 'e2e-posts.png') });
  });

  it('shows the sync history and signs out', async () => {
    await page.getByRole('button', { name: 'Sync history' }).click();
    await page.getByRole('cell', { name: 'Done', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to ChirpSyncer' }).waitFor();
    expect(consoleErrors).toEqual([]);
  });
});
