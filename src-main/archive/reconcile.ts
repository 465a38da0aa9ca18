/**
 * Reconciliation (SPEC §3 "Reconcile counts and report any difference"): posts read vs. what
 * manifest.js says X exported vs. rows stored. Every mismatch becomes one `Difference` a person can
 * read; nothing is silently dropped.
 */
import type { MapIssue } from './mapTweet';
import type { ArchiveMeta } from './readArchive';

export type DifferenceKind =
  | 'manifest_account'
  | 'manifest_file_count'
  | 'manifest_file_missing'
  | 'file_not_in_manifest'
  | 'duplicate_ids'
  | 'invalid_entries'
  | 'stored_mismatch'
  | 'rows_delta_mismatch'
  | 'notes_unmatched'
  | 'note_missing'
  | 'media_missing';

export interface Difference {
  kind: DifferenceKind;
  message: string;
  file?: string;
  expected?: number;
  actual?: number;
  /** Post / note ids concerned (at most 100). */
  ids?: string[];
}

export interface WriteCounts {
  /** Posts handed to the store (tweets + deleted tweets, duplicates removed). */
  handed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rowsBefore: number;
  rowsAfter: number;
}

const LIST_MAX = 100;
const ids = (list: readonly string[]) => list.slice(0, LIST_MAX);

function manifestDifferences(meta: ArchiveMeta): Difference[] {
  const m = meta.manifest;
  if (!m) return [];
  const out: Difference[] = [];
  if (m.accountId && m.accountId !== meta.account.accountId) {
    out.push({ kind: 'manifest_account', message: `manifest.js names account ${m.accountId} but account.js names ${meta.account.accountId}.` });
  }
  const read = meta.scan.entriesPerFile;
  for (const [file, expected] of Object.entries(m.perFile)) {
    const actual = read[file];
    if (actual === undefined) {
      // Only data files we read are checked; the manifest also lists likes, DMs and so on.
      const ours = /(^|\/)(tweets?|note-tweets?|deleted-tweets?)(-part\d+)?\.js$/.test(file);
      if (ours) out.push({ kind: 'manifest_file_missing', file, expected, actual: 0, message: `manifest.js lists ${file} with ${expected} entries, but the archive has no such file.` });
    } else if (actual !== expected) {
      out.push({ kind: 'manifest_file_count', file, expected, actual, message: `${file}: manifest.js says ${expected} entries, the file holds ${actual}.` });
    }
  }
  for (const [file, actual] of Object.entries(read)) {
    if (m.perFile[file] === undefined) out.push({ kind: 'file_not_in_manifest', file, actual, message: `${file} (${actual} entries) is not listed in manifest.js.` });
  }
  return out;
}

function readDifferences(meta: ArchiveMeta, issues: readonly MapIssue[], unmatchedNotes: readonly string[]): Difference[] {
  const out: Difference[] = [];
  const s = meta.scan;
  if (s.duplicateCount > 0) {
    out.push({ kind: 'duplicate_ids', actual: s.duplicateCount, ids: ids(s.duplicateIds), message: `${s.duplicateCount} post(s) appear more than once in the archive; each was stored once.` });
  }
  if (meta.invalidEntries.length > 0) {
    const first = meta.invalidEntries[0]!;
    out.push({
      kind: 'invalid_entries',
      actual: meta.invalidEntries.length,
      ids: ids(meta.invalidEntries.map((e) => e.id ?? `${e.file}#${e.index}`)),
      message: `${meta.invalidEntries.length} entr${meta.invalidEntries.length === 1 ? 'y was' : 'ies were'} skipped because they could not be read (first: ${first.file} entry ${first.index}: ${first.reason}).`,
    });
  }
  if (unmatchedNotes.length > 0) {
    out.push({ kind: 'notes_unmatched', actual: unmatchedNotes.length, ids: ids(unmatchedNotes), message: `${unmatchedNotes.length} long-post text(s) in note-tweet.js matched no post; they were not imported.` });
  }
  const noteMissing = issues.filter((i) => i.kind === 'note_missing').map((i) => i.postId);
  if (noteMissing.length > 0) {
    out.push({ kind: 'note_missing', actual: noteMissing.length, ids: ids(noteMissing), message: `${noteMissing.length} post(s) look cut off ("…") and no full text was found in note-tweet.js; the cut text was stored.` });
  }
  const mediaMissing = issues.filter((i) => i.kind === 'media_missing');
  if (mediaMissing.length > 0) {
    out.push({ kind: 'media_missing', actual: mediaMissing.length, ids: ids([...new Set(mediaMissing.map((i) => i.postId))]), message: `${mediaMissing.length} media file(s) are missing from the archive; those posts were stored with the media's web address only.` });
  }
  return out;
}

function storeDifferences(w: WriteCounts): Difference[] {
  const out: Difference[] = [];
  const written = w.inserted + w.updated + w.unchanged;
  if (written !== w.handed) {
    out.push({ kind: 'stored_mismatch', expected: w.handed, actual: written, message: `${w.handed} posts were read but the store accounted for ${written}.` });
  }
  if (w.rowsAfter - w.rowsBefore !== w.inserted) {
    out.push({ kind: 'rows_delta_mismatch', expected: w.inserted, actual: w.rowsAfter - w.rowsBefore, message: `The store reported ${w.inserted} new posts but the account's row count changed by ${w.rowsAfter - w.rowsBefore}.` });
  }
  return out;
}

export function reconcile(meta: ArchiveMeta, issues: readonly MapIssue[], unmatchedNotes: readonly string[], writes: WriteCounts | null): Difference[] {
  return [...manifestDifferences(meta), ...readDifferences(meta, issues, unmatchedNotes), ...(writes ? storeDifferences(writes) : [])];
}
