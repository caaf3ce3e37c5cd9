import { afterAll, beforeAll } from 'vitest';
import type { FreshPgDatabase } from '../../support/pg';
import { freshPgDatabase } from '../../support/pg';
import type { ClusterOptions } from './cluster';
import { closeClusterSockets, TestCluster } from './cluster';

/** What a kiosk's ticket:issue answers (the parts the cluster tests read). */
export type Issued = { ticket: { id: string; number: string } };

/** A fresh database and a cluster of real server processes on it for one test file, stopped after it. */
export function clusterPerFile(opts: Omit<ClusterOptions, 'database'>): { db: () => FreshPgDatabase; cluster: () => TestCluster } {
  let db: FreshPgDatabase | undefined;
  let cluster: TestCluster | undefined;
  beforeAll(async () => {
    db = await freshPgDatabase();
    cluster = await new TestCluster({ ...opts, database: db.url }).start();
  }, 120_000);
  afterAll(async () => {
    closeClusterSockets();
    await cluster?.stop();
    await db?.drop();
  });
  return { db: () => db!, cluster: () => cluster! };
}
