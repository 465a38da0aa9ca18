/**
 * Typed per-profile settings (SPEC §2.2, §11) stored one JSON value per key. Values are validated
 * on write and again on read: a bad stored value is an error naming the key, never silently
 * replaced by the default (that would hide, e.g., a cross-delete window someone set on purpose).
 */
import type { z } from 'zod';
import { AppError, ErrorCode } from '../../src-shared/errors';
import type { Clock } from '../util/clock';
import type { Db } from './Database';
import { SETTINGS_DEFAULTS, SETTINGS_SCHEMA, isSettingKey, normaliseForWrite } from './settingsSchema';
import type { SettingKey, Settings } from './settingsSchema';

interface SettingRow {
  key: string;
  value_json: string;
}

export class SettingsRepo {
  #db: Db;
  #clock: Clock;
  #s;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
    const r = db.raw;
    this.#s = {
      get: r.prepare<[number, string], SettingRow>('SELECT key, value_json FROM user_settings WHERE profile_id = ? AND key = ?'),
      all: r.prepare<[number], SettingRow>('SELECT key, value_json FROM user_settings WHERE profile_id = ?'),
      set: r.prepare<[number, string, string, number]>(
        `INSERT INTO user_settings (profile_id, key, value_json, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (profile_id, key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
      ),
      reset: r.prepare<[number, string]>('DELETE FROM user_settings WHERE profile_id = ? AND key = ?'),
    };
  }

  /** The stored value, or the default when none is stored. */
  get<K extends SettingKey>(profileId: number, key: K): Settings[K] {
    assertKey(key);
    const row = this.#s.get.get(profileId, key);
    return row ? decode(profileId, key, row.value_json) : clone(SETTINGS_DEFAULTS[key]);
  }

  /** Every setting; keys stored by a newer app version that this one does not know are ignored. */
  getAll(profileId: number): Settings {
    const out = structuredClone(SETTINGS_DEFAULTS) as Settings;
    for (const row of this.#s.all.all(profileId)) {
      if (isSettingKey(row.key)) (out as Record<SettingKey, unknown>)[row.key] = decode(profileId, row.key, row.value_json);
    }
    return out;
  }

  /** Validates and stores one value; returns it as stored. */
  set<K extends SettingKey>(profileId: number, key: K, value: Settings[K]): Settings[K] {
    assertKey(key);
    const valid = validateWrite(key, value);
    this.#s.set.run(profileId, key, JSON.stringify(valid), this.#clock.now());
    return valid;
  }

  /** Validates every key of `patch` first, then writes them in one transaction (all or nothing). */
  update(profileId: number, patch: Partial<Settings>): Settings {
    if (!patch || typeof patch !== 'object') throw new AppError(ErrorCode.InvalidInput, 'Settings update must be an object of key → value.');
    const entries = Object.entries(patch).map(([k, v]) => {
      assertKey(k);
      return [k, validateWrite(k, v)] as const;
    });
    const now = this.#clock.now();
    this.#db.transaction(() => {
      for (const [k, v] of entries) this.#s.set.run(profileId, k, JSON.stringify(v), now);
    });
    return this.getAll(profileId);
  }

  /** Back to the default; true when a value was stored. */
  reset(profileId: number, key: SettingKey): boolean {
    assertKey(key);
    return this.#s.reset.run(profileId, key).changes > 0;
  }
}

function assertKey(key: unknown): asserts key is SettingKey {
  if (!isSettingKey(key)) {
    throw new AppError(ErrorCode.InvalidInput, `Unknown setting ${JSON.stringify(key)}. Known settings: ${Object.keys(SETTINGS_SCHEMA).join(', ')}.`, { field: String(key) });
  }
}

function validateWrite<K extends SettingKey>(key: K, value: unknown): Settings[K] {
  const res = SETTINGS_SCHEMA[key].safeParse(normaliseForWrite(key, value));
  if (!res.success) {
    throw new AppError(ErrorCode.InvalidInput, `Setting ${key} is invalid: ${describe(res.error)}. Value given: ${short(value)}.`, { field: key });
  }
  return res.data as Settings[K];
}

function decode<K extends SettingKey>(profileId: number, key: K, json: string): Settings[K] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw badStored(profileId, key, 'it is not valid JSON', json);
  }
  const res = SETTINGS_SCHEMA[key].safeParse(value);
  if (!res.success) throw badStored(profileId, key, describe(res.error), json);
  return res.data as Settings[K];
}

function badStored(profileId: number, key: string, why: string, json: string): AppError {
  return new AppError(
    ErrorCode.ConfigInvalid,
    `The stored setting ${key} (profile ${profileId}) is invalid: ${why}. Stored value: ${short(json)}. Set it again in Settings, or reset it to its default.`,
    { key, profileId },
  );
}

const short = (v: unknown): string => {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
};

/** One line per issue, e.g. `value: Too small: expected number to be >=1`. */
function describe(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.length ? i.path.join('.') : 'value'}: ${i.message}`).join('; ');
}

const clone = <T>(v: T): T => structuredClone(v);
