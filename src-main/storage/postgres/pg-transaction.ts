import type pg from 'pg';

/**
 * Runs `fn` in one transaction on a client of its own: BEGIN, then COMMIT, or ROLLBACK when `fn` throws.
 * Resolves only after COMMIT returned. The client always goes back to the pool; one whose connection broke
 * (an error event, or a ROLLBACK that failed) is destroyed rather than handed to the next caller.
 */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // The pool listens for errors only on idle clients: a checked-out client that loses its connection would
  // otherwise emit an unhandled 'error' and end the process.
  const onError = (err: Error) => (broken ??= err);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((e: unknown) => (broken ??= e instanceof Error ? e : new Error(String(e))));
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
