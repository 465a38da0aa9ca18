/**
 * The one path every request takes, whatever the transport (STYLE.md §5, §8):
 * check the channel → check the session → validate with zod → call the handler → wrap the result
 * in the envelope → log. Errors never escape as throws: AppErrors cross as their payload, anything
 * else becomes INTERNAL with a correlation id, and its stack stays in the log.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError, ErrorCode, isAppError, type AppErrorPayload } from '../../src-shared/errors';
import { isChannel, PUBLIC_CHANNELS, type Channel } from '../../src-shared/ipc/contract';
import { errorEnvelope, okEnvelope, type Envelope } from '../../src-shared/ipc/envelope';
import { REQUEST_SCHEMAS } from '../../src-shared/ipc/schemas';
import type { Logger } from '../util/logger';
import { createHandlers, type DispatchContext, type Handlers } from './handlers';
import type { AppServices } from './services';

export type { DispatchContext, Handlers } from './handlers';

export type Dispatch = (channel: unknown, rawRequest: unknown, ctx: DispatchContext) => Promise<Envelope<unknown>>;

export interface DispatchDeps {
  services: AppServices;
  logger: Logger;
  /** Tests inject a fixed id; production uses random UUIDs. */
  correlationId?: () => string;
  /** Tests may replace single handlers (e.g. to make one throw); defaults to `createHandlers(services)`. */
  handlers?: Handlers;
}

/** First zod issue as "field: problem" — the field named the way a developer would look for it. */
export function describeIssue(issue: z.core.$ZodIssue): { field: string; problem: string } {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => [...issue.path.map(String), k].join('.'));
    return { field: keys[0] ?? '(request)', problem: `is not a known field (${keys.join(', ')}); remove it` };
  }
  const field = issue.path.length ? issue.path.map(String).join('.') : '(request)';
  return { field, problem: issue.message };
}

function validate(channel: Channel, raw: unknown): unknown {
  const schema: z.ZodType = REQUEST_SCHEMAS[channel];
  let parsed: ReturnType<z.ZodType['safeParse']>;
  try {
    parsed = schema.safeParse(raw);
  } catch (e) {
    // Only pathological input gets here (e.g. JSON nested so deep that validation runs out of stack).
    if (e instanceof RangeError) throw new AppError(ErrorCode.InvalidInput, `The request for ${channel} is nested too deeply.`, { field: '(request)' });
    throw e;
  }
  if (parsed.success) return parsed.data;
  const first = describeIssue(parsed.error.issues[0]!);
  const issues = parsed.error.issues.slice(0, 10).map(describeIssue);
  throw new AppError(ErrorCode.InvalidInput, `The request for ${channel} is invalid: ${first.field} ${first.problem}.`, { field: first.field, issues });
}

export function createDispatch(deps: DispatchDeps): Dispatch {
  const handlers = deps.handlers ?? createHandlers(deps.services);
  const newId = deps.correlationId ?? randomUUID;
  const log = deps.logger.child({ component: 'ipc' });

  return async function dispatch(channel, rawRequest, ctx) {
    const name = typeof channel === 'string' ? channel.slice(0, 80) : typeof channel;
    try {
      if (!isChannel(channel)) throw new AppError(ErrorCode.InvalidInput, `There is no request channel named "${name}".`, { field: 'channel' });
      if (ctx.transport === 'http' && !ctx.user && !PUBLIC_CHANNELS.has(channel)) {
        throw new AppError(ErrorCode.Unauthorized, 'You are not signed in (or your session ended). Sign in again.');
      }
      const req = validate(channel, rawRequest);
      const handler = handlers[channel] as (r: unknown, c: DispatchContext) => Promise<unknown>;
      const value = await handler(req, ctx);
      log.debug('request ok', { channel, transport: ctx.transport });
      return okEnvelope(value);
    } catch (e) {
      return errorEnvelope(toPayload(e, name, ctx, log, newId));
    }
  };
}

function toPayload(e: unknown, channel: string, ctx: DispatchContext, log: Logger, newId: () => string): AppErrorPayload {
  if (isAppError(e)) {
    log.info('request refused', { channel, transport: ctx.transport, code: e.code, field: e.details?.field });
    return e.toPayload();
  }
  const correlationId = newId();
  const err = e instanceof Error ? e : new Error(String(e));
  log.error('request failed unexpectedly', { channel, transport: ctx.transport, correlationId, error: err.message, stack: err.stack });
  return {
    code: ErrorCode.Internal,
    message: `Something went wrong inside the app. The log has the details under reference ${correlationId}.`,
    details: { correlationId },
  };
}
