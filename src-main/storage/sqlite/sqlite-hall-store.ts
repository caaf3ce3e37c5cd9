import type { HallEvent } from '../../domain';
import type { CallRecord, CommitBatch, HallStore, LoadedHall, StoredEvent } from '../../app/ports';
import type { Db } from './open-database';
import type { TicketRow, WindowRow } from './ticket-rows';
import { rowToTicket, rowToWindow, ticketToRow, windowToRow } from './ticket-rows';

/** The log keeps who did what, not secrets: ID hashes and live-page tokens stay in the tickets table only. */
function loggable(event: HallEvent): HallEvent {
  if (event.type !== 'TicketIssued') return event;
  const { token: _token, citizen, ...rest } = event.ticket;
  return {
    ...event,
    ticket: { ...rest, token: '', citizen: citizen ? { maskedName: citizen.maskedName, maskedId: citizen.maskedId, idHash: '' } : null },
  };
}

interface EventRow {
  hall_id: string;
  seq: number;
  at: number;
  type: string;
  actor_kind: string;
  actor_id: string;
  request_id: string | null;
  data: string;
}

export class SqliteHallStore implements HallStore {
  private readonly insertEvent;
  private readonly upsertTicket;
  private readonly upsertWindow;
  private readonly upsertHall;
  private readonly insertRequest;
  private readonly selectRequest;
  private readonly commitTx;

  constructor(private readonly db: Db) {
    this.insertEvent = db.prepare(
      `INSERT INTO events (hall_id, seq, at, type, actor_kind, actor_id, request_id, data)
       VALUES (@hall_id, @seq, @at, @type, @actor_kind, @actor_id, @request_id, @data)`,
    );
    const ticketColumns = Object.keys(ticketToRow(SAMPLE_TICKET));
    this.upsertTicket = db.prepare(
      `INSERT INTO tickets (${ticketColumns.join(', ')}) VALUES (${ticketColumns.map((c) => `@${c}`).join(', ')})
       ON CONFLICT (hall_id, id) DO UPDATE SET ${ticketColumns
         .filter((c) => c !== 'hall_id' && c !== 'id')
         .map((c) => `${c} = excluded.${c}`)
         .join(', ')}`,
    );
    this.upsertWindow = db.prepare(
      `INSERT INTO windows (hall_id, id, status, staff_id, current_ticket_id, pause_reason, paused_at, opened_at, priority_streak)
       VALUES (@hall_id, @id, @status, @staff_id, @current_ticket_id, @pause_reason, @paused_at, @opened_at, @priority_streak)
       ON CONFLICT (hall_id, id) DO UPDATE SET status = excluded.status, staff_id = excluded.staff_id,
         current_ticket_id = excluded.current_ticket_id, pause_reason = excluded.pause_reason, paused_at = excluded.paused_at,
         opened_at = excluded.opened_at, priority_streak = excluded.priority_streak`,
    );
    this.upsertHall = db.prepare(
      `INSERT INTO halls (id, service_day, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET service_day = excluded.service_day, updated_at = excluded.updated_at
       WHERE halls.service_day IS NOT excluded.service_day`,
    );
    this.insertRequest = db.prepare(`INSERT INTO requests (hall_id, actor_key, request_id, at, result) VALUES (?, ?, ?, ?, ?)`);
    this.selectRequest = db.prepare(`SELECT result FROM requests WHERE hall_id = ? AND actor_key = ? AND request_id = ?`).pluck();
    this.commitTx = db.transaction((batch: CommitBatch) => {
      for (const s of batch.events) {
        this.insertEvent.run({
          hall_id: s.hallId,
          seq: s.seq,
          at: s.at,
          type: s.event.type,
          actor_kind: s.actor.kind,
          actor_id: s.actor.id,
          request_id: s.requestId,
          data: JSON.stringify(loggable(s.event)),
        });
      }
      for (const t of batch.tickets) this.upsertTicket.run(ticketToRow(t));
      for (const w of batch.windows) this.upsertWindow.run(windowToRow(w));
      const at = batch.at;
      this.upsertHall.run(batch.hallId, batch.serviceDay, at);
      for (const r of batch.requests) this.insertRequest.run(batch.hallId, r.actorKey, r.requestId, at, JSON.stringify(r.result));
    });
  }

