/** Whether this page may use the app: desktop (always) or a signed-in browser (web mode). */
import { createStore } from 'zustand/vanilla';
import type { SessionInfo } from '../../src-shared/ipc/contract';
import { messageOf, type ChirpClient } from '../ipc/client';

export interface SessionState {
  info: SessionInfo | null;
  loading: boolean;
  error: string | null;
  signingIn: boolean;
  check(): Promise<void>;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** A request came back "not signed in": forget the session so the sign-in page shows. */
  signedOut(): void;
}

export const createSessionStore = (client: ChirpClient) =>
  createStore<SessionState>((set) => ({
    info: null,
    loading: true,
    error: null,
    signingIn: false,
    async check() {
      set({ loading: true, error: null });
      try {
        const info = await client.call('auth/session', {});
        client.setCsrf(info.mode === 'web' && info.signedIn ? info.csrfToken : null);
        set({ info, loading: false });
      } catch (e) {
        set({ loading: false, error: messageOf(e) });
      }
    },
    async login(username, password) {
      set({ signingIn: true, error: null });
      try {
        const r = await client.call('auth/login', { username, password });
        client.setCsrf(r.csrfToken);
        set({ signingIn: false, info: { mode: 'web', signedIn: true, user: r.user, expiresAt: r.expiresAt, csrfToken: r.csrfToken ?? '' } });
      } catch (e) {
        set({ signingIn: false, error: messageOf(e) });
      }
    },
    async logout() {
      try {
        await client.call('auth/logout', {});
      } finally {
        client.setCsrf(null);
        set({ info: { mode: 'web', signedIn: false }, error: null });
      }
    },
    signedOut() {
      client.setCsrf(null);
      set({ info: { mode: 'web', signedIn: false }, error: 'Your session ended. Sign in again.' });
    },
  }));

export type SessionStore = ReturnType<typeof createSessionStore>;
