/** EventSink that pushes contract events to every open app window through the preload's channel. */
import type { BrowserWindow } from 'electron';
import { ELECTRON_EVENT_CHANNEL, type PushEvent } from '../../src-shared/ipc/contract';
import type { EventSink } from '../util/ports';

export class WindowEventSink implements EventSink {
  #windows: () => BrowserWindow[];

  constructor(windows: () => BrowserWindow[]) {
    this.#windows = windows;
  }

  emit(e: PushEvent): void {
    for (const w of this.#windows()) if (!w.isDestroyed()) w.webContents.send(ELECTRON_EVENT_CHANNEL, e);
  }
}
