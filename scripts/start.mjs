#!/usr/bin/env node
// `npm start`: build the renderer (vite) and main + preload (esbuild), then launch Electron.
// Electron ≥ 42 fetches its binary on first launch; where that cannot happen (no network to its
// download host, as on our build machines) this ends with a clear message naming the browser
// alternative, `chirpsyncer serve`, and a non-zero exit code.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const out = join(root, 'dist-electron');

function fail(msg) {
  process.stderr.write(`\n${msg}\n`);
  process.exit(1);
}

async function buildAll() {
  const { build: viteBuild } = await import('vite');
  const { build: esbuild } = await import('esbuild');
  process.stdout.write('Building the renderer (vite)…\n');
  await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  process.stdout.write('Building main and preload (esbuild)…\n');
  mkdirSync(out, { recursive: true });
  // migrations.ts already falls back to __dirname when import.meta.url is empty in a CJS bundle.
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning', logOverride: { 'empty-import-meta': 'silent' }, absWorkingDir: root };
  // Dependencies stay in node_modules (native modules must be loaded from there); our own code is bundled.
  await esbuild({ ...common, entryPoints: ['src-main/main.ts'], outfile: join(out, 'main.cjs'), packages: 'external', external: ['electron'] });
  // A sandboxed preload can only require('electron'): everything else must be inside the bundle.
  await esbuild({ ...common, entryPoints: ['src-main/preload.ts'], outfile: join(out, 'preload.cjs'), external: ['electron'] });
  // The store reads its SQL migrations from a folder beside the bundle (src-main/store/migrations.ts).
  cpSync(join(root, 'src-main', 'store', 'migrations'), join(out, 'migrations'), { recursive: true });
}

/** The Electron executable, downloading it once if needed; or the reason it cannot be had. */
function electronBinary() {
  const pkgDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  const current = () => (existsSync(pathFile) ? join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null);
  const found = current();
  if (found && existsSync(found)) return { path: found };
  process.stdout.write('Fetching the Electron binary (first launch)…\n');
  const r = spawnSync(process.execPath, [join(pkgDir, 'install.js')], { encoding: 'utf8', timeout: 180_000 });
  const after = current();
  if (r.status === 0 && after && existsSync(after)) return { path: after };
  const lines = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('at '));
  const reason = r.error ? r.error.message : (lines[0] ?? `the download exited with code ${r.status}`);
  return { reason: `its binary could not be downloaded: ${reason}` };
}

try {
  await buildAll();
} catch (e) {
  fail(`The build failed: ${e instanceof Error ? e.message : String(e)}`);
}

const electron = electronBinary();
if (!electron.path) {
  fail(`Electron could not be started (${electron.reason}).\nUse the app in your browser instead: npx chirpsyncer serve (or npm run serve)`);
}
const child = spawn(electron.path, [root], { stdio: 'inherit' });
child.on('error', (e) => fail(`Electron could not be started (${e.message}).\nUse the app in your browser instead: npx chirpsyncer serve (or npm run serve)`));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
