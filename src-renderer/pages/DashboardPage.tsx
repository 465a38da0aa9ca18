import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { AppStatus, SyncFinishedEvent, SyncProgressEvent } from '../../src-shared/ipc/contract';
import { DIRECTION_LABEL, ErrorBox, formatTime, Loading } from '../components/States';
import { useStores } from '../stores/AppStores';

function Progress({ items }: { items: SyncProgressEvent[] }) {
  if (items.length === 0) return <p className="muted">Starting… looking for new posts.</p>;
  return (
    <ul className="progress-list">
      {items.map((p) => (
        <li key={p.direction}>
          <span>
            {DIRECTION_LABEL[p.direction]}: {p.done} of {p.total}
          </span>
          <progress max={Math.max(1, p.total)} value={p.done} aria-label={`${DIRECTION_LABEL[p.direction]} progress`} />
        </li>
      ))}
    </ul>
  );
}

function Finished({ f }: { f: SyncFinishedEvent }) {
  const created = f.directions.reduce((n, d) => n + d.created, 0);
  const failed = f.directions.filter((d) => d.status === 'failed');
  const cancelled = f.directions.some((d) => d.status === 'cancelled');
  if (failed.length > 0) {
    return (
      <div className="notice notice-error" role="status">
        <strong>The sync finished with problems.</strong>
        {failed.map((d) => (
          <p key={d.direction}>
            {DIRECTION_LABEL[d.direction]}: {d.error ?? 'it stopped early.'}
          </p>
        ))}
      </div>
    );
  }
  return (
    <p className="notice notice-ok" role="status">
      {cancelled ? 'The sync was cancelled.' : 'Sync finished.'} {created === 0 ? 'No new posts to copy.' : `${created} new ${created === 1 ? 'post' : 'posts'} copied.`}
    </p>
  );
}

function Counts({ s }: { s: AppStatus }) {
  const cells: Array<[string, number]> = [
    ['Posts from X', s.counts.posts.x],
    ['Posts from Bluesky', s.counts.posts.bsky],
    ['Synced', s.counts.synced],
    ['Waiting to retry', s.counts.pending],
    ['Need your attention', s.counts.failed],
  ];
  return (
    <dl className="counts">
      {cells.map(([label, n]) => (
        <div key={label} className="count">
          <dt>{label}</dt>
          <dd>{n.toLocaleString()}</dd>
        </div>
      ))}
    </dl>
  );
}

export function DashboardPage() {
  const { sync } = useStores();
  const { status, loading, error, progress, lastFinished, actionError, load, syncNow, cancel } = useStore(sync);
  useEffect(() => void load(), [load]);
  if (loading) return <Loading what="the dashboard" />;
  if (error || !status) return <ErrorBox message={error ?? 'The dashboard could not be loaded.'} onRetry={() => void load()} />;
  const running = status.syncState !== 'idle';
  const last = status.lastSync;
  return (
    <section aria-labelledby="dash-title">
      <h1 id="dash-title">Dashboard</h1>
      <div className="card sync-card">
        <div className="sync-head">
          <div>
            <p className="sync-state" data-state={status.syncState}>
              {status.syncState === 'running' ? 'Syncing…' : status.syncState === 'cancelling' ? 'Stopping…' : status.syncEnabled ? 'Sync is on' : 'Sync is off'}
            </p>
            <p className="muted">
              Last sync: {last ? `${formatTime(last.finishedAt)} — ${last.ok ? `${last.created} new` : 'had problems'}` : 'not yet'} · Next sync:{' '}
              {status.syncEnabled ? formatTime(status.nextSyncAt) : 'off (turn it on in the tray)'}
            </p>
          </div>
          <div className="actions">
            {running ? (
              <button type="button" onClick={() => void cancel()} disabled={status.syncState === 'cancelling'}>
                Cancel
              </button>
            ) : (
              <button type="button" className="primary" onClick={() => void syncNow()}>
                Sync now
              </button>
            )}
          </div>
        </div>
        {running && <Progress items={Object.values(progress)} />}
        {!running && lastFinished && <Finished f={lastFinished} />}
        {actionError && (
          <p className="form-error" role="alert">
            {actionError}
          </p>
        )}
      </div>
      <Counts s={status} />
      <div className="card">
        <h2>Recent problems</h2>
        {status.recentErrors.length === 0 ? (
          <p className="muted">No problems recently.</p>
        ) : (
          <ul className="errors">
            {status.recentErrors.map((e, i) => (
              <li key={i}>
                <time>{formatTime(e.at)}</time> {e.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      <p className="footer muted">ChirpSyncer {status.version}</p>
    </section>
  );
}
