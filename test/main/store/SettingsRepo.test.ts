import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { POLL_INTERVAL_PRESETS, SETTINGS_DEFAULTS } from '../../../src-main/store/settingsSchema';
import { makeFixture, thrown } from './storeFixtures';
import type { Fixture } from './storeFixtures';

describe('SettingsRepo', () => {
  let f: Fixture;
  beforeEach(() => {
    f = makeFixture();
  });
  afterEach(() => f.cleanup());
  const storeRaw = (key: string, json: string) =>
    f.store.db.raw.prepare('INSERT OR REPLACE INTO user_settings (profile_id, key, value_json, updated_at) VALUES (?, ?, ?, 0)').run(f.profileId, key, json);

  it('returns the SPEC §2.2 defaults when nothing is stored', () => {
    expect(f.store.settings.getAll(f.profileId)).toEqual({
      autoSyncEnabled: true,
      syncXToBsky: true,
      syncBskyToX: true,
      syncReplies: false,
      syncReposts: false,
      quoteOthersAs: 'link',
      splitPolicy: 'split',
      optOutMarker: '#nosync',
      crossDelete: false,
      crossDeleteWindowHours: 24,
      pollIntervalMinutes: 15,
      hourlyCapPerDirection: 30,
      overflowPolicy: 'retry',
      backdateLive: false,
      mentionMappings: {},
      maxAttempts: 5,
    });
    expect(f.store.settings.get(f.profileId, 'pollIntervalMinutes')).toBe(15);
    expect(POLL_INTERVAL_PRESETS).toContain(432);
  });

  it('stores values per profile and returns them typed', () => {
    const other = f.store.profiles.create('work').id;
    f.store.settings.set(f.profileId, 'pollIntervalMinutes', 432);
    f.store.settings.set(f.profileId, 'splitPolicy', 'truncate');
    expect(f.store.settings.get(f.profileId, 'pollIntervalMinutes')).toBe(432);
    expect(f.store.settings.get(f.profileId, 'splitPolicy')).toBe('truncate');
    expect(f.store.settings.get(other, 'pollIntervalMinutes')).toBe(15);
    expect(f.store.settings.reset(f.profileId, 'pollIntervalMinutes')).toBe(true);
    expect(f.store.settings.get(f.profileId, 'pollIntervalMinutes')).toBe(15);
  });

  it('does not hand out the shared defaults object (mutating a result changes nothing)', () => {
    const m = f.store.settings.get(f.profileId, 'mentionMappings');
    m['bob'] = 'did:plc:bbbbbbbbbbbbbbbbbbbbbbbb';
    expect(f.store.settings.get(f.profileId, 'mentionMappings')).toEqual({});
    expect(SETTINGS_DEFAULTS.mentionMappings).toEqual({});
  });

  it('normalises mention mappings on write (leading @, case) and validates handles and DIDs', () => {
    const saved = f.store.settings.set(f.profileId, 'mentionMappings', { '@Bob_Smith': ' did:plc:abcdefghijklmnopqrstuvwx ' });
    expect(saved).toEqual({ bob_smith: 'did:plc:abcdefghijklmnopqrstuvwx' });
    expect(f.store.settings.get(f.profileId, 'mentionMappings')).toEqual(saved);
    const err = thrown(() => f.store.settings.set(f.profileId, 'mentionMappings', { bob: 'bob.bsky.social' }));
    expect(err.code).toBe(ErrorCode.InvalidInput);
    expect(err.message).toContain('mentionMappings');
    expect(err.message).toContain('DID');
  });

  it('refuses invalid values on write, naming the key, and keeps the old value', () => {
    f.store.settings.set(f.profileId, 'hourlyCapPerDirection', 50);
    const cases: Array<[string, unknown]> = [
      ['hourlyCapPerDirection', 0],
      ['hourlyCapPerDirection', 2.5],
      ['pollIntervalMinutes', '15'],
      ['overflowPolicy', 'drop'],
      ['optOutMarker', '   '],
      ['syncReplies', 'yes'],
    ];
    for (const [key, value] of cases) {
      const err = thrown(() => f.store.settings.set(f.profileId, key as never, value as never));
      expect(err.code).toBe(ErrorCode.InvalidInput);
      expect(err.message).toContain(`Setting ${key} is invalid`);
    }
    expect(f.store.settings.get(f.profileId, 'hourlyCapPerDirection')).toBe(50);
    expect(thrown(() => f.store.settings.set(f.profileId, 'noSuchSetting' as never, 1 as never)).message).toContain('Unknown setting "noSuchSetting"');
  });

  it('update() writes all keys or none', () => {
    const err = thrown(() => f.store.settings.update(f.profileId, { crossDelete: true, crossDeleteWindowHours: -1 }));
    expect(err.message).toContain('crossDeleteWindowHours');
    expect(f.store.settings.get(f.profileId, 'crossDelete')).toBe(false);
    const all = f.store.settings.update(f.profileId, { crossDelete: true, crossDeleteWindowHours: 48 });
    expect(all).toMatchObject({ crossDelete: true, crossDeleteWindowHours: 48, pollIntervalMinutes: 15 });
  });

  it('a bad stored value is an error naming the key, never a silent default, and is not overwritten', () => {
    storeRaw('crossDeleteWindowHours', '"forever"');
    const err = thrown(() => f.store.settings.get(f.profileId, 'crossDeleteWindowHours'));
    expect(err.code).toBe(ErrorCode.ConfigInvalid);
    expect(err.details).toEqual({ key: 'crossDeleteWindowHours', profileId: f.profileId });
    expect(err.message).toContain('crossDeleteWindowHours');
    expect(err.message).toContain('reset it to its default');
    expect(thrown(() => f.store.settings.getAll(f.profileId)).details?.key).toBe('crossDeleteWindowHours');
    storeRaw('maxAttempts', '{not json');
    expect(thrown(() => f.store.settings.get(f.profileId, 'maxAttempts')).message).toContain('not valid JSON');
    const stored = f.store.db.raw.prepare('SELECT value_json FROM user_settings WHERE key = ?').get('crossDeleteWindowHours');
    expect(stored).toEqual({ value_json: '"forever"' });
  });

  it('ignores keys it does not know (written by a newer version)', () => {
    storeRaw('someFutureSetting', '{"a":1}');
    expect(f.store.settings.getAll(f.profileId)).toEqual({ ...SETTINGS_DEFAULTS });
  });
});
