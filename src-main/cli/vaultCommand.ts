import { AppError, ErrorCode } from '../../src-shared/errors';
import { resetVault } from '../vault/resetVault';
import { stepUpPhrase } from '../vault/stepUpPhrases';
import { EXIT } from './io';
import type { Command } from './commands';
import { configOf, withCore } from './withCore';

export const vaultCommand: Command = {
  usage: 'chirpsyncer vault status | reset --confirm "<phrase>"',
  summary: 'where the vault key lives; erase the stored credentials when the key is lost (the index is kept)',
  options: { confirm: { type: 'string' } },
  async run({ values, positionals }, io) {
    const [sub, ...extra] = positionals;
    if ((sub !== 'status' && sub !== 'reset') || extra.length) throw new AppError(ErrorCode.InvalidInput, 'Use `chirpsyncer vault status` or `chirpsyncer vault reset`.', { field: 'subcommand' });
    return withCore(io, configOf(io), async (core) => {
      if (sub === 'status') {
        if (core.vault) {
          const st = core.vault.status();
          io.out(`Vault open, key from: ${st.backend}.`);
        } else io.out(`Vault not open: ${core.vaultProblem}`);
        return EXIT.ok;
      }
      const expected = stepUpPhrase('vault-reset', 'vault');
      const phrase = values.confirm as string | undefined;
      if (!phrase) {
        io.err(`This erases every stored credential (the posts index stays). Add the accounts again afterwards. To confirm, run again with --confirm "${expected}".`);
        return EXIT.usage;
      }
      const { token } = core.security.stepUp.confirm({ action: 'vault-reset', target: 'vault', phrase, userId: null });
      const r = await resetVault({ db: core.store.db.raw, stepUp: core.security.stepUp, audit: core.security.audit, logger: core.logger }, { token }, { userId: null, actor: 'cli' });
      io.out(`Vault reset: ${r.erased} credential(s) erased. Add your accounts again with \`chirpsyncer accounts add\`.`);
      return EXIT.ok;
    });
  },
};
