import type { Ack } from '../../src-main/contracts';
import { freshPgDatabase } from '../../tests/support/pg';
import type { TestSocket } from '../../tests/support/hall-fixture';
import { askWithin, closeClusterSockets, connected, connectTo, sql, TestCluster } from '../../tests/cluster/support/cluster';

// Section (e), third part: three servers, three halls (one each); the owner of a hall is killed with
// SIGKILL, and a kiosk connected to a surviving server issues a ticket over and over (the same requestId,
// as the kiosks retry) until one is accepted. Then the killed server is started again and the halls settle.

export interface FailoverSample {
  /** Kill → first accepted command at a kiosk on a surviving server, ms. */
  ms: number;
  /** Kill → the new owner's lease in PostgreSQL, ms (as seen by polling every 50 ms). */
  takeoverMs: number;
  attempts: number;
  /** Codes of the refused attempts, and 'timeout' for attempts that got no answer. */
  refusals: string[];
}

const HALLS = ['bench-hall-1', 'bench-hall-2', 'bench-hall-3'];
let n = 0;
const rid = () => `fo-${process.pid}-${++n}`;

async function owners(database: string): Promise<Map<string, { owner: string; fence: number }>> {
  const rows = await sql<{ hall_id: string; owner: string | null; fence: string; live: boolean }>(database, `SELECT hall_id, owner, fence, expires_at > now() AS live FROM hall_leases`);
  return new Map(rows.filter((r) => r.live && r.owner).map((r) => [r.hall_id, { owner: r.owner!, fence: Number(r.fence) }]));
}

/** Every hall live, one per server, three checks in a row. */
async function settled(database: string, timeoutMs = 60_000): Promise<Map<string, { owner: string; fence: number }>> {
  const until = Date.now() + timeoutMs;
  let stable = 0;
  for (;;) {
    const o = await owners(database);
    const even = o.size === HALLS.length && new Set([...o.values()].map((x) => x.owner)).size === HALLS.length;
    stable = even ? stable + 1 : 0;
    if (stable >= 3) return o;
    if (Date.now() > until) throw new Error(`halls did not settle one per server: ${JSON.stringify([...o])}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function failovers(kills: number, log: (line: string) => void): Promise<FailoverSample[]> {
  const db = await freshPgDatabase();
  const cluster = new TestCluster({ database: db.url, size: 3, halls: HALLS });
  const samples: FailoverSample[] = [];
  try {
    await cluster.start();
    for (let k = 0; k < kills; k++) {
      const before = await settled(db.url);
      const hall = HALLS[k % HALLS.length]!;
      const victim = cluster.indexOf(before.get(hall)!.owner);
      const survivor = [0, 1, 2].find((i) => i !== victim)!;
      const kiosk: TestSocket = await connectTo(cluster.node(survivor).url, { hallId: hall, deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1' });
      // One accepted command first: the relay to the owner is up.
      const warm = await askWithin(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'A' }, 5000);
      if (!warm?.ok) throw new Error(`issue before the kill failed: ${JSON.stringify(warm)}`);
      const fence = before.get(hall)!.fence;
      const t0 = performance.now();
      cluster.nodes[victim]!.proc.child.kill('SIGKILL');
      let takeoverMs = Number.NaN;
      const watch = (async () => {
        while (Number.isNaN(takeoverMs) && performance.now() - t0 < 30_000) {
          const o = (await owners(db.url)).get(hall);
          if (o && o.fence > fence) takeoverMs = performance.now() - t0;
          else await new Promise((r) => setTimeout(r, 50));
        }
      })();
      const requestId = rid();
      const refusals: string[] = [];
      let attempts = 0;
      let ms = Number.NaN;
      while (performance.now() - t0 < 30_000) {
        attempts++;
        await connected(kiosk, 1000);
        const ack: Ack<unknown> | null = await askWithin(kiosk, 'ticket:issue', { requestId, categoryId: 'A' }, 1000);
        if (ack?.ok) {
          ms = performance.now() - t0;
          break;
        }
        refusals.push(ack ? ack.code : 'timeout');
        if (ack) await new Promise((r) => setTimeout(r, 100));
      }
      await watch;
      await cluster.nodes[victim]!.proc.exited;
      cluster.nodes[victim] = null;
      kiosk.disconnect();
      samples.push({ ms, takeoverMs, attempts, refusals });
      const codes = [...new Set(refusals)].map((c) => `${c}×${refusals.filter((x) => x === c).length}`).join(', ');
      log(`    kill ${k + 1}: ${hall} accepted again after ${(ms / 1000).toFixed(2)} s (new lease after ${(takeoverMs / 1000).toFixed(2)} s; ${attempts} attempts${codes ? `: ${codes}` : ''})`);
      await cluster.startNode(victim);
    }
    await settled(db.url);
    return samples;
  } finally {
    closeClusterSockets();
    await cluster.stop();
    await db.drop();
  }
}
