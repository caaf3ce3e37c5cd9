import pg from 'pg';
import { migratePg } from './pg-migrations';
import { redactedUrl } from './pg-url';

export interface PgDb {
  pool: pg.Pool;
  /** store_meta's id: read models made from this database record it. */
  storeId: string;
  /** The connection string without its password: fit for logs. */
  url: string;
  close(): Promise<void>;
}

export interface PgOpenOptions {
  /** Connections in the pool (default 10). */
  max?: number;
  /** Shown in pg_stat_activity: which server a connection belongs to. */
  applicationName?: string;
  /** A connection that broke while idle in the pool (the server restarted, a proxy cut it). Default: ignored, the pool reconnects. */
  onIdleError?: (err: Error) => void;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Times and sequence numbers are bigint columns; pg returns them as strings by default. Epoch milliseconds
 * and sequence numbers stay far below 2^53, so they are parsed to numbers, for this pool only: the global
 * parser (pg.types) is left alone for anyone else using pg in the process.
 */
const numberTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (format !== 'binary' && (oid === INT8_OID || oid === NUMERIC_OID)) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** Opens a pool on `url`, brings the schema up to date (pg-migrations.ts) and reads the store's id. */
export async function openPgDatabase(url: string, opts: PgOpenOptions = {}): Promise<PgDb> {
  const safeUrl = redactedUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'hall-queue',
    types: numberTypes,
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
  });
  // Without a listener an idle connection's error would be thrown from the pool's EventEmitter and end the
  // process; the pool drops the broken client by itself and opens a new one when next needed.
  pool.on('error', (err) => opts.onIdleError?.(err));
  let storeId: string;
  try {
    await migratePg(pool);
    const { rows } = await pool.query<{ value: string }>(`SELECT value FROM store_meta WHERE key = 'id'`);
    if (!rows[0]) throw new Error('store_meta has no id');
    storeId = rows[0].value;
  } catch (err) {
    await pool.end().catch(() => undefined);
    // pg's own messages name the host and user, never the password; the URL in ours is redacted.
    throw new PgOpenError(`cannot open the PostgreSQL store at ${safeUrl}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  let closed: Promise<void> | null = null;
  return {
    pool,
    storeId,
    url: safeUrl,
    close: () => (closed ??= pool.end()),
  };
}

/** The database named by --database / DATABASE_URL cannot be used (unreachable, refused, not ours): said in one line. */
export class PgOpenError extends Error {
  override readonly name = 'PgOpenError';
}
