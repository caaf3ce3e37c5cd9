import { describe, expect, it } from 'vitest';
import type { Ack } from '../../src-main/contracts';
import { rid } from '../support/hall-fixture';
import { askWithin, connectTo, sql, staffOn } from './support/cluster';
import { clusterPerFile } from './support/cluster-per-file';

// Six halls over three servers: they spread two by two, a server stopped gracefully hands its halls over
// at once (no lease to wait for), and one that comes back gets its share again. Requests about any hall
// work on any server: HTTP (login, snapshot, statistics) and sockets are relayed to the owner.

const HALLS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

async function owners(database: string): Promise<Map<string, string>> {
  const rows = await sql<{ hall_id: string; owner: string | null }>(database, `SELECT hall_id, owner FROM hall_leases WHERE expires_at > now()`);
  return new Map(rows.filter((r) => r.owner).map((r) => [r.hall_id, r.owner!]));
}

async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last = await probe();
  while (!ok(last)) {
    if (Date.now() > end) throw new Error(`${what}: not reached in ${timeoutMs} ms (last: ${JSON.stringify(last instanceof Map ? [...last] : last)})`);
    await new Promise((r) => setTimeout(r, 200));
    last = await probe();
  }
  return last;
}

const perServer = (m: Map<string, string>) => {
  const counts = new Map<string, number>();
  for (const o of m.values()) counts.set(o, (counts.get(o) ?? 0) + 1);
  return [...counts.values()].sort();
};

describe('six halls over three servers', () => {
  const setup = clusterPerFile({ size: 3, halls: HALLS });

  it('spreads the halls, hands them over on a graceful stop, and shares again when the server returns', async () => {
    await until('two halls per server', () => owners(setup.db().url), (m) => m.size === 6 && perServer(m).join() === '2,2,2');

    const t0 = Date.now();
    setup.cluster().node(2).proc.child.kill('SIGTERM');
    await setup.cluster().node(2).proc.exited;
    setup.cluster().nodes[2] = null;
    // Given back on the way out: taken over within a couple of rounds, not after a whole lease.
    const after = await until('three halls each on the two left', () => owners(setup.db().url), (m) => m.size === 6 && perServer(m).join() === '3,3');
    expect(Date.now() - t0).toBeLessThan(3000 + 2000);
    expect([...after.values()].every((o) => o !== 'node2')).toBe(true);

    await setup.cluster().startNode(2);
    await until('two halls per server again', () => owners(setup.db().url), (m) => m.size === 6 && perServer(m).join() === '2,2,2');
  }, 120_000);

  it('answers requests about any hall on any server', async () => {
    const m = await owners(setup.db().url);
    for (const node of setup.cluster().nodes) {
      // Each server's health names where every hall runs, as PostgreSQL has it (as of its last round).
      const health = await until(
        `${node!.id} health`,
        async () => (await (await fetch(`${node!.url}/health`)).json()) as { instance: string; owners: Record<string, string>; heldHalls: string[] },
        (h) => JSON.stringify(Object.entries(h.owners).sort()) === JSON.stringify([...m].sort()),
        5000,
      );
      expect(health.instance).toBe(node!.id);
      expect(health.heldHalls.sort()).toEqual([...m].filter(([, o]) => o === node!.id).map(([h]) => h).sort());
      const list = (await (await fetch(`${node!.url}/api/halls`)).json()) as Ack<Array<{ id: string }>>;
      expect(list.ok && list.data.map((h) => h.id).sort()).toEqual(HALLS);
    }
    for (const hall of HALLS) {
      // A server that does not run the hall: the login is passed to the owner, the session works there.
      const elsewhere = setup.cluster().nodes.find((n) => n && n.id !== m.get(hall))!;
      const snapshot = (await (await fetch(`${elsewhere.url}/api/halls/${hall}/snapshot`)).json()) as Ack<{ hallId?: string }>;
      expect(snapshot.ok).toBe(true);
      const staff = await staffOn(elsewhere.url, hall, 'staff01');
      const open = await askWithin(staff, 'window:open', { requestId: rid(), windowId: 1 }, 10_000);
      expect(open?.ok, JSON.stringify(open)).toBe(true);
      const kiosk = await connectTo(elsewhere.url, { hallId: hall, deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1' });
      expect((await askWithin(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'A' }, 10_000))?.ok).toBe(true);
      // A phone (anonymous: it must come from the hall's own page) is relayed with its Origin and Host.
      const phone = await connectTo(elsewhere.url, { hallId: hall, role: 'mobile' });
      const snap = await askWithin<{ hallId: string }>(phone, 'hall:snapshot', {}, 10_000);
      expect(snap?.ok, JSON.stringify(snap)).toBe(true);
      // A wrong key is refused by the owner, and the refusal reaches the client as it was made.
      await expect(connectTo(elsewhere.url, { hallId: hall, deviceId: 'kiosk-1', deviceKey: 'wrong' })).rejects.toMatchObject({ data: { code: 'DEVICE_KEY_INVALID' } });
    }
  }, 120_000);

  it('ends a relayed console with its session, and it does not come back by itself', async () => {
    const m = await owners(setup.db().url);
    const elsewhere = setup.cluster().nodes.find((n) => n && n.id !== m.get('h2'))!;
    const res = await fetch(`${elsewhere.url}/api/halls/h2/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'staff05', password: 'demo1234' }) });
    const { data } = (await res.json()) as { data: { token: string } };
    const console_ = await connectTo(elsewhere.url, { hallId: 'h2', token: data.token });
    const ended = new Promise((resolve) => console_.once('session:ended', resolve));
    const gone = new Promise<string>((resolve) => console_.once('disconnect', resolve));
    await fetch(`${elsewhere.url}/api/halls/h2/logout`, { method: 'POST', headers: { authorization: `Bearer ${data.token}` } });
    await ended;
    expect(await gone).toBe('io server disconnect');
    await new Promise((r) => setTimeout(r, 1000));
    expect((console_ as unknown as { connected: boolean }).connected).toBe(false);
  }, 60_000);

  it('ignores relay headers from anyone without the cluster secret', async () => {
    const m = await owners(setup.db().url);
    const owner = setup.cluster().nodes.find((n) => n && n.id === m.get('h1'))!;
    // A forged relay header with a made-up client address: the login limit still counts the real peer.
    const attempts = [];
    for (let i = 0; i < 12; i++) {
      attempts.push(
        await fetch(`${owner.url}/api/halls/h1/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hall-relay': 'guess', 'x-forwarded-for': `10.9.${i}.1` },
          body: JSON.stringify({ username: 'staff02', password: 'wrong-password' }),
        }),
      );
    }
    expect(attempts.some((r) => r.status === 429)).toBe(true);
  }, 60_000);
});
