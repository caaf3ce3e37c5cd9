import type pg from 'pg';
import { HallService } from '../../src-main/app/hall-service';
import type { Actor, Clock } from '../../src-main/app/ports';
import { hallConfigSchema } from '../../src-main/contracts';
import type { PgDb } from '../../src-main/storage/postgres';
import { PgHallStore } from '../../src-main/storage/postgres';
import { benchHallConfig } from '../bench-config';

// Section (e), first part: the durable cycles of section (a) on PostgreSQL, beside raw single-row commits
// through the same pool (same connection settings, synchronous_commit left on).

/** Raw substrate: one single-row INSERT per transaction (autocommit), `workers` of them at once on the pool. */
export class RawPgInserts {
  private n = 0;
  private readonly payload = JSON.stringify({ type: 'TicketIssued', number: 'A001', categoryId: 'A', source: 'kiosk' });

  private constructor(private readonly pool: pg.Pool) {}

  static async open(db: PgDb): Promise<RawPgInserts> {
    await db.pool.query(`CREATE TABLE IF NOT EXISTS bench_raw (id bigserial PRIMARY KEY, hall_id text, number text, state text, category_id text, issued_at bigint, data text)`);
    return new RawPgInserts(db.pool);
  }

  /** Commits per second over `seconds`, with `workers` transactions in flight at once. */
  async run(seconds: number, workers: number): Promise<number> {
    const start = performance.now();
    const end = start + seconds * 1000;
    let count = 0;
    const worker = async () => {
      while (performance.now() < end) {
        const i = this.n++;
        await this.pool.query({
          name: 'bench-raw-insert',
          text: `INSERT INTO bench_raw (hall_id, number, state, category_id, issued_at, data) VALUES ($1, $2, $3, $4, $5, $6)`,
          values: ['bench-hall', `A${i % 1000}`, 'waiting', 'A', i, this.payload],
        });
        count++;
      }
    };
    await Promise.all(Array.from({ length: workers }, worker));
    return count / ((performance.now() - start) / 1000);
  }
}

/** A clock that moves 10 s each time it is read (as section (a)'s): days roll over during long runs. */
function marchingClock(): Clock {
  let t = Date.UTC(2026, 10, 23, 1, 0, 0);
  return { now: () => (t += 10_000) };
}

/**
 * Section (a)'s issue → call → finish cycles through HallService and PgHallStore: the hall has a
 * `hall_leases` row held by this process with fence 1, and the fences object returns that fence, so every
 * commit checks it as on a cluster server.
 */
export class PgHallCycles {
  private constructor(
    private readonly service: HallService,
    private readonly streams: number,
    private readonly matterOf: Map<string, string>,
  ) {}

  static async open(db: PgDb, streams: number): Promise<PgHallCycles> {
    const input = benchHallConfig(Math.max(streams, 5), 1, 'scrypt$x', true);
    const config = hallConfigSchema.parse({ ...input, id: `bench-hall-${streams}` });
    await db.pool.query(
      `INSERT INTO hall_leases (hall_id, owner, fence, expires_at) VALUES ($1, 'bench', 1, now() + interval '1 day')
       ON CONFLICT (hall_id) DO UPDATE SET owner = 'bench', fence = 1, expires_at = now() + interval '1 day'`,
      [config.id],
    );
    const store = new PgHallStore(db, { fenceOf: (hallId) => (hallId === config.id ? 1 : undefined) });
    const service = await HallService.open(config, store, marchingClock());
    for (let w = 1; w <= streams; w++) {
      const ok = await service.execute({ type: 'OpenWindow', windowId: w, staffId: `s${w}` }, { kind: 'staff', id: `s${w}` }, { present: () => null });
      if (!ok.ok) throw new Error(`open window ${w}: ${ok.failure.code}`);
    }
    return new PgHallCycles(service, streams, new Map(config.categories.map((c) => [c.id, c.matters[0]!.id])));
  }

  private request = 0;
  private token = 0;

  /** Cycles per second over `seconds`. */
  async run(seconds: number): Promise<number> {
    const end = performance.now() + seconds * 1000;
    const categories = [...this.matterOf.keys()];
    const kiosk: Actor = { kind: 'device', id: 'kiosk-1' };
    let cycles = 0;
    const rid = () => `bench-pg-${this.streams}-${++this.request}`;
    const stream = async (windowId: number) => {
      const staff: Actor = { kind: 'staff', id: `s${windowId}` };
      const present = () => null;
      for (let i = windowId; performance.now() < end; i++) {
        const categoryId = categories[i % categories.length]!;
        const issued = await this.service.execute({ type: 'IssueTicket', categoryId, source: 'kiosk', token: `bench-token-${this.streams}-${++this.token}-xxxxxxxx` }, kiosk, {
          requestId: rid(),
          present: ({ events }) => (events.find((e) => e.type === 'TicketIssued') as { ticket: { number: string } }).ticket.number,
        });
        if (!issued.ok) throw new Error(`issue failed: ${issued.failure.code}`);
        const called = await this.service.execute({ type: 'CallNumber', windowId, number: issued.data }, staff, { requestId: rid(), present });
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
}
