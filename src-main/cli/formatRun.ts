import type { RunReport } from '../sync/SyncEngine';

const NAMES = { 'x-to-bsky': 'X → Bluesky', 'bsky-to-x': 'Bluesky → X' } as const;

/** A run report as lines for a person: counts first, then what needs attention. */
export function formatRun(r: RunReport): string[] {
  const lines: string[] = [];
  if (!r.directions.length) lines.push('Nothing to do: both sync directions are turned off in the settings.');
  for (const d of r.directions) {
    const head = `${NAMES[d.direction]}: ${d.status === 'ok' ? 'ok' : d.status.toUpperCase()} — fetched ${d.fetched}, created ${d.created}, skipped ${d.skipped}, failed ${d.failed}, waiting ${d.deferred + d.unknown}`;
    lines.push(head);
    if (d.crossDeleted) lines.push(`  deleted ${d.crossDeleted} cop${d.crossDeleted === 1 ? 'y' : 'ies'} whose original was deleted (cross-delete)`);
    if (d.error) lines.push(`  stopped: ${d.error}`);
    for (const f of d.failures.slice(0, 10)) lines.push(`  failed ${f.sourceId}: ${f.error}${f.poisoned ? ' (gave up; fix it and retry from the app)' : ' (will retry)'}`);
    for (const n of d.notes.slice(0, 10)) lines.push(`  note ${n.sourceId}: ${n.message}`);
    if (d.unknown) lines.push(`  ${d.unknown} post(s) had an unknown outcome; the next run checks the target before retrying.`);
  }
  return lines;
}
