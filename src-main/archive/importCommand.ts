/**
 * The pieces `chirpsyncer import <zip-or-folder>` needs (wired by src-main/cli.ts): pick or bind the
 * target X account from the archive's account.js, run the import with progress lines, print the
 * report. Output goes through `out` so the CLI, tests and the server can each decide where lines go.
 */
import path from 'node:path';
import { AppError, ErrorCode, isAppError } from '../../src-shared/errors';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import { type ArchiveAccount, readAccount } from './archiveFiles';
import { findLayout } from './archiveLayout';
import { importArchive, type ImportProgress, type ImportReport, type ImportStore } from './importArchive';
import { openArchiveSource } from './openArchiveSource';
import type { MigrationPlan, MigrationSourcePost } from './simulateMigration';

/** Reads only account.js: whose archive is this? (No scan; cheap even for big archives.) */
export async function peekArchiveAccount(input: string): Promise<ArchiveAccount> {
  const source = await openArchiveSource(input);
  try {
    const layout = findLayout(source.names());
    if (!layout) {
      throw new AppError(ErrorCode.InvalidInput, `${path.basename(source.path)} holds no X archive data files (no account.js, tweets.js or tweet.js). Choose the ZIP from X's "Download your data" or its unpacked folder.`, { path: source.path });
    }
    return await readAccount(source, layout);
  } finally {
    await source.close();
  }
}

export interface TargetStore extends ImportStore {
  accounts: ImportStore['accounts'] & {
    getByRemote(profileId: number, platform: 'x', remoteId: string): { id: number } | null;
    upsert(a: { profileId: number; platform: 'x'; handle: string; remoteId: string; displayName?: string | null }): { id: number };
  };
}

/**
 * The account to import into: the given id, or the profile's X account with the archive's user id,
 * created from account.js when the person has not linked X yet (an archive needs no login).
 */
export function resolveImportTarget(store: TargetStore, profileId: number, archive: ArchiveAccount, accountId?: number): { accountId: number; created: boolean } {
  if (accountId !== undefined) return { accountId, created: false };
  const existing = store.accounts.getByRemote(profileId, 'x', archive.accountId);
  if (existing) return { accountId: existing.id, created: false };
  const made = store.accounts.upsert({ profileId, platform: 'x', handle: archive.username, remoteId: archive.accountId, displayName: archive.displayName });
  return { accountId: made.id, created: true };
}

const fmt = (n: number) => n.toLocaleString('en-US');

export function formatImportReport(r: ImportReport): string[] {
  const c = r.counts;
  const lines = [
    `Archive of @${r.archiveAccount.username} (${r.source.kind} ${r.source.path})${r.legacyFormat ? ', older tweet.js format' : ''}`,
    `Read ${fmt(c.read)} posts: ${fmt(c.byKind.post)} posts/threads, ${fmt(c.byKind.reply)} replies, ${fmt(c.byKind.repost)} retweets, ${fmt(c.deleted)} deleted.`,
    `Stored: ${fmt(c.inserted)} new, ${fmt(c.updated)} updated, ${fmt(c.unchanged)} unchanged${c.markedDeleted ? `, ${fmt(c.markedDeleted)} marked deleted` : ''}.`,
    `Media: ${fmt(c.media)} items, ${fmt(c.mediaMissing)} missing from the archive. Long posts completed from note-tweet.js: ${fmt(c.notesMatched)}.`,
  ];
  if (!r.manifestChecked) lines.push('The archive has no manifest.js, so counts could not be compared with what X says it exported.');
  if (r.differences.length === 0 && r.status === 'ok') lines.push('Reconciliation: everything read was stored and matches the manifest.');
  for (const d of r.differences) lines.push(`Difference: ${d.message}`);
  if (r.error) lines.push(`Stopped: ${r.error.message}`);
  return lines;
}

export interface RunImportCommandOptions {
  input: string;
  store: TargetStore;
  profileId: number;
  dataDir: string;
  /** Import into this account id; default: the X account of the archive's owner (created if needed). */
  accountId?: number;
  out: (line: string) => void;
  json?: boolean;
  logger?: Logger;
  clock?: Clock;
  signal?: AbortSignal;
}

