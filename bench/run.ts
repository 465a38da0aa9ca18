/**
 * `npm run bench`: every benchmark with its input size. `--quick` uses smaller inputs.
 * Figures are printed, never asserted (STYLE.md §22).
 */
import { benchArchiveImport } from './archiveImport.bench';
import { benchMigrate } from './migrate.bench';
import { benchSync } from './sync.bench';

const quick = process.argv.includes('--quick');
console.log(`ChirpSyncer benchmarks (${quick ? 'quick' : 'full'}) on ${process.version}, ${new Date().toISOString()}`);
await benchSync({ posts: quick ? 200 : 1000 });
await benchArchiveImport({ posts: quick ? 10_000 : 100_000 });
await benchMigrate({ posts: quick ? 500 : 2000 });
process.exit(0);
