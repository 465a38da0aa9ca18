/** Creates the per-domain stores once per page and hands them to components through context. */
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { isSignedOutError, type ChirpClient } from '../ipc/client';
import { createAccountsStore, createPostsStore, createRunsStore } from './listStores';
import { createSessionStore } from './sessionStore';
import { createSyncStore } from './syncStore';

export function createAppStores(client: ChirpClient) {
  const session = createSessionStore(client);
  // Any request answered "not signed in" sends the page back to the sign-in screen.
  const onError = (e: unknown) => {
    if (isSignedOutError(e) && client.mode === 'web') session.getState().signedOut();
  };
  return {
    client,
    session,
    sync: createSyncStore(client, onError),
    accounts: createAccountsStore(client, onError),
    runs: createRunsStore(client, onError),
    posts: createPostsStore(client, onError),
  };
}

export type AppStores = ReturnType<typeof createAppStores>;

const Ctx = createContext<AppStores | null>(null);

export function AppStoresProvider({ client, children }: { client: ChirpClient; children: ReactNode }) {
  const stores = useMemo(() => createAppStores(client), [client]);
  return <Ctx.Provider value={stores}>{children}</Ctx.Provider>;
}

export function useStores(): AppStores {
  const s = useContext(Ctx);
  if (!s) throw new Error('useStores() needs <AppStoresProvider> above it.');
  return s;
}

/** The one subscription to push events, at the root (STYLE.md §18). */
export function usePushEvents(enabled: boolean): void {
  const { client, sync, runs } = useStores();
  useEffect(() => {
    if (!enabled) return;
    const offs = [
      client.on('sync/progress', (p) => sync.getState().onProgress(p)),
      client.on('sync/finished', (f) => {
        sync.getState().onFinished(f);
        if (runs.getState().items) void runs.getState().load();
      }),
      client.on('app/status-changed', () => void sync.getState().load()),
    ];
    return () => offs.forEach((off) => off());
  }, [client, sync, runs, enabled]);
}
