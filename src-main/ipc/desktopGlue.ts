/**
 * What the desktop shell does with push events besides forwarding them to windows: keep the tray's
 * status line and toggle current, run tray actions, and raise notifications (SPEC §9). Written
 * against the ports, so it is tested with the in-memory twins and no Electron.
 */
import { ErrorCode, isAppError } from '../../src-shared/errors';
import type { AppStatus, SyncFinishedEvent, SyncProgressEvent } from '../../src-shared/ipc/contract';
import type { Logger } from '../util/logger';
import type { Notification, Notifier, TrayPort } from '../util/ports';
import type { AppServices } from './services';

const pad = (n: number) => String(n).padStart(2, '0');
const clock = (ms: number) => `${pad(new Date(ms).getHours())}:${pad(new Date(ms).getMinutes())}`;
const posts = (n: number) => `${n} new ${n === 1 ? 'post' : 'posts'}`;

export function statusLine(s: AppStatus, progress: SyncProgressEvent | null): string {
  if (s.syncState === 'cancelling') return 'Stopping the sync…';
  if (s.syncState === 'running') return progress && progress.total > 0 ? `Syncing… ${progress.done} of ${progress.total}` : 'Syncing…';
  const last = s.lastSync ? (s.lastSync.ok ? `Last sync ${clock(s.lastSync.finishedAt)} — ${posts(s.lastSync.created)}` : `Last sync ${clock(s.lastSync.finishedAt)} had problems`) : 'Not synced yet';
  return s.syncEnabled ? last : `Sync is off · ${last}`;
}

/** Failures a person must act on get a notification even when nothing was posted (SPEC §9). */
const NEEDS_ACTION: ReadonlySet<string> = new Set([
  ErrorCode.AuthFailed,
  ErrorCode.AuthNeeds2fa,
  ErrorCode.AccountLocked,
  ErrorCode.SessionExpired,
  ErrorCode.CircuitOpen,
  ErrorCode.AutomationSuspected,
  ErrorCode.RateLimited,
]);

export function notificationFor(e: SyncFinishedEvent): Notification | null {
  const blocking = e.directions.find((d) => d.errorCode && NEEDS_ACTION.has(d.errorCode));
  if (blocking) return { title: 'ChirpSyncer needs you', body: blocking.error ?? 'A sync stopped and needs your attention. Open ChirpSyncer to see why.', urgency: 'critical' };
  const created = e.directions.reduce((n, d) => n + d.created, 0);
  if (created > 0) return { title: 'Sync finished', body: `${posts(created)} copied.`, urgency: 'normal' };
  return null;
}

export interface DesktopGlueDeps {
  services: AppServices;
  tray: TrayPort;
  notifier: Notifier;
  logger: Logger;
  openWindow(): void;
  quit(): void;
}

export function connectDesktop(d: DesktopGlueDeps): () => void {
  let progress: SyncProgressEvent | null = null;
  const refresh = () =>
    d.services.status().then(
      (s) => d.tray.update({ syncEnabled: s.syncEnabled, syncing: s.syncState !== 'idle', statusLine: statusLine(s, progress) }),
      (e) => d.logger.warn('tray status refresh failed', { error: (e as Error).message }),
    );
  const offEvents = d.services.onEvent((e) => {
    if (e.name === 'sync/progress') progress = e.payload;
    if (e.name === 'sync/finished') {
      progress = null;
      const n = notificationFor(e.payload);
      if (n) d.notifier.notify(n);
    }
    void refresh();
  });
  const offTray = d.tray.onAction((a) => void runAction(a, d).then(refresh));
  void refresh();
  return () => {
    offEvents();
    offTray();
  };
}

async function runAction(a: Parameters<Parameters<TrayPort['onAction']>[0]>[0], d: DesktopGlueDeps): Promise<void> {
  try {
    if (a.type === 'set-sync-enabled') await d.services.setSyncEnabled({ enabled: a.enabled });
    else if (a.type === 'sync-now') await d.services.runSync({});
    else if (a.type === 'open') d.openWindow();
    else d.quit();
  } catch (e) {
    // "Sync now" while a run is going is not a failure worth a popup; anything else is told to the person.
    if (isAppError(e) && e.code === ErrorCode.Conflict) return;
    d.logger.warn('tray action failed', { action: a.type, error: (e as Error).message });
    d.notifier.notify({ title: 'ChirpSyncer', body: isAppError(e) ? e.message : 'That did not work. The log has the details.', urgency: 'normal' });
  }
}
