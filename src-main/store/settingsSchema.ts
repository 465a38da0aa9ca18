/**
 * The per-profile settings of SPEC §2.2 with their defaults. Each key has its own zod schema so a
 * bad stored value can be reported by name (SettingsRepo) instead of resetting everything.
 */
import { isValidDid } from '@atproto/syntax';
import { z } from 'zod';

/** Poll interval presets in minutes; 432 = 7.2 h, the original ChirpSyncer's interval. */
export const POLL_INTERVAL_PRESETS = [5, 15, 30, 60, 180, 432, 720, 1440] as const;

/** X handle (no '@', lower-case: X handles are case-insensitive) → Bluesky DID. */
const mentionMappings = z.record(
  z.string().regex(/^[a-z0-9_]{1,15}$/, 'keys must be X handles without @, lower-case, 1–15 letters, digits or _'),
  // `: boolean` keeps the value type a plain string (isValidDid is a type guard to a template type).
  z.string().refine((d): boolean => isValidDid(d), 'values must be DIDs (did:plc:… or did:web:…)'),
);

export const SETTINGS_SCHEMA = {
  /** The tray's sync on/off toggle: off = no timer-driven runs (a manual "Sync now" still works). */
  autoSyncEnabled: z.boolean(),
  syncXToBsky: z.boolean(),
  syncBskyToX: z.boolean(),
  syncReplies: z.boolean(),
  syncReposts: z.boolean(),
  /** How quotes of other people's posts are carried over: as a link to the quoted post, or not at all. */
  quoteOthersAs: z.enum(['link', 'skip']),
  /** Over-long text: a reply chain of parts, or one truncated post with a link back. */
  splitPolicy: z.enum(['split', 'truncate']),
  optOutMarker: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  crossDelete: z.boolean(),
  crossDeleteWindowHours: z.number().int().min(1).max(24 * 30),
  pollIntervalMinutes: z.number().int().min(1).max(7 * 24 * 60),
  hourlyCapPerDirection: z.number().int().min(1).max(1000),
  /** What happens to posts over the hourly cap: wait for the next hour, or skip them for good. */
  overflowPolicy: z.enum(['retry', 'skip']),
  /** Live sync uses the real time; true would reuse the source's createdAt (archive import always backdates). */
  backdateLive: z.boolean(),
  mentionMappings,
  maxAttempts: z.number().int().min(1).max(50),
} as const;

type Schemas = typeof SETTINGS_SCHEMA;
export type SettingKey = keyof Schemas;
export type Settings = { [K in SettingKey]: z.output<Schemas[K]> };

export const SETTINGS_DEFAULTS: Readonly<Settings> = Object.freeze({
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

export const SETTING_KEYS = Object.keys(SETTINGS_SCHEMA) as SettingKey[];

export const isSettingKey = (k: unknown): k is SettingKey => typeof k === 'string' && Object.hasOwn(SETTINGS_SCHEMA, k);

/** Forgiving input forms accepted on write only (what people type); reads stay strict. */
export function normaliseForWrite(key: SettingKey, value: unknown): unknown {
  if (key === 'mentionMappings' && value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value).map(([h, did]) => [h.trim().replace(/^@+/, '').toLowerCase(), typeof did === 'string' ? did.trim() : did]));
  }
  if (key === 'optOutMarker' && typeof value === 'string') return value.trim();
  return value;
}
