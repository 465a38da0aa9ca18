/**
 * First pass over the tweet files: validates every entry and records the reply structure, before
 * anything is written. So a damaged part file fails the import with nothing stored, and the second
 * pass knows every post's thread root even when the parts come in any order. Only one part file is
 * in memory at a time; what is kept per post is its id and its parent's id.
 */
import type { PostKind } from '../../src-shared/domain/post';
import { archiveTweet, describeIssues } from './archiveSchemas';
import { idOf, type InvalidEntry, unwrapTweet } from './archiveFiles';
import type { ArchiveLayout } from './archiveLayout';
import type { ArchiveSource } from './archiveSource';
import { classifyTweet } from './mapTweet';
import { ThreadIndex } from './threadIndex';
import { parseYtdArray } from './ytdFile';

export interface ScanResult {
  /** Entries per data file as found (valid or not). */
  entriesPerFile: Record<string, number>;
  /** Distinct valid posts in the tweet files. */
  uniquePosts: number;
  /** Distinct valid posts in deleted-tweets files that are not also in the tweet files. */
  uniqueDeleted: number;
  kinds: Record<PostKind, number>;
  /** Ids that appeared more than once (kept once); at most 100 listed, `duplicateCount` has them all. */
  duplicateIds: string[];
  duplicateCount: number;
  threads: ThreadIndex;
}

export interface ScanOwner {
  ownerId: string;
  ownerHandle: string;
}

const MAX_LISTED = 100;

export async function scanArchive(
  source: ArchiveSource,
  layout: ArchiveLayout,
  owner: ScanOwner,
  invalid: InvalidEntry[],
  onFile?: (file: string, done: number, total: number) => void,
): Promise<ScanResult> {
  const res: ScanResult = {
    entriesPerFile: {},
    uniquePosts: 0,
    uniqueDeleted: 0,
    kinds: { post: 0, reply: 0, repost: 0 },
    duplicateIds: [],
    duplicateCount: 0,
    threads: new ThreadIndex(),
  };
  const files = [...layout.tweetFiles.map((f) => ({ f, deleted: false })), ...layout.deletedFiles.map((f) => ({ f, deleted: true }))];
  let done = 0;
  for (const { f, deleted } of files) {
    const { items } = parseYtdArray(await source.readText(f), f);
    res.entriesPerFile[f] = items.length;
    items.forEach((item, index) => scanEntry(res, owner, invalid, f, index, unwrapTweet(item), deleted));
    onFile?.(f, ++done, files.length);
  }
  return res;
}

function scanEntry(res: ScanResult, owner: ScanOwner, invalid: InvalidEntry[], file: string, index: number, raw: unknown, deleted: boolean): void {
  const parsed = archiveTweet.safeParse(raw);
  if (!parsed.success) {
    invalid.push({ file, index, id: idOf(raw), reason: describeIssues(parsed.error) });
    return;
  }
  const t = parsed.data;
  if (res.threads.has(t.id_str)) {
    res.duplicateCount++;
    if (res.duplicateIds.length < MAX_LISTED) res.duplicateIds.push(t.id_str);
    return;
  }
  const toUser = t.in_reply_to_user_id_str ?? null;
  const toName = t.in_reply_to_screen_name?.toLowerCase();
  const parentIsOwn = toUser ? toUser === owner.ownerId : toName === owner.ownerHandle.toLowerCase();
  res.threads.add(t.id_str, t.in_reply_to_status_id_str ?? null, parentIsOwn);
  if (deleted) {
    res.uniqueDeleted++;
    return;
  }
  res.uniquePosts++;
  res.kinds[classifyTweet(t, t.full_text ?? t.text ?? '', owner)]++;
}