  commit(batch: CommitBatch): void {
    this.commitTx(batch);
  }

  findRequestResult(hallId: string, actorKey: string, requestId: string): unknown {
    const raw = this.selectRequest.get(hallId, actorKey, requestId) as string | undefined;
    return raw === undefined ? undefined : JSON.parse(raw);
  }

  loadHall(hallId: string, serviceSamples: number): LoadedHall {
    const db = this.db;
    const serviceDay = (db.prepare(`SELECT service_day FROM halls WHERE id = ?`).pluck().get(hallId) as string | null | undefined) ?? null;
    const tickets = (
      db
        .prepare(`SELECT * FROM tickets WHERE hall_id = ? AND (service_day = ? OR state IN ('waiting', 'called', 'serving'))`)
        .all(hallId, serviceDay) as TicketRow[]
    ).map(rowToTicket);
    const windows = (db.prepare(`SELECT * FROM windows WHERE hall_id = ?`).all(hallId) as WindowRow[]).map(rowToWindow);
    const recentServiceMs: Record<string, number[]> = {};
    const finished = db.prepare(
      `SELECT finished_at - COALESCE(serving_at, called_at, finished_at) FROM tickets
       WHERE hall_id = ? AND category_id = ? AND state = 'finished' ORDER BY finished_at DESC LIMIT ?`,
    );
    const categories = db.prepare(`SELECT DISTINCT category_id FROM tickets WHERE hall_id = ? AND state = 'finished'`).pluck().all(hallId) as string[];
    for (const c of categories) recentServiceMs[c] = (finished.pluck().all(hallId, c, serviceSamples) as number[]).reverse();
    const lastSeq = (db.prepare(`SELECT MAX(seq) FROM events WHERE hall_id = ?`).pluck().get(hallId) as number | null) ?? 0;
    const recentCalls: CallRecord[] = [];
    const callRows = db
      .prepare(`SELECT seq, at, data FROM events WHERE hall_id = ? AND type IN ('TicketCalled', 'TicketRecalled') ORDER BY seq DESC LIMIT 30`)
      .all(hallId) as Array<{ seq: number; at: number; data: string }>;
    for (const row of callRows) {
      const e = JSON.parse(row.data) as Extract<HallEvent, { type: 'TicketCalled' | 'TicketRecalled' }>;
      if (serviceDay && !e.ticketId.startsWith(`${serviceDay}/`)) continue;
      recentCalls.push({ seq: row.seq, ticketId: e.ticketId, windowId: e.windowId, callCount: e.callCount, recall: e.type === 'TicketRecalled', at: row.at });
    }
    return { serviceDay, tickets, windows, recentServiceMs, lastSeq, recentCalls };
  }

  readEvents(hallId: string, afterSeq: number, limit: number): StoredEvent[] {
    const rows = this.db
      .prepare(`SELECT * FROM events WHERE hall_id = ? AND seq > ? ORDER BY seq LIMIT ?`)
      .all(hallId, afterSeq, limit) as EventRow[];
    return rows.map((r) => ({
      hallId: r.hall_id,
      seq: r.seq,
      at: r.at,
      actor: { kind: r.actor_kind as StoredEvent['actor']['kind'], id: r.actor_id },
      requestId: r.request_id,
      event: JSON.parse(r.data) as HallEvent,
    }));
  }
}

// Column names come from the row mapper, so the SQL cannot drift from it.
const SAMPLE_TICKET = {
  hallId: '', id: '', serviceDay: '', categoryId: '', issuedCategoryId: '', seq: 0, number: '', matterId: null,
  source: 'kiosk', priorityClass: null, appointment: null, citizen: null, token: '', state: 'waiting', queueKey: 0,
  issuedAt: 0, callCount: 0, calledAt: null, windowId: null, targetWindowId: null, servingAt: null, finishedAt: null,
  missedAt: null, closedAt: null, matterHandled: null, staffId: null, transferCount: 0,
} as const;
