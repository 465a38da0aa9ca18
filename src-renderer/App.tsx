/** The shell of the page: sign-in gate (web mode), navigation, and the current page. */
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { ErrorBox, Loading } from './components/States';
import { AccountsPage } from './pages/AccountsPage';
import { DashboardPage } from './pages/DashboardPage';
import { HistoryPage } from './pages/HistoryPage';
import { LoginPage } from './pages/LoginPage';
import { PostsPage } from './pages/PostsPage';
import { usePushEvents, useStores } from './stores/AppStores';

// Only the pages that exist are listed: the rest of SPEC §9 comes later, without dead links now.
const PAGES = {
  dashboard: { label: 'Dashboard', View: DashboardPage },
  accounts: { label: 'Accounts', View: AccountsPage },
  history: { label: 'Sync history', View: HistoryPage },
  posts: { label: 'Posts', View: PostsPage },
} as const;
type PageId = keyof typeof PAGES;

export function App() {
  const { session } = useStores();
  const { info, loading, error, check, logout } = useStore(session);
  const [page, setPage] = useState<PageId>('dashboard');
  useEffect(() => void check(), [check]);
  const ready = info?.mode === 'desktop' || (info?.mode === 'web' && info.signedIn);
  usePushEvents(ready);

  if (loading && !info) return <Loading what="ChirpSyncer" />;
  if (!info) return <ErrorBox message={error ?? 'ChirpSyncer did not answer.'} onRetry={() => void check()} />;
  if (!ready) return <LoginPage />;
  const { View } = PAGES[page];
  return (
    <div className="app">
      <nav className="nav" aria-label="Main">
        <p className="brand">ChirpSyncer</p>
        {(Object.keys(PAGES) as PageId[]).map((id) => (
          <button key={id} type="button" className="nav-item" aria-current={page === id ? 'page' : undefined} onClick={() => setPage(id)}>
            {PAGES[id].label}
          </button>
        ))}
        {info.mode === 'web' && info.signedIn && (
          <div className="nav-user">
            <p className="muted">Signed in as {info.user.username}</p>
            <button type="button" onClick={() => void logout()}>
              Sign out
            </button>
          </div>
        )}
      </nav>
      <main className="content">
        <View />
      </main>
    </div>
  );
}
