/**
 * The desktop window itself needs the Electron binary, which cannot be downloaded on these machines
 * (ENVIRONMENT.md). What it would cover is covered without it: IPC registration and the sender check
 * (test/ipc/electronIpc.test.ts), the preload's contract (typechecked), the pages (browser E2E over
 * `chirpsyncer serve`, test/e2e/browser.test.ts), tray and notifications (test/ipc/desktopGlue.test.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

function electronBinary(): string | null {
  const pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

const binary = electronBinary();
const reason = 'needs the Electron binary (node_modules/electron/dist), which is not installed and cannot be downloaded on this machine';
if (!binary) console.warn(`Skipping the Electron window test: it ${reason}.`);

describe('desktop window (Electron)', () => {
  it.skipIf(!binary)(`starts with the hardened window settings — ${binary ? 'Electron found' : `skipped: ${reason}`}`, () => {
    // With a binary present this is where Playwright's _electron.launch would open dist-electron/main.cjs.
    // It stays a failing placeholder on purpose until AppServices is wired into main.ts (see the report),
    // so a machine that has Electron cannot report this as covered.
    expect.fail('Electron is available but the window test is not written yet: wire AppServices into src-main/main.ts first.');
  });
});
