import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { HallEvent } from '../../domain';
import { maskIdNumber } from '../../domain';
import { citizenRequestScope } from '../../app/identity';
import type { MigrationHooks } from './migrations';
import { decodeEvent, encodeEvent } from './event-codec';
import type { LoggedEventRow } from '../rows/event-rows';

// 7: no ID number recoverable from the database file. Before it a file or a backup gave every number back
// in under a second each: masks showed the region, the sequence and the check digit (only the birth date
// was hidden), the HMAC key of the ID hashes was stored in the configs beside them, and a citizen's actor id
// in the event log was the first 24 hex characters of that HMAC. Now: masks show the first and last
// character only (maskIdNumber), the key lives outside (src-main/hall/id-hash-key.ts; this migration hands
// it to `hooks.moveIdHashKey`), and a citizen's actor is their booking's random id or a random one.
// Nothing else is lost: ID hashes stay (made with the same key, now outside), so check-in by ID card and
// the per-citizen booking limits keep working.

/** The old actor id of a citizen: the first 24 hex characters of the HMAC of their ID number. */
const DERIVED_ACTOR = /^[0-9a-f]{24}$/;
const MASKED_ID_IN_JSON = /"maskedId":"([^"\\]*)"/g;

/** A row of the compact log (migration 6), keyed by hall number. */
interface EventRow extends LoggedEventRow {
  hall: number;
}

export function hideIdNumbers(db: Database.Database, hooks: MigrationHooks): void {
  // Deleted and overwritten rows are zeroed in their pages; the VACUUM after the migration drops free pages.
  db.pragma('secure_delete = ON');
  moveKeysOut(db, hooks);
  db.function('remask_id', { deterministic: true }, (m: unknown) => (typeof m === 'string' ? maskIdNumber(m) : m));
  db.exec(`
    UPDATE tickets SET citizen_masked_id = remask_id(citizen_masked_id) WHERE citizen_masked_id IS NOT NULL;
    UPDATE bookings SET masked_id = remask_id(masked_id);
  `);
  rewriteLog(db);
  rewriteRequestResults(db);
}

/** Takes each hall's key out of every stored config version; the latest version's key is moved out. */
function moveKeysOut(db: Database.Database, hooks: MigrationHooks): void {
  const rows = db.prepare(`SELECT hall_id, version, config FROM config_versions ORDER BY hall_id, version`).all() as Array<{ hall_id: string; version: number; config: string }>;
  const update = db.prepare(`UPDATE config_versions SET config = ? WHERE hall_id = ? AND version = ?`);
  const keys = new Map<string, string>();
  for (const r of rows) {
    const config = JSON.parse(r.config) as { secrets?: { idHashKey?: unknown } };
    if (!config.secrets || !('idHashKey' in config.secrets)) continue;
    if (typeof config.secrets.idHashKey === 'string') keys.set(r.hall_id, config.secrets.idHashKey);
    delete config.secrets.idHashKey;
    update.run(JSON.stringify(config), r.hall_id, r.version);
  }
  if (keys.size === 0) return;
  if (!hooks.moveIdHashKey) {
    throw new Error('migration 7 moves the ID hash key out of the database: upgrade it by starting the hall server with its config (npm start)');
  }
  for (const [hallId, key] of keys) hooks.moveIdHashKey(hallId, key);
}

/** Re-masks ID numbers in new tickets and bookings, and replaces citizens' actor ids derived from their ID. */
function rewriteLog(db: Database.Database): void {
  const page = db.prepare(
    `SELECT hall, seq, at, type, actor_kind, actor_id, data FROM event_log
     WHERE (hall, seq) > (?, ?) AND (type IN ('TicketIssued', 'BookingMade') OR actor_kind = 'citizen')
     ORDER BY hall, seq LIMIT 5000`,
  );
  const update = db.prepare(`UPDATE event_log SET actor_id = ?, data = ? WHERE hall = ? AND seq = ?`);
  // The log is append-only by trigger; this migration is the one place allowed to rewrite it.
  db.exec(`DROP TRIGGER event_log_append_only_update`);
  let after: [number, number] = [0, 0];
  for (let rows = page.all(...after) as EventRow[]; rows.length > 0; rows = page.all(...after) as EventRow[]) {
    after = [rows.at(-1)!.hall, rows.at(-1)!.seq];
    for (const row of rows) {
      const event = decodeEvent('', row.type, row.at, row.data);
      const data = remasked(event) ? encodeEvent(event).data : row.data;
      const actorId = row.actor_kind === 'citizen' && DERIVED_ACTOR.test(row.actor_id) ? citizenActorFor(event) : row.actor_id;
      if (data !== row.data || actorId !== row.actor_id) update.run(actorId, data, row.hall, row.seq);
    }
  }
  db.exec(`CREATE TRIGGER event_log_append_only_update BEFORE UPDATE ON event_log
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;`);
}

/** Narrows the mask an event carries, in place; true when it changed. */
function remasked(event: HallEvent): boolean {
  const holder = event.type === 'TicketIssued' ? event.ticket.citizen : event.type === 'BookingMade' ? event.booking : null;
  if (!holder) return false;
  const narrower = maskIdNumber(holder.maskedId);
  if (narrower === holder.maskedId) return false;
  holder.maskedId = narrower;
  return true;
}

/** As the hall now writes it: the booking's own id for booking events, else a random id. */
function citizenActorFor(event: HallEvent): string {
  if (event.type === 'BookingMade') return event.booking.id;
  if ('bookingId' in event) return event.bookingId;
  return randomBytes(12).toString('base64url');
}

/** Answers kept for retries (six hours): narrower masks, and citizens' scopes as the hall now makes them. */
function rewriteRequestResults(db: Database.Database): void {
  const rows = db.prepare(`SELECT id, actor, request_id, result FROM request_results WHERE actor LIKE 'citizen:%' OR result LIKE '%"maskedId"%'`).all() as Array<{
    id: number;
    actor: string;
    request_id: string;
    result: string;
  }>;
  const update = db.prepare(`UPDATE request_results SET actor = ?, result = ? WHERE id = ?`);
  for (const r of rows) {
    const old = r.actor.startsWith('citizen:') ? r.actor.slice('citizen:'.length) : '';
    const actor = DERIVED_ACTOR.test(old) ? citizenRequestScope(old, r.request_id) : r.actor;
    const result = r.result.replace(MASKED_ID_IN_JSON, (_m, masked: string) => `"maskedId":"${maskIdNumber(masked)}"`);
    if (actor !== r.actor || result !== r.result) update.run(actor, result, r.id);
  }
}
