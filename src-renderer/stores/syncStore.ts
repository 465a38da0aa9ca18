/** Dashboard state: the main-owned status plus live progress from push events. */
import { createStore } from 'zustand/vanilla';
import type { AppStatus, SyncDirection, SyncFinishedEvent, SyncProgressEvent } from '../../src-shared/ipc/contract';
import { messageOf, type ChirpClient } from '../ipc/client';

export interface SyncState {
  status: AppStatus | null;
  loading: boolean;
  error: string | null;
  /** Latest progress per direction of the running sync. */
  progress: Partial<Record<SyncDirection, SyncProgressEvent>>;
  lastFinished: SyncFinishedEvent | null;
  /** A problem with the last button press (e.g. "already running"), shown next to the buttons. */
  actionError: string | null;
  load(): Promise<void>;
  syncNow(): Promise<void>;
  cancel(): Promise<void>;
  onProgress(p: SyncProgressEvent): void;
  onFinished(f: SyncFinishedEvent): void;
}

export const createSyncStore = (client: ChirpClient, onError: (e: unknown) => void = () => undefined) =>
  createStore<SyncState>((set, get) => ({
    status: null,
    loading: false,
    error: null,
    progress: {},
    lastFinished: null,
    actionError: null,
    async load() {
      set({ loading: get().status === null, error: null });
      try {
        set({ status: await client.call('app/get-status', {}), loading: false });
      } catch (e) {
        onError(e);
        set({ loading: false, error: messageOf(e) });
      }
    },
    async syncNow() {
      set({ actionError: null, lastFinished: null, progress: {} });
      const s = get().status;
      if (s) set({ status: { ...s, syncState: 'running' } });
      try {
        await client.call('sync/run', {});
      } catch (e) {
        onError(e);
        set({ actionError: messageOf(e) });
      }
      await get().load();
    },
    async cancel() {
      try {
        await client.call('sync/cancel', {});
      } catch (e) {
        onError(e);
        set({ actionError: messageOf(e) });
      }
      await get().load();
    },
    onProgress(p) {
      const s = get().status;
      set({ progress: { ...get().progress, [p.direction]: p }, status: s && s.syncState === 'idle' ? { ...s, syncState: 'running' } : s });
    },
    onFinished(f) {
      set({ lastFinished: f, progress: {} });
      void get().load();
    },
  }));

export type SyncStore = ReturnType<typeof createSyncStore>;
