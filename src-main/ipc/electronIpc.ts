/**
 * Electron transport: one `ipcMain.handle` per contract channel, all going through `dispatch`.
 * Before dispatching, the sender frame must be the app's own top-level page (app://chirpsyncer):
 * a frame that navigated elsewhere, or an embedded one, gets nothing (Electron security checklist,
 * "validate the sender of all IPC messages").
 */
import type { IpcMainInvokeEvent } from 'electron';
import { ErrorCode } from '../../src-shared/errors';
import { CHANNELS } from '../../src-shared/ipc/contract';
import { errorEnvelope } from '../../src-shared/ipc/envelope';
import type { Logger } from '../util/logger';
import type { DispatchContext } from './handlers';
import type { Dispatch } from './registerHandlers';

export const APP_ORIGIN = 'app://chirpsyncer';

/** The part of `ipcMain` this module uses, so tests can pass a twin. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

type SenderFrame = Pick<NonNullable<IpcMainInvokeEvent['senderFrame']>, 'url' | 'parent'> | null;

export function isAppFrame(frame: SenderFrame): boolean {
  if (!frame || frame.parent) return false;
  try {
    const u = new URL(frame.url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

const DESKTOP_CTX: DispatchContext = { transport: 'ipc', address: 'local', user: null, sessionToken: null, csrfToken: null };

/** Registers every channel; returns a function that removes them again (window reload in dev, tests). */
export function registerIpc(ipcMain: IpcMainLike, dispatch: Dispatch, logger: Logger): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, req) => {
      if (!isAppFrame(event.senderFrame)) {
        logger.warn('ipc refused: sender is not the app page', { channel, url: event.senderFrame?.url?.slice(0, 200) ?? null });
        return errorEnvelope({ code: ErrorCode.Unauthorized, message: 'This page is not part of ChirpSyncer and cannot use it.' });
      }
      return dispatch(channel, req, DESKTOP_CTX);
    });
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}
