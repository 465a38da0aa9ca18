/** Rows of `archive_imports` (0003_archive.sql): one per import run. */
import type { Db } from '../store/Database';

export type ArchiveImportStatus = 'running' | 'ok' | 'differences' | 'failed' | 'cancelled';

export interface ArchiveImportRow {
  id: number;
  account_id: number;
  source_path: string;
  source_kind: 'zip' | 'folder';
  archive_account_id: string;
  username: string;
  generated_at: number | null;
  started_at: number;
  finished_at: number | null;
  status: ArchiveImportStatus;
  counts_json: string;
  report_json: string | null;
}

export interface ArchiveImportRecord {
  id: number;
  accountId: number;
  sourcePath: string;
  sourceKind: 'zip' | 'folder';
  archiveAccountId: string;
  username: string;
  generatedAt: number | null;
  startedAt: number;
  finishedAt: number | null;
  status: ArchiveImportStatus;
  counts: Record<string, unknown>;
  report: unknown;
}

export interface NewArchiveImport {
  accountId: number;
  sourcePath: string;
  sourceKind: 'zip' | 'folder';
  archiveAccountId: string;
  username: string;
  generatedAt: number | null;
  startedAt: number;
}

const toRecord = (r: ArchiveImportRow): ArchiveImportRecord => ({
  id: r.id,
  accountId: r.account_id,
  sourcePath: r.source_path,
  sourceKind: r.source_kind,
  archiveAccountId: r.archive_account_id,
  username: r.username,
  generatedAt: r.generated_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  status: r.status,
  counts: JSON.parse(r.counts_json) as Record<string, unknown>,
  report: r.report_json === null ? null : (JSON.parse(r.report_json) as unknown),
});

export class ArchiveImportsRepo {
  #s;

  constructor(db: Db) {
    const r = db.raw;
    this.#s = {
      insert: r.prepare<[Record<string, unknown>]>(
        `INSERT INTO archive_imports (account_id, source_path, source_kind, archive_account_id, username, generated_at, started_at, status)
         VALUES (@accountId, @sourcePath, @sourceKind, @archiveAccountId, @username, @generatedAt, @startedAt, 'running')`,
      ),
      finish: r.prepare<[Record<string, unknown>]>(
        'UPDATE archive_imports SET status = @status, finished_at = @finishedAt, counts_json = @counts, report_json = @report WHERE id = @id',
      ),
      byAccount: r.prepare<[number], ArchiveImportRow>('SELECT * FROM archive_imports WHERE account_id = ? ORDER BY started_at DESC, id DESC'),
      get: r.prepare<[number], ArchiveImportRow>('SELECT * FROM archive_imports WHERE id = ?'),
    };
  }

  start(row: NewArchiveImport): number {
    return Number(this.#s.insert.run({ ...row }).lastInsertRowid);
  }

  finish(id: number, status: Exclude<ArchiveImportStatus, 'running'>, finishedAt: number, counts: object, report: unknown): void {
    this.#s.finish.run({ id, status, finishedAt, counts: JSON.stringify(counts), report: JSON.stringify(report) });
  }

  get(id: number): ArchiveImportRecord | null {
    const r = this.#s.get.get(id);
    return r ? toRecord(r) : null;
  }

  /** Newest first. */
  listByAccount(accountId: number): ArchiveImportRecord[] {
    return this.#s.byAccount.all(accountId).map(toRecord);
  }
}
