/**
 * The service behind `chirpsyncer accounts add|list|remove|test` and the accounts page: account
 * secrets live in the vault under "account:<id>", typed by kind (credentialKinds.ts). Removal is a
 * destructive action and needs a step-up token; "test" reports failures in plain words, audited,
 * without any secret in the message.
 */
import { AppError, ErrorCode, isAppError } from '../../src-shared/errors';
import { RemoteError, type RemoteErrorKind } from '../connectors/limits/types';
import { redact } from '../util/logger';
import type { AuditActor, AuditLog } from './AuditLog';
import { CREDENTIAL_KINDS, isCredentialKind, parseCredential, type CredentialKind, type CredentialOf } from './credentialKinds';
import type { StepUpService } from './StepUpService';
import type { Vault } from './Vault';

/** Checks a credential against its network (the connectors provide it); throws on failure. */
export type CredentialTester = (kind: CredentialKind, secret: unknown, signal?: AbortSignal) => Promise<{ detail?: string }>;

export interface CredentialTestResult {
  ok: boolean;
  code: ErrorCode | null;
  message: string;
}

export interface AccountCredentialSummary {
  accountId: number;
  kinds: CredentialKind[];
  updatedAt: number;
}

export interface AccountCredentialsDeps {
  vault: Vault;
  audit: AuditLog;
  stepUp: StepUpService;
  /** The live logger secret set: test failures are scrubbed with it before being shown or audited. */
  secrets: ReadonlySet<string>;
  tester?: CredentialTester;
  /** The step-up target for an account ("@alice", "@alice.bsky.social"); default "account <id>". */
  accountLabel?: (accountId: number) => string;
  /** Removes the account row from the store in the same guarded call (wired by compose()). */
  deleteAccountRow?: (accountId: number) => void;
}

const PLAIN: Partial<Record<RemoteErrorKind, [ErrorCode, string]>> = {
  auth: [ErrorCode.AuthFailed, 'The network rejected these credentials (wrong password, expired cookies or a revoked app password).'],
  needs_2fa: [ErrorCode.AuthNeeds2fa, 'The network asks for a second factor or an e-mail confirmation.'],
  locked: [ErrorCode.AccountLocked, 'The account is locked, suspended or asked to prove it is human. Sign in on the website to resolve it.'],
  rate_limited: [ErrorCode.RateLimited, 'The network is rate limiting this account. Try again later.'],
  network: [ErrorCode.NetworkDown, 'The server could not be reached. Check the connection and the server address.'],
  timeout: [ErrorCode.NetworkDown, 'The server did not answer in time. Check the connection and try again.'],
  transient: [ErrorCode.NetworkDown, 'The server had a temporary problem. Try again in a few minutes.'],
  api_changed: [ErrorCode.RemoteApiChanged, 'The server answered in a way this version does not understand (its API changed). Update the app.'],
  stale_endpoint: [ErrorCode.RemoteApiChanged, 'The server answered in a way this version does not understand (its API changed). Update the app.'],
};

export const credentialId = (accountId: number): string => `account:${accountId}`;

export class AccountCredentials {
  #d: AccountCredentialsDeps;

  constructor(deps: AccountCredentialsDeps) {
    this.#d = deps;
  }

  /** Validates and stores (or replaces) one credential of an account. */
  add<K extends CredentialKind>(input: { accountId: number; kind: K; secret: unknown }, by: AuditActor): { created: boolean } {
    const accountId = assertAccountId(input.accountId);
    const kind = assertKind(input.kind);
    const secret = parseCredential(kind, input.secret);
    return this.#d.vault.put(credentialId(accountId), kind, secret, by);
  }

  /** For the connector that needs it (STYLE §15: secrets leave the vault only to their connector). */
  get<K extends CredentialKind>(accountId: number, kind: K): CredentialOf<K> | null {
    return this.#d.vault.get<CredentialOf<K>>(credentialId(assertAccountId(accountId)), assertKind(kind));
  }

