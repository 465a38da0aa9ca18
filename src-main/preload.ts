/**
 * Runs in the sandboxed preload of the app window and gives the page exactly one frozen object,
 * `window.chirp` (STYLE.md §6). The page never sees `ipcRenderer`: `invoke` only forwards contract
 * channels and `on` only contract events, so a compromised page cannot reach other IPC channels.
 * Bundled to dist-electron/preload.cjs (a sandboxed preload cannot load other files).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { ErrorCode } from '../src-shared/errors';
import { ELECTRON_EVENT_CHANNEL, isChannel, isEventName, type ChirpBridge, type EventName, type PushEvent } from '../src-shared/ipc/contract';
import { errorEnvelope } from '../src-shared/ipc/envelope';

const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

ipcRenderer.on(ELECTRON_EVENT_CHANNEL, (_event, msg: PushEvent) => {
  if (!msg || !isEventName(msg.name)) return;
  for (const cb of listeners.get(msg.name) ?? []) cb(msg.payload);
});

const bridge: ChirpBridge = Object.freeze({
  invoke(channel, req) {
    if (!isChannel(channel)) {
      return Promise.resolve(errorEnvelope({ code: ErrorCode.InvalidInput, message: `There is no request channel named "${String(channel).slice(0, 80)}".`, details: { field: 'channel' } }));
    }
    return ipcRenderer.invoke(channel, req);
  },
  on(event, cb) {
    if (!isEventName(event)) throw new TypeError(`There is no event named "${String(event).slice(0, 80)}".`);
    if (typeof cb !== 'function') throw new TypeError('on(event, callback) needs a function.');
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    const wrapped = cb as (payload: unknown) => void;
    set.add(wrapped);
    return () => void set.delete(wrapped);
  },
} satisfies ChirpBridge);

contextBridge.exposeInMainWorld('chirp', bridge);
