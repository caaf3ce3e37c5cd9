import { describe, expect, it } from 'vitest';
import type { Ack, CallResult } from '../../src-main/contracts';
import type { TestSocket } from '../support/hall-fixture';
import { rid } from '../support/hall-fixture';
import { askWithin, connectTo, sql, staffOn, waitForOwner } from './support/cluster';
import { clusterPerFile } from './support/cluster-per-file';

// Three hall servers share one PostgreSQL; the hall runs on one of them. Twelve windows signed in across
// all three (two thirds of them relayed to the owner) press 叫号 together, round after round.

const HALL = 'demo-county';
const CATEGORIES = ['A', 'B', 'C', 'D', 'E'] as const;

describe('three servers, one hall: 12 windows race over 100 tickets, 30 rounds', () => {
  const setup = clusterPerFile({
    size: 3,
    // Every window serves every category, so all twelve compete for the same tickets; 3,000 tickets in a
    // day need five categories' numbers (999 each) and caps to match.
    edit: (c) => {
      (c.windows as Array<{ categories: string[] }>).forEach((w) => (w.categories = [...CATEGORIES]));
      (c.categories as Array<{ dailyCap: number }>).forEach((k) => (k.dailyCap = 999));
    },
  });

  it('calls each ticket exactly once, whichever server each window is connected to', async () => {
    const lease = await waitForOwner(setup.db().url, HALL);
    const owner = setup.cluster().indexOf(lease.owner!);
    expect(owner).toBeGreaterThanOrEqual(0);
    // The kiosk sits on a server that does not run the hall: its issues are relayed.
    const kiosk = await connectTo(setup.cluster().node((owner + 1) % 3).url, { hallId: HALL, deviceId: 'kiosk-1', deviceKey: 'demo-kiosk-1' });
    // A hall screen on every server: the owner's broadcasts reach the two relayed ones too.
    const screens = await Promise.all([0, 1, 2].map((i) => connectTo(setup.cluster().node(i).url, { hallId: HALL, deviceId: 'hall-screen', deviceKey: 'demo-display' })));
    const shown = screens.map((screen) => {
      const numbers = new Set<string>();
      screen.on('ticket:called', (call: { number: string }) => numbers.add(call.number));
      return numbers;
    });
    const consoles: TestSocket[] = [];
    for (let w = 1; w <= 12; w++) {
      const s = await staffOn(setup.cluster().node(w % 3).url, HALL, `staff${String(w).padStart(2, '0')}`);
      const open = await askWithin(s, 'window:open', { requestId: rid(), windowId: w }, 10_000);
      expect(open?.ok, JSON.stringify(open)).toBe(true);
      consoles.push(s);
    }

    const calledBy = new Map<string, number[]>();
    for (let round = 0; round < 30; round++) {
      const categoryId = CATEGORIES[round % CATEGORIES.length]!;
      const issued = await Promise.all(Array.from({ length: 100 }, () => askWithin<{ ticket: { number: string } }>(kiosk, 'ticket:issue', { requestId: rid(), categoryId }, 10_000)));
      for (const a of issued) expect(a?.ok, JSON.stringify(a)).toBe(true);
      let empty = 0;
      while (empty < 12) {
        const acks = (await Promise.all(consoles.map((s) => askWithin<CallResult>(s, 'queue:callNext', { requestId: rid() }, 10_000)))) as Array<Ack<CallResult>>;
        empty = 0;
        acks.forEach((ack, i) => {
          expect(ack, `window ${i + 1} got no answer`).not.toBeNull();
          if (!ack.ok) {
            expect(ack.code).toBe('NO_WAITING_TICKET');
            empty++;
            return;
          }
          const key = ack.data.ticket.number;
          calledBy.set(key, [...(calledBy.get(key) ?? []), i + 1]);
          expect(ack.data.ticket.windowId).toBe(i + 1);
        });
        const finishes = await Promise.all(acks.map((ack, i) => (ack.ok ? askWithin(consoles[i]!, 'ticket:finish', { requestId: rid(), matterId: `${ack.data.ticket.number[0]}01` }, 10_000) : null)));
        for (const f of finishes) if (f) expect(f.ok, JSON.stringify(f)).toBe(true);
      }
    }

    expect(calledBy.size).toBe(3000);
    const until = Date.now() + 10_000;
    while (shown.some((n) => n.size < 3000) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(shown.map((n) => n.size)).toEqual([3000, 3000, 3000]);
    for (const [number, windows] of calledBy) expect(windows, number).toHaveLength(1);
    const [row] = await sql<{ finished: string; calls: string }>(
      setup.db().url,
      `SELECT (SELECT COUNT(*) FROM tickets WHERE hall_id = $1 AND state = 'finished') AS finished,
              (SELECT COUNT(*) FROM event_log WHERE hall_id = $1 AND type = 'TicketCalled') AS calls`,
      [HALL],
    );
    expect(Number(row!.finished)).toBe(3000);
    expect(Number(row!.calls)).toBe(3000);
    // The hall never moved: one owner, one fencing number, all along.
    expect(await waitForOwner(setup.db().url, HALL)).toEqual(lease);
  }, 300_000);
});
