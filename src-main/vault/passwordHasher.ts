/**
 * bcrypt (SPEC §7: cost 12) via bcryptjs, pure JS. A lower cost exists only for tests and must be
 * asked for explicitly; production code never passes one.
 */
import bcrypt from 'bcryptjs';
import { AppError, ErrorCode } from '../../src-shared/errors';

export const BCRYPT_COST = 12;

export class PasswordHasher {
  readonly cost: number;
  #dummy: Promise<string> | null = null;

  constructor(opts: { cost?: number } = {}) {
    const cost = opts.cost ?? BCRYPT_COST;
    if (!Number.isInteger(cost) || cost < 4 || cost > 15) throw new AppError(ErrorCode.InvalidInput, `bcrypt cost must be a whole number from 4 to 15; got ${cost}.`);
    this.cost = cost;
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.cost);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(password, hash);
  }

  /** Spends the same time as a real check, so an unknown user name is not revealed by a fast answer. */
  async verifyNothing(password: string): Promise<false> {
    this.#dummy ??= bcrypt.hash('dummy password for timing', this.cost);
    await bcrypt.compare(password, await this.#dummy);
    return false;
  }

  /** The cost a stored hash was made with ("$2b$12$…" → 12). */
  static costOf(hash: string): number {
    return bcrypt.getRounds(hash);
  }
}
