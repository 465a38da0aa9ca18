import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/errors';
import { AuditLog } from '../../../src-main/vault/AuditLog';
import { StepUpService } from '../../../src-main/vault/StepUpService';
import { massDeleteTarget, STEP_UP_ACTIONS, stepUpPhrase } from '../../../src-main/vault/stepUpPhrases';
import { ManualClock } from '../../support/ManualClock';
import { openTestDb } from './vaultFixtures';

function setup() {
  const { db } = openTestDb();
  const clock = new ManualClock();
  const audit = new AuditLog({ db, clock });
  return { db, clock, audit, stepUp: new StepUpService({ db, clock, audit }) };
}
const TARGET = massDeleteTarget('@alice', 1234);

describe('step-up phrases', () => {
  it('each action has a human phrase that includes its target', () => {
    expect(stepUpPhrase('mass-delete', TARGET)).toBe('delete 1,234 posts on @alice');
    expect(stepUpPhrase('mass-delete', '@bob.bsky.social:1')).toBe('delete 1 post on @bob.bsky.social');
    expect(stepUpPhrase('migration-delete', '7:5210')).toBe('delete 5,210 migrated posts of migration 7');
    expect(stepUpPhrase('account-remove', '@alice')).toBe('remove account @alice');
    expect(stepUpPhrase('vault-reset', 'vault')).toBe('erase all stored credentials');
    expect(STEP_UP_ACTIONS).toEqual(['mass-delete', 'account-remove', 'vault-reset', 'migration-delete']);
  });

  it('malformed targets are InvalidInput', () => {
    expect(() => stepUpPhrase('mass-delete', '@alice')).toThrow(expect.objectContaining({ code: ErrorCode.InvalidInput }));
    expect(() => stepUpPhrase('mass-delete', '@alice:0')).toThrow(/count of at least 1/);
    expect(() => stepUpPhrase('vault-reset', 'other')).toThrow(/"vault"/);
  });
});

describe('StepUpService', () => {
  it('a wrong phrase gets no token and says what to type', () => {
    const { stepUp, audit } = setup();
    expect(() => stepUp.confirm({ action: 'mass-delete', target: TARGET, phrase: 'delete 1,234 posts', userId: 1 })).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidInput, message: 'The typed text does not match. To confirm, type exactly: delete 1,234 posts on @alice' }),
    );
    expect(() => stepUp.confirm({ action: 'mass-delete', target: TARGET, phrase: 'yes', userId: 1 })).toThrow(/does not match/);
    expect(audit.list({ action: 'stepup.confirm' }).every((e) => !e.success)).toBe(true);
  });

  it('the right phrase (case and spacing aside) buys a single-use token; reuse is refused', () => {
    const { stepUp, audit, db } = setup();
    const { token, expiresAt } = stepUp.confirm({ action: 'mass-delete', target: TARGET, phrase: '  Delete 1234   posts on @Alice ', userId: 1 });
    expect(expiresAt).toBeGreaterThan(0);
    expect(JSON.stringify(db.prepare('SELECT * FROM step_up_tokens').all())).not.toContain(token);
    stepUp.consume({ token, action: 'mass-delete', target: TARGET, userId: 1 });
    expect(() => stepUp.consume({ token, action: 'mass-delete', target: TARGET, userId: 1 })).toThrow(
      expect.objectContaining({ code: ErrorCode.StepUpRequired, message: expect.stringMatching(/already used/), details: expect.objectContaining({ reason: 'used' }) }),
    );
    expect(audit.list({ action: 'stepup.use' })).toHaveLength(1);
    expect(audit.list({ action: 'stepup.refused' })[0]?.details).toEqual({ reason: 'used' });
  });

  it('a token for another action, target or user is refused (and stays usable for its own)', () => {
    const { stepUp } = setup();
    const { token } = stepUp.confirm({ action: 'mass-delete', target: TARGET, phrase: 'delete 1,234 posts on @alice', userId: 1 });
    const refuse = (input: Parameters<StepUpService['consume']>[0], reason: string) =>
      expect(() => stepUp.consume(input)).toThrow(expect.objectContaining({ code: ErrorCode.StepUpRequired, details: expect.objectContaining({ reason }) }));
    refuse({ token, action: 'account-remove', target: TARGET, userId: 1 }, 'other_action');
    refuse({ token, action: 'mass-delete', target: massDeleteTarget('@alice', 99999), userId: 1 }, 'other_target');
    refuse({ token, action: 'mass-delete', target: massDeleteTarget('@bob', 1234), userId: 1 }, 'other_target');
    refuse({ token, action: 'mass-delete', target: TARGET, userId: 2 }, 'other_user');
    refuse({ token: undefined, action: 'mass-delete', target: TARGET, userId: 1 }, 'missing');
    refuse({ token: 'not-a-real-token-at-all-xxxxxxxxxxxxxxxxxxxx', action: 'mass-delete', target: TARGET, userId: 1 }, 'unknown');
    expect(() => stepUp.consume({ token, action: 'mass-delete', target: TARGET, userId: 1 })).not.toThrow();
  });

  it('a token expires after 5 minutes', () => {
    const { stepUp, clock } = setup();
    const a = stepUp.confirm({ action: 'vault-reset', target: 'vault', phrase: 'erase all stored credentials', userId: null });
    const b = stepUp.confirm({ action: 'vault-reset', target: 'vault', phrase: 'erase all stored credentials', userId: null });
    clock.advance(5 * 60_000 - 1);
    stepUp.consume({ token: a.token, action: 'vault-reset', target: 'vault', userId: null });
    clock.advance(1);
    expect(() => stepUp.consume({ token: b.token, action: 'vault-reset', target: 'vault', userId: null })).toThrow(
      expect.objectContaining({ code: ErrorCode.StepUpRequired, message: expect.stringMatching(/expired/) }),
    );
  });

  it('validates its input like a boundary', () => {
    const { stepUp } = setup();
    expect(() => stepUp.confirm({ action: 'drop-tables' as never, target: 'x', phrase: 'x', userId: 1 })).toThrow(expect.objectContaining({ code: ErrorCode.InvalidInput, details: { field: 'action' } }));
  });
});
