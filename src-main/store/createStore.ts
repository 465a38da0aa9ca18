/**
 * Builds every repository over one open, migrated Db. `compose()` calls `openStore` once and passes
 * the result down; nothing here is a singleton.
 */
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import { ApiUsageRepo } from './ApiUsageRepo';
import { AccountsRepo } from './AccountsRepo';
import { CursorsRepo } from './CursorsRepo';
import { Db, migrate, openDatabase } from './Database';
import type { MigrateOptions, MigrateResult, OpenDatabaseOptions } from './Database';
import { IntentsRepo } from './IntentsRepo';
import { LinksRepo } from './LinksRepo';
import { PairsRepo } from './PairsRepo';
import { PostsRepo } from './PostsRepo';
import { ProfilesRepo } from './ProfilesRepo';
import { RunsRepo } from './RunsRepo';
import { SettingsRepo } from './SettingsRepo';
import { commitPublished } from './syncWrites';
import type { CommitPublishedInput, CommitPublishedResult } from './syncWrites';

export interface StoreDeps {
  clock: Clock;
  /** Content fingerprint for posts; default `fingerprint` from src-shared/text/fingerprint. */
  fingerprint?: (text: string) => string;
  logger?: Logger;
}

export interface Store {
  db: Db;
  profiles: ProfilesRepo;
  accounts: AccountsRepo;
  pairs: PairsRepo;
  posts: PostsRepo;
  links: LinksRepo;
  intents: IntentsRepo;
  cursors: CursorsRepo;
  runs: RunsRepo;
  apiUsage: ApiUsageRepo;
  settings: SettingsRepo;
  /** syncWrites.commitPublished bound to this store's repositories. */
  commitPublished(input: CommitPublishedInput): CommitPublishedResult;
  close(): void;
}

/** Repositories over an already migrated Db. */
export function createStore(db: Db, deps: StoreDeps): Store {
  const pairs = new PairsRepo(db, deps.clock);
  const posts = new PostsRepo(db, { clock: deps.clock, fingerprint: deps.fingerprint });
  const links = new LinksRepo(db, deps.clock);
  const intents = new IntentsRepo(db, deps.clock);
  return {
    db,
    profiles: new ProfilesRepo(db, deps.clock),
    accounts: new AccountsRepo(db, deps.clock),
    pairs,
    posts,
    links,
    intents,
    cursors: new CursorsRepo(db, deps.clock),
    runs: new RunsRepo(db, deps.clock),
    apiUsage: new ApiUsageRepo(db, deps.clock),
    settings: new SettingsRepo(db, deps.clock),
    commitPublished: (input) => commitPublished({ db, pairs, intents, links, posts }, input),
    close: () => db.close(),
  };
}

/** open → migrate → repositories. The Db is closed again when migration fails. */
export function openStore(
  filePath: string,
  deps: StoreDeps & { open?: OpenDatabaseOptions; migrations?: MigrateOptions },
): { store: Store; migration: MigrateResult } {
  const db = openDatabase(filePath, { logger: deps.logger, ...deps.open });
  try {
    const migration = migrate(db, { logger: deps.logger, ...deps.migrations });
    return { store: createStore(db, deps), migration };
  } catch (e) {
    db.close();
    throw e;
  }
}
