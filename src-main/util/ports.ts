/**
 * Ports for what only a desktop shell offers (STYLE.md §3). Services and glue code depend on these
 * interfaces; `src-main/platform/` implements them over Electron and `test/support/` has in-memory
 * twins, so nothing outside the Electron adapters needs Electron to run or to be tested.
 */
import type { PushEvent } from '../../src-shared/ipc/contract';

/** Where push events go: the desktop windows, the SSE clients, or a test's list. */
export interface EventSink {
  emit(e: PushEvent): void;
}

export interface Notification {
  title: string;
  body: string;
  /** `critical` = the person must act (sign in again, circuit open); shown more insistently where the OS can. */
  urgency: 'normal' | 'critical';
}

export interface Notifier {
  /** Fire and forget: a system without notifications simply shows nothing (the Dashboard still has it). */
  notify(n: Notification): void;
}

export interface TrayState {
  syncEnabled: boolean;
  syncing: boolean;
  /** One line for a person, e.g. "Syncing… 12 of 40" or "Last sync 14:05 — 3 new posts". */
  statusLine: string;
}

export type TrayAction = { type: 'set-sync-enabled'; enabled: boolean } | { type: 'sync-now' } | { type: 'open' } | { type: 'quit' };

/** The system-tray icon and its menu: sync on/off toggle, status line, "Sync now", open, quit (SPEC §9). */
export interface TrayPort {
  update(state: TrayState): void;
  onAction(listener: (a: TrayAction) => void): () => void;
  destroy(): void;
}
