/**
 * A zod schema for every request channel. Main validates each request with these as if the renderer
 * were hostile (STYLE.md §7): strict objects (unknown keys are refused, not ignored), bounded strings
 * and numbers. The `satisfies` clause makes a channel without a schema, or a schema whose output
 * does not match the contract's request type, a compile error.
 */
import { z } from 'zod';
import { DANGER_ACTIONS, type Channel, type RequestOf } from './contract';

const empty = z.strictObject({});
const direction = z.enum(['x-to-bsky', 'bsky-to-x']);
const platform = z.enum(['x', 'bsky']);
const id = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const epochMs = z.number().int().min(0).max(8.64e15);

/** Settings values are JSON data; 16 KiB is far above the biggest real one (mention mappings). */
const MAX_SETTING_JSON = 16_384;
const settingValue = z.json().refine((v) => JSON.stringify(v).length <= MAX_SETTING_JSON, {
  message: `must be at most ${MAX_SETTING_JSON} characters as JSON`,
});

export const REQUEST_SCHEMAS = {
  'app/get-status': empty,
  'sync/run': z.strictObject({ direction: direction.optional() }),
  'sync/cancel': empty,
  'sync/set-enabled': z.strictObject({ enabled: z.boolean() }),
  'sync/list-runs': z.strictObject({ limit: z.number().int().min(1).max(200), before: id.optional() }),
  'posts/list': z.strictObject({
    platform: platform.optional(),
    limit: z.number().int().min(1).max(1000),
    before: z.strictObject({ createdAt: epochMs, rowId: id }).optional(),
  }),
  'accounts/list': empty,
  'accounts/test': z.strictObject({ accountId: id }),
  'settings/get': empty,
  'settings/set': z.strictObject({
    key: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, 'must be a setting name (letters and digits, at most 64)'),
    value: settingValue,
  }),
  'danger/confirm': z.strictObject({
    action: z.enum(DANGER_ACTIONS),
    target: z.string().min(1).max(300),
    phrase: z.string().min(1).max(500),
  }),
  'auth/session': empty,
  'auth/login': z.strictObject({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(1024),
  }),
  'auth/logout': empty,
} as const satisfies { [C in Channel]: z.ZodType<RequestOf<C>> };

export type RequestSchemas = typeof REQUEST_SCHEMAS;