  /** Which kinds each account has stored — never the secrets. */
  list(accountIds?: readonly number[]): AccountCredentialSummary[] {
    const byAccount = new Map<number, AccountCredentialSummary>();
    for (const c of this.#d.vault.list()) {
      const m = /^account:(\d+)$/.exec(c.id);
      if (!m || !isCredentialKind(c.kind)) continue;
      const id = Number(m[1]);
      if (accountIds && !accountIds.includes(id)) continue;
      const s = byAccount.get(id) ?? { accountId: id, kinds: [], updatedAt: 0 };
      s.kinds.push(c.kind);
      s.updatedAt = Math.max(s.updatedAt, c.updatedAt);
      byAccount.set(id, s);
    }
    return [...byAccount.values()].sort((a, b) => a.accountId - b.accountId);
  }

  /** Destructive: needs a step-up token for action "account-remove" on this account's label. */
  remove(input: { accountId: number; token: string | null | undefined }, by: AuditActor): { removedCredentials: number } {
    const accountId = assertAccountId(input.accountId);
    this.#d.stepUp.consume({ token: input.token, action: 'account-remove', target: this.label(accountId), userId: by.userId });
    const removedCredentials = this.#d.vault.delete(credentialId(accountId), by);
    this.#d.deleteAccountRow?.(accountId);
    this.#d.audit.write({ ...by, action: 'destructive.run', target: this.label(accountId), success: true, details: { op: 'account-remove', removedCredentials } });
    return { removedCredentials };
  }

  /** Drops one kind (a revoked Bluesky session); not destructive, so no step-up. */
  removeKind(accountId: number, kind: CredentialKind, by: AuditActor): boolean {
    return this.#d.vault.deleteKind(credentialId(assertAccountId(accountId)), assertKind(kind), by);
  }

  label(accountId: number): string {
    return this.#d.accountLabel?.(accountId) ?? `account ${accountId}`;
  }

  /** "Test connection": never throws for a remote failure; returns it in plain words (audited). */
  async test(input: { accountId: number; kind: CredentialKind; signal?: AbortSignal }, by: AuditActor): Promise<CredentialTestResult> {
    const accountId = assertAccountId(input.accountId);
    const kind = assertKind(input.kind);
    const secret = this.get(accountId, kind);
    let result: CredentialTestResult;
    if (!secret) result = { ok: false, code: ErrorCode.NotFound, message: `No ${kind} credential is stored for this account. Add it first.` };
    else if (!this.#d.tester) result = { ok: false, code: ErrorCode.Internal, message: 'Connection testing is not available in this build.' };
    else {
      try {
        const r = await this.#d.tester(kind, secret, input.signal);
        result = { ok: true, code: null, message: r.detail ? `Connected: ${this.#scrub(r.detail)}` : 'Connected.' };
      } catch (e) {
        result = this.#explain(e);
      }
    }
    this.#d.audit.write({ ...by, action: 'credential.test', target: credentialId(accountId), success: result.ok, details: { kind, code: result.code } });
    return result;
  }

  #explain(e: unknown): CredentialTestResult {
    if (e instanceof RemoteError) {
      const [code, text] = PLAIN[e.kind] ?? [ErrorCode.Internal, 'The test failed for an unexpected reason; see the log for details.'];
      return { ok: false, code, message: text };
    }
    if (isAppError(e)) return { ok: false, code: e.code, message: this.#scrub(e.message) };
    return { ok: false, code: ErrorCode.Internal, message: 'The test failed for an unexpected reason; see the log for details.' };
  }

  #scrub(s: string): string {
    return String(redact(s, this.#d.secrets));
  }
}

function assertAccountId(id: number): number {
  if (!Number.isSafeInteger(id) || id < 1) throw new AppError(ErrorCode.InvalidInput, 'accountId must be a positive whole number.', { field: 'accountId' });
  return id;
}

function assertKind(kind: string): CredentialKind {
  if (!isCredentialKind(kind)) throw new AppError(ErrorCode.InvalidInput, `Unknown credential kind "${kind}". Use one of: ${CREDENTIAL_KINDS.join(', ')}.`, { field: 'kind' });
  return kind;
}

/** Bluesky session persistence in the vault; structurally the connector's BskySessionStore. */
export function vaultBskySessionStore(creds: AccountCredentials, accountId: number, by: AuditActor) {
  return {
    load: async () => creds.get(accountId, 'bsky.session'),
    save: async (s: CredentialOf<'bsky.session'> | null) => {
      if (s) creds.add({ accountId, kind: 'bsky.session', secret: s }, by);
      else creds.removeKind(accountId, 'bsky.session', by);
    },
  };
}
