/**
 * A real `chirpsyncer` process for kill -9 tests: routes X traffic to the sandbox whose URL the
 * parent test passes, runs the CLI, and SIGKILLs itself at the named publisher point — no cleanup,
 * no finally blocks, exactly like a crash. Test support only; the product has no such hook.
 */
import { runCli } from '../../src-main/cli';
import { withOverrides } from '../../src-main/cli/withCore';
import type { CrashPoint } from '../../src-main/sync/publishUnit';
import { routeXTo } from './xRouting';

const [point, nth] = (process.env.CHIRP_TEST_KILL_AT ?? '').split(':') as [CrashPoint, string];
const routing = routeXTo(process.env.CHIRP_TEST_SANDBOX_URL!, { installGlobal: true });
let seen = 0;
const crash = (p: CrashPoint) => {
  if (p === point && ++seen === Number(nth)) process.kill(process.pid, 'SIGKILL');
};
const io = withOverrides({ env: process.env, out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`), isTty: false, fetch: routing.fetch }, { crash });
process.exitCode = await runCli(process.argv.slice(2), io);