/** Runs an import for the CLI. Exit code: 0 imported (differences are printed), 1 refused or failed. */
export async function runImportCommand(o: RunImportCommandOptions): Promise<number> {
  try {
    const archive = await peekArchiveAccount(o.input);
    const target = resolveImportTarget(o.store, o.profileId, archive, o.accountId);
    if (target.created && !o.json) o.out(`Added X account @${archive.username} (${archive.accountId}) for this archive.`);
    let lastPhase = '';
    let lastTenth = -1;
    const onProgress = (p: ImportProgress) => {
      if (o.json) return;
      // At most one line per file while scanning and per 10 % while importing.
      const tenth = p.total ? Math.floor((p.done / p.total) * 10) : 0;
      if (p.phase === 'scanning') o.out(`Checking ${p.file ?? ''} (${p.done}/${p.total})`);
      else if (p.phase === 'importing' && (tenth !== lastTenth || lastPhase !== p.phase)) o.out(`Importing: ${fmt(p.done)} of ${fmt(p.total)} posts`);
      lastPhase = p.phase;
      lastTenth = tenth;
    };
    const report = await importArchive({ input: o.input, accountId: target.accountId, store: o.store, dataDir: o.dataDir, logger: o.logger, clock: o.clock, signal: o.signal, onProgress });
    if (o.json) o.out(JSON.stringify(report));
    else for (const line of formatImportReport(report)) o.out(line);
    return 0;
  } catch (err) {
    const payload = isAppError(err) ? err.toPayload() : { code: ErrorCode.Internal, message: err instanceof Error ? err.message : String(err) };
    o.out(o.json ? JSON.stringify({ ok: false, error: payload }) : `Import failed: ${payload.message}`);
    return 1;
  }
}

/** Pages the whole index of an account (deleted posts included) for simulateMigration. */
export function loadIndexedPosts(
  posts: { listByAccount(accountId: number, o: { limit: number; before?: { createdAt: number; rowId: number }; includeDeleted?: boolean }): (MigrationSourcePost & { rowId: number })[] },
  accountId: number,
): MigrationSourcePost[] {
  const out: MigrationSourcePost[] = [];
  let before: { createdAt: number; rowId: number } | undefined;
  for (;;) {
    const page = posts.listByAccount(accountId, { limit: 1000, before, includeDeleted: true });
    out.push(...page);
    const last = page[page.length - 1];
    if (!last || page.length < 1000) return out;
    before = { createdAt: last.createdAt, rowId: last.rowId };
  }
}

export function formatMigrationPlan(plan: MigrationPlan): string[] {
  const c = plan.counts;
  const hours = plan.eta.durationMs / 3_600_000;
  const lines = [
    `Would publish ${fmt(c.units)} posts as ${fmt(c.creates)} Bluesky records: ${fmt(c.posts)} single posts, ${fmt(c.threads)} threads with ${fmt(c.threadContinuations)} continuations.`,
    `Quotes: ${fmt(c.quotesNative)} as Bluesky quotes, ${fmt(c.quotesAsLink)} as links. ${fmt(c.needSplit)} long posts split (${fmt(c.extraParts)} extra parts).`,
    `Media: ${fmt(c.media)} items (${fmt(c.mediaNeedReencode)} images to re-encode, ${fmt(c.mediaMissing)} not in the archive), ${fmt(c.mediaDropped)} left out (${fmt(c.videosOverLimit)} videos over the limits).`,
  ];
  const skipped = Object.entries(c.skipped).filter(([, n]) => n > 0);
  lines.push(skipped.length ? `Skipped: ${skipped.map(([k, n]) => `${fmt(n)} ${k.replace(/_/g, ' ')}`).join(', ')}.` : 'Skipped: none.');
  lines.push(`Time at ${fmt(plan.eta.createsPerHour)} posts/hour: about ${hours < 1 ? `${Math.ceil(hours * 60)} minutes` : `${hours.toFixed(1)} hours`}.`);
  lines.push('Bluesky shows backdated posts with an "archived from" label and cannot verify their dates; archives hold no alt text.');
  return lines;
}
