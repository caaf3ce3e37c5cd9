import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { retentionStart } from '../../src-main/app/privacy/purge-job';
import { MONDAY_9AM_BEIJING, ManualClock } from '../support/clock';
import { closeAllSockets, connectDevice, demoConfig, must, rid, startTestServer, tempDir } from '../support/hall-fixture';

const DAY = 24 * 60 * 60 * 1000;
const citizen = (n: number) => ({ maskedName: '张*', maskedId: '110101********123X', idHash: String(n).repeat(64).slice(0, 64) });

describe('personal data retention', () => {
  it('counts the retention in the hall’s own days', () => {
    // 00:30 on 23 November in Beijing is still 22 November in UTC.
    expect(retentionStart(Date.UTC(2026, 10, 22, 16, 30), 'Asia/Shanghai', 180)).toBe('2026-05-27');
    expect(retentionStart(MONDAY_9AM_BEIJING, 'Asia/Shanghai', 1)).toBe('2026-11-22');
  });

  it('purges ID hashes older than the retention when the server starts, logs it in the audit log, and leaves the event log alone', async () => {
    const tmp = tempDir();
    const dbFile = join(tmp.dir, 'hall.sqlite');
    const config = demoConfig((c) => (c.privacy = { retentionDays: 30 }));
    const clock = new ManualClock(MONDAY_9AM_BEIJING - 40 * DAY);
    let server = await startTestServer({ config, clock, dbFile });
    let kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    await must(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'A', citizen: citizen(1) });
    clock.advance(20 * DAY); // 20 days ago: inside the retention
    await must(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'A', citizen: citizen(2) });
    closeAllSockets();
    await server.close();

    const before = new Database(dbFile, { readonly: true });
    const eventsBefore = before.prepare(`SELECT seq, data FROM event_log ORDER BY seq`).all();
    before.close();

    clock.t = MONDAY_9AM_BEIJING;
    server = await startTestServer({ config, clock, dbFile });
    kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    await must(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'A', citizen: citizen(3) });
    await new Promise((r) => setTimeout(r, 50));
    closeAllSockets();
    await server.close();

    const db = new Database(dbFile, { readonly: true });
    const rows = db.prepare(`SELECT id, citizen_masked_name AS name, citizen_id_hash AS hash FROM tickets ORDER BY id`).all() as Array<{ id: string; name: string; hash: string | null }>;
    expect(rows).toEqual([
      { id: '2026-10-14/A001', name: '张*', hash: null },
      { id: '2026-11-03/A001', name: '张*', hash: citizen(2).idHash },
      { id: '2026-11-23/A001', name: '张*', hash: citizen(3).idHash },
    ]);
    // The log is append-only and untouched: the rows written before the purge are exactly as they were.
    const eventsAfter = db.prepare(`SELECT seq, data FROM event_log WHERE seq <= ? ORDER BY seq`).all((eventsBefore.at(-1) as { seq: number }).seq);
    expect(eventsAfter).toEqual(eventsBefore);
    expect(JSON.stringify(eventsAfter)).not.toContain(citizen(1).idHash);
    const audit = db.prepare(`SELECT actor_id, action, summary, data FROM audit_log WHERE action = 'privacy.purge'`).all() as Array<{ actor_id: string; summary: string; data: string }>;
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe('hall');
    expect(JSON.parse(audit[0]!.data)).toEqual({ beforeDay: '2026-10-24', counts: { tickets: 1, bookings: 0, cases: 0 }, retentionDays: 30 });
    db.close();
    tmp.cleanup();
  });
});
