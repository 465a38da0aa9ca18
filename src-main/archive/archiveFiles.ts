/**
 * The small archive files: account.js (whose archive this is), manifest.js (what X says it put in),
 * note-tweet.js (full texts of long posts). Each is read whole; they are small next to the tweet parts.
 */
import path from 'node:path';
import { AppError, ErrorCode } from '../../src-shared/errors';
import { accountEntry, describeIssues, manifest as manifestSchema, noteTweet, parseXDate } from './archiveSchemas';
import type { ArchiveLayout } from './archiveLayout';
import type { ArchiveSource } from './archiveSource';
import { NoteIndex } from './noteTweets';
import { parseYtdArray, parseYtdFile } from './ytdFile';

export interface ArchiveAccount {
  /** X user id (rest_id) of the archive's owner. */
  accountId: string;
  username: string;
  displayName: string | null;
}

/** What manifest.js claims, for the reconciliation. Null fields = the manifest does not say. */
export interface ManifestCounts {
  generatedAt: number | null;
  accountId: string | null;
  isPartial: boolean | null;
  tweets: number | null;
  deletedTweets: number | null;
  noteTweets: number | null;
  /** Entry count per data file, keyed by the file name as it appears in the archive. */
  perFile: Record<string, number>;
}

/** An entry that could not be used; it is skipped and listed in the report. */
export interface InvalidEntry {
  file: string;
  index: number;
  id: string | null;
  reason: string;
}

export async function readAccount(source: ArchiveSource, layout: ArchiveLayout): Promise<ArchiveAccount> {
  if (!layout.accountFile) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `The archive ${path.basename(source.path)} has no account.js, so we cannot tell whose posts these are. Use the complete archive from X ("Download your data"), not a part of it.`,
      { path: source.path },
    );
  }
  const { items } = parseYtdArray(await source.readText(layout.accountFile), layout.accountFile);
  const parsed = accountEntry.safeParse(items[0]);
  if (!parsed.success) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `${layout.accountFile} in the archive does not name an account (${describeIssues(parsed.error)}). Download the archive again from X.`,
      { file: layout.accountFile },
    );
  }
  const a = parsed.data.account;
  return { accountId: a.accountId, username: a.username, displayName: a.accountDisplayName ?? null };
}

const MANIFEST_TYPES: Record<string, 'tweets' | 'deletedTweets' | 'noteTweets'> = {
  tweets: 'tweets',
  tweet: 'tweets',
  deletedTweets: 'deletedTweets',
  noteTweet: 'noteTweets',
  noteTweets: 'noteTweets',
};

export async function readManifest(source: ArchiveSource, layout: ArchiveLayout): Promise<ManifestCounts | null> {
  if (!layout.manifestFile) return null;
  const file = parseYtdFile(await source.readText(layout.manifestFile), layout.manifestFile);
  const parsed = manifestSchema.safeParse(file.value);
  if (!parsed.success) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `${layout.manifestFile} in the archive has an unexpected shape (${describeIssues(parsed.error)}). Download the archive again from X.`,
      { file: layout.manifestFile },
    );
  }
  const m = parsed.data;
  const out: ManifestCounts = {
    generatedAt: m.archiveInfo?.generationDate ? parseXDate(m.archiveInfo.generationDate) : null,
    accountId: m.userInfo?.accountId ?? null,
    isPartial: m.archiveInfo?.isPartialArchive ?? null,
    tweets: null,
    deletedTweets: null,
    noteTweets: null,
    perFile: {},
  };
  for (const [type, info] of Object.entries(m.dataTypes ?? {})) {
    const key = MANIFEST_TYPES[type];
    if (!key || !info.files) continue;
    let sum = 0;
    for (const f of info.files) {
      const n = f.count ?? 0;
      sum += n;
      out.perFile[f.fileName] = n;
    }
    out[key] = (out[key] ?? 0) + sum;
  }
  return out;
}

export async function loadNotes(source: ArchiveSource, layout: ArchiveLayout, invalid: InvalidEntry[]): Promise<{ notes: NoteIndex; perFile: Record<string, number> }> {
  const notes = new NoteIndex();
  const perFile: Record<string, number> = {};
  for (const file of layout.noteFiles) {
    const { items } = parseYtdArray(await source.readText(file), file);
    perFile[file] = items.length;
    items.forEach((item, index) => {
      const inner = (item as { noteTweet?: unknown } | null)?.noteTweet;
      const parsed = noteTweet.safeParse(inner);
      const createdAt = parsed.success ? parseXDate(parsed.data.createdAt) : null;
      if (!parsed.success || createdAt === null) {
        const reason = parsed.success ? 'createdAt is not a date' : describeIssues(parsed.error);
        invalid.push({ file, index, id: idOf(inner, 'noteTweetId'), reason });
        return;
      }
      notes.add(parsed.data, createdAt);
    });
  }
  return { notes, perFile };
}

/** Entries are `{ "tweet": {...} }`; some old exports hold the tweet object directly. */
export function unwrapTweet(item: unknown): unknown {
  if (item && typeof item === 'object' && 'tweet' in item) return (item as { tweet: unknown }).tweet;
  return item;
}

export function idOf(value: unknown, key = 'id_str'): string | null {
  const v = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : null;
}
