#!/usr/bin/env node
// The `chirpsyncer` command. Runs the TypeScript sources through tsx so `npx chirpsyncer` works
// from a fresh clone without a build step; a packaged build bundles the same entry instead.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli.ts');
process.exitCode = await main(process.argv.slice(2));
