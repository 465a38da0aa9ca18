/**
 * Named per-account sync cursors (e.g. the newest seen X id, a Bluesky listRecords cursor). The
 * engine saves a cursor only after the batch it covers committed (STYLE §16); `set` can join that
 * batch's transaction because db.transaction nests.
 */
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Clock } from '../util/clock';
import type { Db } from './Database';
import { assertNonEmpty } from './sqlErrors';

interface CursorRow {
  account_id: number;
  name: string;
  value: string;
  updated_at: number;
}

export interface SyncCursor {
  accountId: number;
  name: string;
  value: string;
  updatedAt: number;
}

export class CursorsRepo {
  #clock: Clock;
  #s;

  constructor(db: Db, clock: Clock) {
    this.#clock = clock;
    const r = db.raw;
    this.#s = {
      get: r.prepare<[number, string], CursorRow>('SELECT * FROM sync_cursors WHERE account_id = ? AND name = ?'),
      set: r.prepare<[number, string, string, number]>(
        `INSERT INTO sync_cursors (account_id, name, value, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (account_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ),
      delete: r.prepare<[number, string]>('DELETE FROM sync_cursors WHERE account_id = ? AND name = ?'),
      list: r.prepare<[number], CursorRow>('SELECT * FROM sync_cursors WHERE account_id = ? ORDER BY name'),
    };
  }

  get(accountId: number, name: string): string | null {
    return this.#s.get.get(accountId, name)?.value ?? null;
  }

  set(accountId: number, name: string, value: string): void {
    assertNonEmpty(name, 'cursor name');
    if (typeof value !== 'string') throw new AppError(ErrorCode.InvalidInput, `Cursor ${name} must be saved as a string; got ${typeof value}.`, { field: name });
    this.#s.set.run(accountId, name, value, this.#clock.now());
  }

  /** Forget a cursor (the next sync starts from the beginning); true when one existed. */
  delete(accountId: number, name: string): boolean {
    return this.#s.delete.run(accountId, name).changes > 0;
  }

  list(accountId: number): SyncCursor[] {
    return this.#s.list.all(accountId).map((r) => ({ accountId: r.account_id, name: r.name, value: r.value, updatedAt: r.updated_at }));
  }
}
