/** Linked X and Bluesky accounts, unique per profile by their stable remote id (SPEC §2.1). */
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Platform } from '../../src-shared/domain/post';
import type { Clock } from '../util/clock';
import type { Db } from './Database';
import { assertNonEmpty, isForeignKeyViolation } from './sqlErrors';
import type { Account, NewAccount } from './types';

interface AccountRow {
  id: number;
  profile_id: number;
  platform: Platform;
  handle: string;
  remote_id: string;
  service_url: string | null;
  display_name: string | null;
  created_at: number;
  updated_at: number;
}

const toAccount = (r: AccountRow): Account => ({
  id: r.id,
  profileId: r.profile_id,
  platform: r.platform,
  handle: r.handle,
  remoteId: r.remote_id,
  serviceUrl: r.service_url,
  displayName: r.display_name,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Handles are stored without a leading '@'; Bluesky handles are case-insensitive, so lower-cased. */
export function normaliseHandle(platform: Platform, handle: string): string {
  const h = handle.trim().replace(/^@+/, '');
  return platform === 'bsky' ? h.toLowerCase() : h;
}

function validate(a: NewAccount): void {
  if (a.platform !== 'x' && a.platform !== 'bsky') {
    throw new AppError(ErrorCode.InvalidInput, `Account platform must be 'x' or 'bsky'; got ${JSON.stringify(a.platform)}.`, { field: 'platform' });
  }
  assertNonEmpty(a.handle, 'account handle');
  assertNonEmpty(a.remoteId, 'account remoteId');
  if (a.platform === 'x' && !/^\d{1,20}$/.test(a.remoteId)) {
    throw new AppError(ErrorCode.InvalidInput, `An X account id must be the numeric user id (rest_id); got ${JSON.stringify(a.remoteId)}.`, { field: 'remoteId' });
  }
  if (a.platform === 'bsky' && !/^did:[a-z]+:[A-Za-z0-9._:%-]+$/.test(a.remoteId)) {
    throw new AppError(ErrorCode.InvalidInput, `A Bluesky account id must be a DID (did:plc:… or did:web:…); got ${JSON.stringify(a.remoteId)}.`, { field: 'remoteId' });
  }
}

export class AccountsRepo {
  #clock: Clock;
  #upsert;
  #byId;
  #byRemote;
  #byProfile;

  #delete;

  constructor(db: Db, clock: Clock) {
    this.#clock = clock;
    this.#upsert = db.raw.prepare<[Record<string, unknown>], AccountRow>(
      `INSERT INTO accounts (profile_id, platform, handle, remote_id, service_url, display_name, created_at, updated_at)
       VALUES (@profileId, @platform, @handle, @remoteId, @serviceUrl, @displayName, @now, @now)
       ON CONFLICT (profile_id, platform, remote_id) DO UPDATE SET
         handle = excluded.handle,
         service_url = COALESCE(excluded.service_url, accounts.service_url),
         display_name = COALESCE(excluded.display_name, accounts.display_name),
         updated_at = excluded.updated_at
       RETURNING *`,
    );
    this.#byId = db.raw.prepare<[number], AccountRow>('SELECT * FROM accounts WHERE id = ?');
    this.#byRemote = db.raw.prepare<[number, string, string], AccountRow>('SELECT * FROM accounts WHERE profile_id = ? AND platform = ? AND remote_id = ?');
    this.#byProfile = db.raw.prepare<[number], AccountRow>('SELECT * FROM accounts WHERE profile_id = ? ORDER BY platform, id');
    this.#delete = db.raw.prepare<[number]>('DELETE FROM accounts WHERE id = ?');
  }

  /** Removes the account; its pairs, posts and cursors go with it (ON DELETE CASCADE). Callers guard it with step-up. */
  delete(id: number): boolean {
    return this.#delete.run(id).changes === 1;
  }

  /** Inserts the account or refreshes its handle/display name (handles change; the remote id does not). */
  upsert(a: NewAccount): Account {
    validate(a);
    try {
      return toAccount(
        this.#upsert.get({
          profileId: a.profileId,
          platform: a.platform,
          handle: normaliseHandle(a.platform, a.handle),
          remoteId: a.remoteId,
          serviceUrl: a.serviceUrl ?? null,
          displayName: a.displayName ?? null,
          now: this.#clock.now(),
        })!,
      );
    } catch (e) {
      if (isForeignKeyViolation(e)) throw new AppError(ErrorCode.NotFound, `Profile ${a.profileId} does not exist; create it before linking accounts.`, { profileId: a.profileId });
      throw e;
    }
  }

  get(id: number): Account | null {
    const r = this.#byId.get(id);
    return r ? toAccount(r) : null;
  }

  getByRemote(profileId: number, platform: Platform, remoteId: string): Account | null {
    const r = this.#byRemote.get(profileId, platform, remoteId);
    return r ? toAccount(r) : null;
  }

  listByProfile(profileId: number): Account[] {
    return this.#byProfile.all(profileId).map(toAccount);
  }
}
