/** Profiles: the owner scope of every other row (SPEC §2.1). */
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Clock } from '../util/clock';
import type { Db } from './Database';
import { assertNonEmpty, isUniqueViolation } from './sqlErrors';
import type { Profile } from './types';

interface ProfileRow {
  id: number;
  name: string;
  created_at: number;
}

export const DEFAULT_PROFILE_NAME = 'default';

const toProfile = (r: ProfileRow): Profile => ({ id: r.id, name: r.name, createdAt: r.created_at });

export class ProfilesRepo {
  #db: Db;
  #clock: Clock;
  #insert;
  #byId;
  #byName;
  #all;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    this.#insert = db.raw.prepare<[string, number], ProfileRow>('INSERT INTO profiles (name, created_at) VALUES (?, ?) RETURNING *');
    this.#byId = db.raw.prepare<[number], ProfileRow>('SELECT * FROM profiles WHERE id = ?');
    this.#byName = db.raw.prepare<[string], ProfileRow>('SELECT * FROM profiles WHERE name = ?');
    this.#all = db.raw.prepare<[], ProfileRow>('SELECT * FROM profiles ORDER BY id');
  }

  /** The profile a single-person install uses; created on first call, the same row afterwards. */
  ensureDefaultProfile(): Profile {
    return this.#db.transaction(() => {
      const existing = this.#byName.get(DEFAULT_PROFILE_NAME);
      return toProfile(existing ?? this.#insert.get(DEFAULT_PROFILE_NAME, this.#clock.now())!);
    });
  }

  create(name: string): Profile {
    assertNonEmpty(name, 'profile name');
    try {
      return toProfile(this.#insert.get(name.trim(), this.#clock.now())!);
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError(ErrorCode.Conflict, `A profile named "${name.trim()}" already exists; choose another name.`, { name });
      throw e;
    }
  }

  get(id: number): Profile | null {
    const r = this.#byId.get(id);
    return r ? toProfile(r) : null;
  }

  list(): Profile[] {
    return this.#all.all().map(toProfile);
  }
}
