import { useEffect } from 'react';
import { useStore } from 'zustand';
import { Empty, ErrorBox, formatTime, Loading, PLATFORM_LABEL } from '../components/States';
import { useStores } from '../stores/AppStores';

export function AccountsPage() {
  const { accounts } = useStores();
  const { items, error, testing, results, load, test } = useStore(accounts);
  useEffect(() => void load(), [load]);
  if (error) return <ErrorBox message={error} onRetry={() => void load()} />;
  if (!items) return <Loading what="your accounts" />;
  return (
    <section aria-labelledby="acc-title">
      <h1 id="acc-title">Accounts</h1>
      {items.length === 0 ? (
        <Empty title="No accounts yet.">Add your X and Bluesky accounts with the command line for now: chirpsyncer accounts add.</Empty>
      ) : (
        <ul className="accounts">
          {items.map((a) => {
            const r = results[a.id];
            return (
              <li key={a.id} className="card account">
                <div>
                  <p className="account-name">
                    <span className={`badge badge-${a.platform}`}>{PLATFORM_LABEL[a.platform]}</span> @{a.handle}
                  </p>
                  <p className="muted">
                    {a.displayName ?? ''} {a.serviceUrl ? `· ${a.serviceUrl}` : ''} {a.hasCredentials ? '' : '· no sign-in stored'}
                  </p>
                  {r && (
                    <p className={r.ok ? 'notice notice-ok' : 'notice notice-error'} role="status">
                      {r.message}
                      {'checkedAt' in r ? <span className="muted"> (checked {formatTime(r.checkedAt)})</span> : null}
                    </p>
                  )}
                </div>
                <button type="button" onClick={() => void test(a.id)} disabled={testing[a.id]}>
                  {testing[a.id] ? 'Testing…' : 'Test connection'}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
