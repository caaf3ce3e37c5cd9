import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditQuery, AuditRow } from '../../src-main/app/admin-ports';
import { HallService } from '../../src-main/app/hall-service';
import type { StoredEvent } from '../../src-main/app/ports';
import { hallConfigSchema } from '../../src-main/contracts';
import { zonedEpoch } from '../../src-main/domain/booking/zoned-time';
import type { Db } from '../../src-main/storage/sqlite';
import { openDatabase, SqliteAuditStore, SqliteHallStore } from '../../src-main/storage/sqlite';
import { ticketNumberOf } from '../../src-main/storage/sqlite/event-codec';
import { benchHallConfig } from '../../bench/bench-config';
import { simulateHistory } from '../../scripts/hall-history/simulate-history';
import { tempDir } from '../support/hall-fixture';

// The audit trail over three busy days: every filter and every page, checked against a plain filter of
// the whole log and the admin records.

const HOUR = 3_600_000;

describe('audit trail: indexed filters and keyset pages', () => {
  const tmp = tempDir('audit-');
  let db: Db;
  let store: SqliteAuditStore;
  let log: StoredEvent[];
  const hallId = 'bench-hall';
  let admin: Array<{ id: number; at: number; action: string; actor: string; number: string | null }>;

  beforeAll(async () => {
    const config = hallConfigSchema.parse(benchHallConfig(12, 1, 'scrypt$x'));
    db = openDatabase(join(tmp.dir, 'hall.sqlite'));
    db.pragma('synchronous = OFF');
    const clock = { t: zonedEpoch('2026-11-23', 8 * 60, config.timeZone), now: () => clock.t };
    const service = await HallService.open(config, new SqliteHallStore(db), clock);
    store = new SqliteAuditStore(db);
    // Admin records interleaved with the queue's events: an acknowledgement every simulated hour.
    admin = [];
    let n = 0;
    service.onCommit((c) => {
      const at = c.events.at(-1)!.at;
      if (Math.floor(at / HOUR) === Math.floor((at - 60_000) / HOUR)) return;
      const number = n % 2 === 0 ? 'A003' : null;
      store.append({ hallId, at, actor: { kind: 'supervisor', id: 'jiandu' }, action: 'alert.ack', summary: `确认 ${n}`, summaryEn: `ack ${n}`, data: number ? { number } : {} });
      admin.push({ id: ++n, at, action: 'alert.ack', actor: 'jiandu', number });
    });
    await simulateHistory(service, clock, { firstDay: '2026-11-23', days: 3, visitorsPerDay: 250, seed: 3 });
    await service.drain();
    log = new SqliteHallStore(db).readEvents(hallId, 0, 1_000_000);
  }, 60_000);

  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  /** What the page should hold: both sources filtered plainly, newest first. */
  function expected(q: Omit<AuditQuery, 'limit' | 'countCap'>): Array<{ source: string; ref: number }> {
    const types = q.types ?? [];
    const wantEvents = types.length === 0 || types.some((t) => !t.includes('.'));
    const wantAdmin = types.length === 0 || types.some((t) => t.includes('.'));
    const inTime = (at: number) => (q.from === undefined || at >= q.from) && (q.to === undefined || at < q.to);
    const events = wantEvents
      ? log.filter(
          (s) =>
            inTime(s.at) &&
            (types.length === 0 || types.includes(s.event.type)) &&
            (!q.actor || s.actor.id === q.actor) &&
            (!q.number || ticketNumberOf(s.event) === q.number),
        )
      : [];
    const records = wantAdmin ? admin.filter((a) => inTime(a.at) && (types.length === 0 || types.includes(a.action)) && (!q.actor || a.actor === q.actor) && (!q.number || a.number === q.number)) : [];
    const all = [...events.map((s) => ({ source: 'event', ref: s.seq, at: s.at })), ...records.map((a) => ({ source: 'admin', ref: a.id, at: a.at }))];
    return all.sort((a, b) => b.at - a.at || (a.source === b.source ? b.ref - a.ref : a.source === 'event' ? -1 : 1)).map(({ source, ref }) => ({ source, ref }));
  }

  /** Every page of a query, following `next`. */
  function walk(q: Omit<AuditQuery, 'limit' | 'countCap'>, limit: number): { rows: AuditRow[]; pages: number; total: number; capped: boolean } {
    const rows: AuditRow[] = [];
    let before: AuditQuery['before'];
    let pages = 0;
    let first: { total: number; capped: boolean } | null = null;
    for (;;) {
      const page = store.query(hallId, { ...q, before, limit, countCap: 10_000 });
      first ??= { total: page.total, capped: page.capped };
      pages++;
      rows.push(...page.rows);
      if (!page.next) break;
      before = page.next;
      expect(pages).toBeLessThan(10_000);
    }
    return { rows, pages, ...first! };
  }

  const from = zonedEpoch('2026-11-24', 10 * 60, 'Asia/Shanghai');
  const cases: Array<[string, Omit<AuditQuery, 'limit' | 'countCap'>]> = [
    ['a ticket number, any day', { number: 'A003' }],
    ['a staff member', { actor: 's5' }],
    ['rare types (an index)', { types: ['TicketMissed', 'WindowPaused'] }],
    ['a common type with an admin action', { types: ['ServiceRated', 'alert.ack'] }],
    ['two hours', { from, to: from + 2 * HOUR }],
    ['two hours of one window', { from, to: from + 2 * HOUR, actor: 's2', types: ['TicketCalled', 'ServiceFinished'] }],
    ['a number nobody had', { number: 'Z999' }],
  ];

  for (const [name, q] of cases) {
    it(`${name}: every match once, newest first, over pages`, () => {
      const want = expected(q);
      const got = walk(q, 37);
      expect(got.rows.map((r) => ({ source: r.source, ref: r.ref }))).toEqual(want);
      expect(got.total).toBe(Math.min(want.length, 10_000));
      expect(got.capped).toBe(want.length >= 10_000);
    });
  }

  it('the newest page of everything, and a count that stops at its cap', () => {
    const page = store.query(hallId, { limit: 50, countCap: 1_000 });
    expect(log.length).toBeGreaterThan(1_000);
    expect(page).toMatchObject({ total: 1_000, capped: true });
    expect(page.rows.map((r) => ({ source: r.source, ref: r.ref }))).toEqual(expected({}).slice(0, 50));
    const event = page.rows.find((r) => r.source === 'event')!;
    expect(event.source === 'event' && event.event).toEqual(log.find((s) => s.seq === event.ref)!.event);
  });

  it('searches by number, actor and rare type walk an index, never the whole log', () => {
    const plan = (sql: string, ...params: unknown[]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(plan(`SELECT seq FROM event_log INDEXED BY event_log_by_ticket WHERE hall = 1 AND ticket = ? ORDER BY seq DESC LIMIT 50`, 'A003')).toMatch(/USING (COVERING )?INDEX event_log_by_ticket/);
    expect(plan(`SELECT seq FROM event_log INDEXED BY event_log_by_rare_type WHERE hall = 1 AND type IN ('TicketMissed') AND type NOT IN ('TicketIssued', 'TicketCalled', 'ServiceStarted', 'ServiceFinished', 'ServiceRated') ORDER BY seq DESC LIMIT 50`)).toMatch(/INDEX event_log_by_rare_type/);
  });
});
