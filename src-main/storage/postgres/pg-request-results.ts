import type pg from 'pg';
import type { StoredRequest } from '../../app/ports';
import { restoredResult } from '../sqlite/request-results';

interface Refs {
  ticket?: unknown;
  booking?: unknown;
}

/**
 * Request answers kept since `sinceAt`, oldest first, their tokens and codes read back from the ticket and
 * booking rows (storage/sqlite/request-results.ts keeps references instead of them). `restoredResult` asks
 * for those rows one at a time and synchronously, so they are fetched first, in two queries for them all.
 */
export async function restoreRequests(pool: pg.Pool, hallId: string, sinceAt: number): Promise<StoredRequest[]> {
  const { rows } = await pool.query<{ actor: string; request_id: string; at: number; command: string; result: string }>({
    name: 'hq_recent_requests',
    text: 'SELECT actor, request_id, at, command, result FROM request_results WHERE hall_id = $1 AND at >= $2 ORDER BY id',
    values: [hallId, sinceAt],
  });
  const ticketIds = new Set<string>();
  const bookingIds = new Set<string>();
  for (const r of rows) {
    if (!r.result.includes('"$refs"')) continue;
    const refs = (JSON.parse(r.result) as { $refs?: Refs }).$refs;
    if (typeof refs?.ticket === 'string') ticketIds.add(refs.ticket);
    if (typeof refs?.booking === 'string') bookingIds.add(refs.booking);
  }
  const bookings = new Map<string, { code: string; token: string; ticketId: string | null }>();
  if (bookingIds.size > 0) {
    const found = await pool.query<{ id: string; code: string; token: string; ticket_id: string | null }>(
      'SELECT id, code, token, ticket_id FROM bookings WHERE hall_id = $1 AND id = ANY($2::text[])',
      [hallId, [...bookingIds]],
    );
    for (const b of found.rows) {
      bookings.set(b.id, { code: b.code, token: b.token, ticketId: b.ticket_id });
      if (b.ticket_id) ticketIds.add(b.ticket_id);
    }
  }
  const tokens = new Map<string, string>();
  if (ticketIds.size > 0) {
    const found = await pool.query<{ id: string; token: string }>('SELECT id, token FROM tickets WHERE hall_id = $1 AND id = ANY($2::text[])', [hallId, [...ticketIds]]);
    for (const t of found.rows) tokens.set(t.id, t.token);
  }
  const secrets = { ticketToken: (id: string) => tokens.get(id), booking: (id: string) => bookings.get(id) };
  return rows.map((r) => ({ actorKey: r.actor, requestId: r.request_id, at: r.at, command: r.command, result: restoredResult(r.result, secrets) }));
}
