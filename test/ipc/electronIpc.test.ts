import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src-shared/errors';
import { CHANNELS } from '../../src-shared/ipc/contract';
import { isAppFrame, registerIpc, type IpcMainLike } from '../../src-main/ipc/electronIpc';
import { createDispatch } from '../../src-main/ipc/registerHandlers';
import { silentLogger } from '../../src-main/util/logger';
import { FakeServices } from '../support/fakeServices';

// The event type comes through IpcMainLike, so this test needs no electron import (lint rule).
type Listener = Parameters<IpcMainLike['handle']>[1];
type IpcMainInvokeEvent = Parameters<Listener>[0];

class IpcMainTwin implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, frame: { url: string; parent: unknown } | null, req: unknown): Promise<unknown> {
    return this.handlers.get(channel)!({ senderFrame: frame } as unknown as IpcMainInvokeEvent, req);
  }
}

const appFrame = { url: 'app://chirpsyncer/index.html', parent: null };

describe('registerIpc', () => {
  it('registers every contract channel and removes them again', () => {
    const ipc = new IpcMainTwin();
    const off = registerIpc(ipc, createDispatch({ services: new FakeServices(), logger: silentLogger }), silentLogger);
    expect([...ipc.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    off();
    expect(ipc.handlers.size).toBe(0);
  });

  it('answers the app page through dispatch in desktop mode (no sign-in needed)', async () => {
    const ipc = new IpcMainTwin();
    const fake = new FakeServices();
    registerIpc(ipc, createDispatch({ services: fake, logger: silentLogger }), silentLogger);
    expect(await ipc.invoke('auth/session', appFrame, {})).toEqual({ ok: true, value: { mode: 'desktop' } });
    expect(await ipc.invoke('sync/set-enabled', appFrame, { enabled: false })).toEqual({ ok: true, value: { syncEnabled: false } });
    expect(await ipc.invoke('sync/set-enabled', appFrame, { enabled: 'no' })).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidInput, details: { field: 'enabled' } } });
  });

  it.each([
    ['a web page the window navigated to', { url: 'https://evil.example/', parent: null }],
    ['an embedded frame of the app', { url: 'app://chirpsyncer/index.html', parent: {} }],
    ['a file:// page', { url: 'file:///tmp/x.html', parent: null }],
    ['a look-alike host', { url: 'app://chirpsyncer.evil/index.html', parent: null }],
    ['no frame (already gone)', null],
  ])('refuses %s without reaching a service', async (_label, frame) => {
    const ipc = new IpcMainTwin();
    const fake = new FakeServices();
    registerIpc(ipc, createDispatch({ services: fake, logger: silentLogger }), silentLogger);
    expect(await ipc.invoke('app/get-status', frame, {})).toMatchObject({ ok: false, error: { code: ErrorCode.Unauthorized } });
    expect(fake.calls).toEqual([]);
  });

  it('isAppFrame accepts only the top-level app origin', () => {
    expect(isAppFrame(appFrame as never)).toBe(true);
    expect(isAppFrame({ url: 'not a url', parent: null } as never)).toBe(false);
  });
});
