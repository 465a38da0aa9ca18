/** Plain-language lines for the migrate command: warnings before it starts, progress, the final report. */
import type { MigrationProgress, MigrationReport } from './types';

const fmt = (n: number) => n.toLocaleString('en-US');

export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.max(0, Math.round(ms / 1000))} s`;
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
}

/** Said before a migration starts (SPEC §3 "explain Bluesky's 'archived from' label before starting"). */
export const MIGRATION_WARNINGS: readonly string[] = [
  'Before you start:',
  '- Posts keep their original dates. Bluesky shows posts dated in the past with an "archived from …" label and says it cannot verify the date.',
  '- Publishing many posts in a short time can get an account labelled as spam. For a big archive, consider a dedicated Bluesky account, and keep the pace well below Bluesky\'s limit (the default is 1,000 posts per hour).',
  '- Archives hold no alt text: images are posted without descriptions.',
];

export function formatProgress(p: MigrationProgress, bar: boolean): string {
  const pct = p.total ? Math.floor((p.done / p.total) * 100) : 100;
  const rate = p.ratePerHour === null ? '' : ` · ${fmt(p.ratePerHour)}/h`;
  const eta = p.etaMs === null || p.done >= p.total ? '' : ` · about ${formatDuration(p.etaMs)} left`;
  const failed = p.failed ? ` · ${fmt(p.failed)} failed` : '';
  const waiting = p.phase === 'waiting' ? ' · pacing' : '';
  const counts = `${fmt(p.done)}/${fmt(p.total)} records${rate}${eta}${failed}${waiting}`;
  if (!bar) return `Migrating: ${pct}% (${counts})`;
  const filled = Math.round(pct / 5);
  return `[${'#'.repeat(filled)}${'-'.repeat(20 - filled)}] ${String(pct).padStart(3)}%  ${counts}`;
}

/** Prints progress at most once per `step` percent (and when pacing starts), so logs stay short. */
export function progressPrinter(out: (l: string) => void, isTty: boolean): (p: MigrationProgress) => void {
  const step = isTty ? 2 : 10;
  let last = -1;
  let lastPhase: MigrationProgress['phase'] | null = null;
  return (p) => {
    const bucket = p.total ? Math.floor((p.done / p.total) * (100 / step)) : 0;
    const phaseChanged = p.phase === 'waiting' && lastPhase !== 'waiting';
    lastPhase = p.phase;
    if (bucket === last && !phaseChanged) return;
    last = bucket;
    out(formatProgress(p, isTty));
  };
}

const MAX_LISTED = 20;

function listed(items: { sourceId: string; text: string }[], out: string[]): void {
  for (const i of items.slice(0, MAX_LISTED)) out.push(`  ${i.sourceId}: ${i.text}`);
  if (items.length > MAX_LISTED) out.push(`  … and ${fmt(items.length - MAX_LISTED)} more.`);
}

export function formatMigrationReport(r: MigrationReport): string[] {
  const lines = [`Migrated ${fmt(r.migrated.records)} Bluesky records (${fmt(r.migrated.units)} posts) in ${formatDuration(r.durationMs)}${r.sleptMs ? `, ${formatDuration(r.sleptMs)} of it pacing` : ''}.`];
  if (r.alreadyDone.units) lines.push(`Already on Bluesky from earlier runs: ${fmt(r.alreadyDone.units)} posts.`);
  if (r.skipped.length) {
    const by = new Map<string, number>();
    for (const s of r.skipped) by.set(s.reason, (by.get(s.reason) ?? 0) + 1);
    lines.push(`Skipped ${fmt(r.skipped.length)}: ${[...by].map(([k, n]) => `${fmt(n)} ${k.replace(/_/g, ' ')}`).join(', ')}.`);
  }
  if (r.failed.length) {
    lines.push(`Failed ${fmt(r.failed.length)} (not published; run the migration again after fixing the cause):`);
    listed(r.failed.map((f) => ({ sourceId: f.sourceId, text: f.reason })), lines);
  }
  if (r.notes.length) {
    lines.push('Notes:');
    listed(r.notes.map((n) => ({ sourceId: n.sourceId, text: n.message })), lines);
  }
  if (r.stopReason) lines.push(`${r.status === 'daily_cap' ? 'Paused' : 'Stopped'}: ${r.stopReason}`);
  if (r.remaining.units) lines.push(`Left to do: ${fmt(r.remaining.units)} posts (${fmt(r.remaining.records)} records). Run \`chirpsyncer migrate --yes\` again to continue where it stopped.`);
  return lines;
}
