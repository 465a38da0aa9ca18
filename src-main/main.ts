/**
 * Electron entry (STYLE.md §2): compose() → register IPC → window, tray, notifications. Everything
 * else lives in testable modules; this file only wires them to Electron's lifecycle.
 * Built to dist-electron/main.cjs by scripts/start.mjs (esbuild), with the preload beside it.
 */
import { app, BrowserWindow, ipcMain } from 'electron';
import { join } from 'node:path';
import { compose, type Core } from './compose';
import { createAppServices } from './services/createAppServices';
import { connectDesktop } from './ipc/desktopGlue';
import { registerIpc } from './ipc/electronIpc';
import { EventHub, fromSyncEvent } from './ipc/EventHub';
import { createDispatch } from './ipc/registerHandlers';
import { throttleProgress } from './ipc/throttleEvents';
import { registerAppScheme, serveAppProtocol } from './platform/appProtocol';
import { ElectronNotifier } from './platform/ElectronNotifier';
import { ElectronTray } from './platform/ElectronTray';
import { createMainWindow } from './platform/mainWindow';
import { WindowEventSink } from './platform/WindowEventSink';
import type { Logger } from './util/logger';

interface Running {
  core: Core;
  logger: Logger;
  dispose: Array<() => void>;
}

let running: Running | null = null;
let window: BrowserWindow | null = null;
let quitting = false;

function showWindow(): void {
  if (!window || window.isDestroyed()) {
    window = createMainWindow(join(app.getAppPath(), 'dist-electron', 'preload.cjs'));
    // Closing the window hides it: syncing goes on in the tray until "Quit" (SPEC §9).
    window.on('close', (e) => {
      if (quitting) return;
      e.preventDefault();
      window?.hide();
    });
  }
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function quit(): void {
  quitting = true;
  app.quit();
}

async function start(): Promise<void> {
  await app.whenReady();
  let hub: EventHub | null = null;
  const core = await compose({ env: process.env, preferKeychain: true, emit: (e) => hub?.emit(fromSyncEvent(e)) });
  const logger = core.logger.child({ entry: 'desktop' });
  hub = new EventHub(logger);
  const services = createAppServices(core, hub, { actor: 'desktop' });
  services.autoSync.start();
  const sink = new WindowEventSink(() => BrowserWindow.getAllWindows());
  serveAppProtocol(join(app.getAppPath(), 'dist-renderer'));
  const dispose: Array<() => void> = [];
  dispose.push(registerIpc(ipcMain, createDispatch({ services, logger }), logger));
  dispose.push(services.onEvent(throttleProgress((e) => sink.emit(e), { now: () => core.clock.now() })));
  const tray = new ElectronTray();
  dispose.push(() => tray.destroy());
  dispose.push(() => services.dispose());
  dispose.push(connectDesktop({ services, tray, notifier: new ElectronNotifier(showWindow), logger, openWindow: showWindow, quit }));
  running = { core, logger, dispose };
  showWindow();
  logger.info('desktop app started');
}

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Two instances would open the same database and run two sync engines: hand over to the first.
  app.quit();
} else {
  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow());
  // Keep running with only the tray; quitting is explicit.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', () => {
    for (const d of running?.dispose.reverse() ?? []) d();
    running?.core.close();
    running = null;
  });
  start().catch((e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    running?.logger.error('desktop app failed to start', { error: msg, stack: (e as Error)?.stack });
    process.stderr.write(`ChirpSyncer could not start: ${msg}\n`);
    quit();
  });
}
