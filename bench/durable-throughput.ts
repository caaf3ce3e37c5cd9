import Database from 'better-sqlite3';
import { join } from 'node:path';
import { HallService } from '../src-main/app/hall-service';
import type { Actor, Clock } from '../src-main/app/ports';
import { hallConfigSchema } from '../src-main/contracts';
import type { Db } from '../src-main/storage/sqlite';
import { openDatabase, SqliteHallStore } from '../src-main/storage/sqlite';
import { benchHallConfig } from './bench-config';

/** Raw substrate: single-row INSERTs, each its own transaction, WAL + synchronous=FULL like the hall's database. */
export class RawInserts {
  private readonly db: Db;
  private readonly insert;
  private n = 0;
  private readonly payload = JSON.stringify({ type: 'TicketIssued', number: 'A001', categoryId: 'A', source: 'kiosk' });

  constructor(dir: string) {
    this.db = new Database(join(dir, 'raw.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, hall_id TEXT, number TEXT, state TEXT, category_id TEXT, issued_at INTEGER, data TEXT)`);
    this.insert = this.db.prepare(`INSERT INTO t (hall_id, number, state, category_id, issued_at, data) VALUES (?, ?, ?, ?, ?, ?)`);
  }

  /** Inserts per second over `seconds`. */
  run(seconds: number): number {
    const start = performance.now();
    const end = start + seconds * 1000;
    let count = 0;
    while (performance.now() < end) {
      this.insert.run('bench-hall', `A${this.n % 1000}`, 'waiting', 'A', this.n++, this.payload);
      count++;
    }
    return count / ((performance.now() - start) / 1000);
  }

  close(): void {
    this.db.close();
  }
}

/** A clock that moves 10 s each time it is read: days roll over during long runs, as in real use. */
function marchingClock(): Clock {
  let t = Date.UTC(2026, 10, 23, 1, 0, 0);
  return { now: () => (t += 10_000) };
}

/**
 * Durable issue → call → finish cycles through the real HallService and SQLite store, with request ids
 * as the socket handlers send them. `streams` windows work at once: a kiosk issues a ticket, the window
 * calls that number, then finishes it.
 */
export class HallCycles {
  private constructor(
    private readonly service: HallService,
    private readonly db: Db,
    private readonly streams: number,
    private readonly matterOf: Map<string, string>,
  ) {}

  static async open(dir: string, streams: number): Promise<HallCycles> {
    const config = hallConfigSchema.parse(benchHallConfig(Math.max(streams, 5), 1, 'scrypt$x', true));
    const db = openDatabase(join(dir, `hall-${streams}.sqlite`));
    const service = await HallService.open(config, new SqliteHallStore(db), marchingClock());
    for (let w = 1; w <= streams; w++) {
      await service.execute({ type: 'OpenWindow', windowId: w, staffId: `s${w}` }, { kind: 'staff', id: `s${w}` }, { present: () => null });
    }
    return new HallCycles(service, db, streams, new Map(config.categories.map((c) => [c.id, c.matters[0]!.id])));
  }

  private request = 0;
  private token = 0;

  /** Cycles per second over `seconds`. */
  async run(seconds: number): Promise<number> {
    const end = performance.now() + seconds * 1000;
    const categories = [...this.matterOf.keys()];
    const kiosk: Actor = { kind: 'device', id: 'kiosk-1' };
    let cycles = 0;
    const rid = () => `bench-${++this.request}`;
    const stream = async (windowId: number) => {
      const staff: Actor = { kind: 'staff', id: `s${windowId}` };
      const present = () => null;
      for (let i = windowId; performance.now() < end; i++) {
        const categoryId = categories[i % categories.length]!;
        const issued = await this.service.execute({ type: 'IssueTicket', categoryId, source: 'kiosk', token: `bench-token-${++this.token}-xxxxxxxx` }, kiosk, {
          requestId: rid(),
          present: ({ events }) => (events.find((e) => e.type === 'TicketIssued') as { ticket: { number: string } }).ticket.number,
        });
        if (!issued.ok) throw new Error(`issue failed: ${issued.failure.code}`);
        const called = await this.service.execute({ type: 'CallNumber', windowId, number: issued.data }, staff, { requestId: rid(), present });
        // Midnight passed between two steps: the ticket expired with its day, as it would in a hall.
        if (!called.ok && called.failure.code === 'NO_SUCH_TICKET') continue;
        if (!called.ok) throw new Error(`call failed: ${called.failure.code}`);
        const finished = await this.service.execute({ type: 'FinishService', windowId, matterId: this.matterOf.get(categoryId)! }, staff, { requestId: rid(), present });
        if (!finished.ok && finished.failure.code === 'NO_ACTIVE_TICKET') continue;
        if (!finished.ok) throw new Error(`finish failed: ${finished.failure.code}`);
        cycles++;
      }
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: this.streams }, (_, i) => stream(i + 1)));
    return cycles / ((performance.now() - start) / 1000);
  }

  close(): void {
    this.db.close();
  }
}
