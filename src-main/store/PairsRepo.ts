/** Account pairs: one X account ↔ one Bluesky account of the same profile, each direction toggled. */
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Clock } from '../util/clock';
import type { Db } from './Database';
import { isUniqueViolation, toBool, toInt } from './sqlErrors';
import type { AccountPair, SyncDirection } from './types';

interface PairRow {
  id: number;
  profile_id: number;
  x_account_id: number;
  bsky_account_id: number;
  x_to_bsky_enabled: number;
  bsky_to_x_enabled: number;
  created_at: number;
}

export interface NewPair {
  profileId: number;
  xAccountId: number;
  bskyAccountId: number;
  xToBskyEnabled?: boolean;
  bskyToXEnabled?: boolean;
}

const toPair = (r: PairRow): AccountPair => ({
  id: r.id,
  profileId: r.profile_id,
  xAccountId: r.x_account_id,
  bskyAccountId: r.bsky_account_id,
  xToBskyEnabled: toBool(r.x_to_bsky_enabled),
  bskyToXEnabled: toBool(r.bsky_to_x_enabled),
  createdAt: r.created_at,
});

export class PairsRepo {
  #db: Db;
  #clock: Clock;
  #insert;
  #account;
  #byId;
  #byProfile;
  #setXToBsky;
  #setBskyToX;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    this.#insert = db.raw.prepare<[number, number, number, number, number, number], PairRow>(
      `INSERT INTO account_pairs (profile_id, x_account_id, bsky_account_id, x_to_bsky_enabled, bsky_to_x_enabled, created_at)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
    );
    this.#account = db.raw.prepare<[number], { profile_id: number; platform: string }>('SELECT profile_id, platform FROM accounts WHERE id = ?');
    this.#byId = db.raw.prepare<[number], PairRow>('SELECT * FROM account_pairs WHERE id = ?');
    this.#byProfile = db.raw.prepare<[number], PairRow>('SELECT * FROM account_pairs WHERE profile_id = ? ORDER BY id');
    this.#setXToBsky = db.raw.prepare<[number, number], PairRow>('UPDATE account_pairs SET x_to_bsky_enabled = ? WHERE id = ? RETURNING *');
    this.#setBskyToX = db.raw.prepare<[number, number], PairRow>('UPDATE account_pairs SET bsky_to_x_enabled = ? WHERE id = ? RETURNING *');
  }

  /** Both accounts must exist, belong to `profileId` and be of the right platform. */
  create(p: NewPair): AccountPair {
    return this.#db.transaction(() => {
      this.#checkAccount(p.xAccountId, 'x', p.profileId);
      this.#checkAccount(p.bskyAccountId, 'bsky', p.profileId);
      try {
        const xToBsky = toInt(p.xToBskyEnabled ?? true);
        const bskyToX = toInt(p.bskyToXEnabled ?? true);
        return toPair(this.#insert.get(p.profileId, p.xAccountId, p.bskyAccountId, xToBsky, bskyToX, this.#clock.now())!);
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError(ErrorCode.Conflict, 'These two accounts are already paired.', { xAccountId: p.xAccountId, bskyAccountId: p.bskyAccountId });
        throw e;
      }
    });
  }

  #checkAccount(id: number, platform: 'x' | 'bsky', profileId: number): void {
    const a = this.#account.get(id);
    const label = platform === 'x' ? 'X' : 'Bluesky';
    if (!a) throw new AppError(ErrorCode.NotFound, `${label} account ${id} does not exist; link it first.`, { accountId: id });
    if (a.platform !== platform) throw new AppError(ErrorCode.InvalidInput, `Account ${id} is not ${platform === 'x' ? 'an X' : 'a Bluesky'} account.`, { accountId: id });
    if (a.profile_id !== profileId) throw new AppError(ErrorCode.InvalidInput, `Account ${id} belongs to another profile.`, { accountId: id, profileId });
  }

  get(id: number): AccountPair | null {
    const r = this.#byId.get(id);
    return r ? toPair(r) : null;
  }

  listByProfile(profileId: number): AccountPair[] {
    return this.#byProfile.all(profileId).map(toPair);
  }

  /** Turns one direction on or off; returns the updated pair. */
  setDirectionEnabled(id: number, direction: SyncDirection, enabled: boolean): AccountPair {
    const stmt = direction === 'x-to-bsky' ? this.#setXToBsky : direction === 'bsky-to-x' ? this.#setBskyToX : null;
    if (!stmt) throw new AppError(ErrorCode.InvalidInput, `Direction must be 'x-to-bsky' or 'bsky-to-x'; got ${JSON.stringify(direction)}.`, { field: 'direction' });
    const r = stmt.get(toInt(enabled), id);
    if (!r) throw new AppError(ErrorCode.NotFound, `Account pair ${id} does not exist.`, { pairId: id });
    return toPair(r);
  }
}
