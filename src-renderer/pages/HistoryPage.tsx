import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { RunStatus } from '../../src-shared/ipc/contract';
import { DIRECTION_LABEL, Empty, ErrorBox, formatTime, Loading } from '../components/States';
import { useStores } from '../stores/AppStores';

const STATUS_LABEL: Record<RunStatus, string> = {
  running: 'Running',
  ok: 'Done',
  partial: 'Done, some failed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted (the app stopped)',
};

export function HistoryPage() {
  const { runs } = useStores();
  const { items, error, load } = useStore(runs);
  useEffect(() => void load(), [load]);
  if (error) return <ErrorBox message={error} onRetry={() => void load()} />;
  if (!items) return <Loading what="the sync history" />;
  return (
    <section aria-labelledby="hist-title">
      <h1 id="hist-title">Sync history</h1>
      {items.length === 0 ? (
        <Empty title="No syncs yet.">When a sync has run, each run shows up here with what it copied.</Empty>
      ) : (
        <table className="runs">
          <thead>
            <tr>
              <th>Started</th>
              <th>Direction</th>
              <th>Result</th>
              <th>New posts</th>
              <th>Skipped</th>
              <th>Failed</th>
              <th>Took</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} data-status={r.status}>
                <td>{formatTime(r.startedAt)}</td>
                <td>{DIRECTION_LABEL[r.direction]}</td>
                <td>
                  {STATUS_LABEL[r.status]}
                  {r.error && <div className="muted">{r.error}</div>}
                </td>
                <td>{r.created}</td>
                <td>{r.skipped}</td>
                <td>{r.failed}</td>
                <td>{r.durationMs === null ? '—' : `${Math.max(1, Math.round(r.durationMs / 1000))} s`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
