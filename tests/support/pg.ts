import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * PostgreSQL for tests: every test file gets its own database on one server, so files run in
 * parallel without seeing each other's rows. TEST_PG_URL names the server (and the maintenance
 * database to connect to for CREATE/DROP DATABASE).
 */
export const PG_SERVER_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The same server, another database. */
function urlOf(database: string): string {
  const url = new URL(PG_SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_SERVER_URL, connectionTimeoutMillis: 5_000 });
  // A server that goes away between queries must fail the test, not crash the worker.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether the test server answers; files can `describe.skipIf(!(await pgAvailable()))`. */
export async function pgAvailable(): Promise<boolean> {
  try {
    await withAdmin((c) => c.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

export interface FreshPgDatabase {
  /** Connection string of the new, empty database. */
  url: string;
  /** Ends every connection still open to it (pools a test forgot to close) and drops it. */
  drop(): Promise<void>;
}

/** Creates an empty database `hq_t_<random hex>`; call `drop()` in afterAll/afterEach. */
export async function freshPgDatabase(): Promise<FreshPgDatabase> {
  const name = `hq_t_${randomBytes(8).toString('hex')}`;
  // The name is ours (hex only), so quoting it as an identifier is safe.
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  let dropped = false;
  return {
    url: urlOf(name),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin(async (c) => {
        // Refuse new connections first, so a pool reconnecting in the background cannot race the DROP.
        await c.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
        await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
    },
  };
}
