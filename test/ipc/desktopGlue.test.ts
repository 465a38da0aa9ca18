import { describe, expect, it, vi } from 'vitest';
import type { AppStatus } from '../../src-shared/ipc/contract';
import { connectDesktop, notificationFor, statusLine } from '../../src-main/ipc/desktopGlue';
import { EventHub, fromSyncEvent } from '../../src-main/ipc/EventHub';
import { silentLogger } from '../../src-main/util/logger';
import { FakeServices } from '../support/fakeServices';
import { MemoryEventSink, MemoryNotifier, MemoryTray } from '../support/platformTwins';

const base: AppStatus = {
  syncState: 'idle',
  syncEnabled: true,
  lastSync: null,
  nextSyncAt: null,
  counts: { posts: { x: 0, bsky: 0 }, synced: 0, pending: 0, failed: 0 },
  recentErrors: [],
  version: 't',
};

describe('statusLine', () => {
  it('says what the sync is doing in plain words', () => {
    expect(statusLine(base, null)).toBe('Not synced yet');
    expect(statusLine({ ...base, syncEnabled: false }, null)).toBe('Sync is off · Not synced yet');
    expect(statusLine({ ...base, syncState: 'running' }, { direction: 'x-to-bsky', done: 12, total: 40 })).toBe('Syncing… 12 of 40');
    expect(statusLine({ ...base, syncState: 'cancelling' }, null)).toBe('Stopping the sync…');
    const at = new Date(2025, 0, 2, 14, 5).getTime();
    expect(statusLine({ ...base, lastSync: { startedAt: at - 1000, finishedAt: at, ok: true, created: 1, failed: 0 } }, null)).toBe('Last sync 14:05 — 1 new post');
  });
});

describe('notificationFor', () => {
  const dir = { direction: 'x-to-bsky' as const, status: 'ok' as const, fetched: 3, created: 3, skipped: 0, failed: 0, error: null, errorCode: null };
  it('announces new posts, stays quiet when nothing happened, and insists when the person must act', () => {
    expect(notificationFor({ startedAt: 0, finishedAt: 1, ok: true, directions: [dir] })).toEqual({ title: 'Sync finished', body: '3 new posts copied.', urgency: 'normal' });
    expect(notificationFor({ startedAt: 0, finishedAt: 1, ok: true, directions: [{ ...dir, created: 0 }] })).toBeNull();
    const expired = { ...dir, status: 'failed' as const, created: 0, error: 'Your Bluesky session expired. Sign in again on the Accounts page.', errorCode: 'SESSION_EXPIRED' };
    expect(notificationFor({ startedAt: 0, finishedAt: 1, ok: false, directions: [expired] })).toEqual({ title: 'ChirpSyncer needs you', body: expired.error, urgency: 'critical' });
  });
});

describe('connectDesktop', () => {
  it('keeps the tray current, runs its actions, and notifies when a sync finishes', async () => {
    const fake = new FakeServices();
    const tray = new MemoryTray();
    const notifier = new MemoryNotifier();
    const openWindow = vi.fn();
    const quit = vi.fn();
    const dispose = connectDesktop({ services: fake, tray, notifier, logger: silentLogger, openWindow, quit });
    await vi.waitFor(() => expect(tray.current?.statusLine).toBe('Not synced yet'));

    tray.click({ type: 'set-sync-enabled', enabled: false });
    await vi.waitFor(() => expect(tray.current).toMatchObject({ syncEnabled: false, statusLine: 'Sync is off · Not synced yet' }));

    tray.click({ type: 'sync-now' });
    await vi.waitFor(() => expect(tray.current?.syncing).toBe(true));
    fake.progress(2, 5);
    await vi.waitFor(() => expect(tray.current?.statusLine).toBe('Syncing… 2 of 5'));
    tray.click({ type: 'sync-now' }); // already running: CONFLICT is not a popup
    fake.finish(2);
    await vi.waitFor(() => expect(tray.current?.syncing).toBe(false));
    expect(notifier.sent).toEqual([{ title: 'Sync finished', body: '2 new posts copied.', urgency: 'normal' }]);

    tray.click({ type: 'open' });
    tray.click({ type: 'quit' });
    expect(openWindow).toHaveBeenCalledOnce();
    expect(quit).toHaveBeenCalledOnce();
    dispose();
    expect(fake.listenerCount).toBe(0);
  });
});

describe('EventHub', () => {
  it('fans out to every subscriber, survives a throwing one, and converts engine events', () => {
    const hub = new EventHub(silentLogger);
    const sink = new MemoryEventSink();
    hub.subscribe(() => {
      throw new Error('window closed');
    });
    const off = hub.subscribe((e) => sink.emit(e));
    hub.emit(fromSyncEvent({ type: 'sync/progress', direction: 'bsky-to-x', done: 1, total: 2 }));
    off();
    hub.emit(fromSyncEvent({ type: 'sync/progress', direction: 'bsky-to-x', done: 2, total: 2 }));
    expect(sink.events).toEqual([{ name: 'sync/progress', payload: { direction: 'bsky-to-x', done: 1, total: 2 } }]);
  });
});
