/** Accounts, run history and the post index: lists that mirror what main owns. */
import { createStore } from 'zustand/vanilla';
import type { AccountSummary, AccountTestResult, PostSummary, SyncRunSummary } from '../../src-shared/ipc/contract';
import type { Platform } from '../../src-shared/domain/post';
import { messageOf, type ChirpClient } from '../ipc/client';

type OnError = (e: unknown) => void;

export interface AccountsState {
  items: AccountSummary[] | null;
  error: string | null;
  testing: Record<number, boolean>;
  results: Record<number, AccountTestResult | { ok: false; message: string }>;
  load(): Promise<void>;
  test(accountId: number): Promise<void>;
}

export const createAccountsStore = (client: ChirpClient, onError: OnError) =>
  createStore<AccountsState>((set, get) => ({
    items: null,
    error: null,
    testing: {},
    results: {},
    async load() {
      set({ error: null });
      try {
        set({ items: await client.call('accounts/list', {}) });
      } catch (e) {
        onError(e);
        set({ error: messageOf(e) });
      }
    },
    async test(accountId) {
      set({ testing: { ...get().testing, [accountId]: true } });
      let result: AccountsState['results'][number];
      try {
        result = await client.call('accounts/test', { accountId });
      } catch (e) {
        onError(e);
        result = { ok: false, message: messageOf(e) };
      }
      set({ testing: { ...get().testing, [accountId]: false }, results: { ...get().results, [accountId]: result } });
    },
  }));

export interface RunsState {
  items: SyncRunSummary[] | null;
  error: string | null;
  load(): Promise<void>;
}

export const createRunsStore = (client: ChirpClient, onError: OnError) =>
  createStore<RunsState>((set) => ({
    items: null,
    error: null,
    async load() {
      set({ error: null });
      try {
        set({ items: await client.call('sync/list-runs', { limit: 100 }) });
      } catch (e) {
        onError(e);
        set({ error: messageOf(e) });
      }
    },
  }));

export const POST_PAGE = 200;

export interface PostsState {
  platform: Platform | null;
  items: PostSummary[];
  total: number | null;
  loadingMore: boolean;
  done: boolean;
  error: string | null;
  setPlatform(p: Platform | null): Promise<void>;
  /** Loads the next (older) page; a no-op while one is loading or when all are loaded. */
  loadMore(): Promise<void>;
}

export const createPostsStore = (client: ChirpClient, onError: OnError) =>
  createStore<PostsState>((set, get) => ({
    platform: null,
    items: [],
    total: null,
    loadingMore: false,
    done: false,
    error: null,
    async setPlatform(platform) {
      set({ platform, items: [], total: null, done: false, error: null, loadingMore: false });
      await get().loadMore();
    },
    async loadMore() {
      const s = get();
      if (s.loadingMore || s.done) return;
      set({ loadingMore: true, error: null });
      const last = s.items[s.items.length - 1];
      try {
        const page = await client.call('posts/list', {
          limit: POST_PAGE,
          ...(s.platform ? { platform: s.platform } : {}),
          ...(last ? { before: { createdAt: last.createdAt, rowId: last.rowId } } : {}),
        });
        if (get().platform !== s.platform) return; // the filter changed while this page was loading
        set({ items: [...get().items, ...page.items], total: page.total, done: page.nextCursor === null, loadingMore: false });
      } catch (e) {
        onError(e);
        set({ loadingMore: false, error: messageOf(e) });
      }
    },
  }));
