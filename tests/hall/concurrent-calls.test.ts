import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, CallResult } from '../../src-main/contracts';
import type { TestHallServer, TestSocket } from '../support/hall-fixture';
import { ask, closeAllSockets, connectDevice, connectStaff, demoConfig, must, rid, startTestServer } from '../support/hall-fixture';

describe('12 windows calling next at the same instant', () => {
  let server: TestHallServer;
  beforeAll(async () => {
    // Every window serves A, so all twelve compete for the same 100 tickets.
    server = await startTestServer({ config: demoConfig((c) => c.windows!.forEach((w) => (w.categories = ['A']))) });
  });
  afterAll(async () => {
    closeAllSockets();
    await server.stop();
  });

  it('calls each of 100 waiting tickets exactly once', async () => {
    const kiosk = await connectDevice(server, 'kiosk-1', 'demo-kiosk-1');
    await Promise.all(Array.from({ length: 100 }, () => must(kiosk, 'ticket:issue', { requestId: rid(), categoryId: 'A' })));

    const consoles: TestSocket[] = [];
    for (let w = 1; w <= 12; w++) {
      const s = await connectStaff(server, `staff${String(w).padStart(2, '0')}`);
      await must(s, 'window:open', { requestId: rid(), windowId: w });
      consoles.push(s);
    }

    const calledBy = new Map<string, number[]>();
    let empty = 0;
    // Rounds: all twelve press 叫号 together, then 办结 together, until the queue runs dry.
    while (empty < 12) {
      const acks: Array<Ack<CallResult>> = await Promise.all(consoles.map((s) => ask<CallResult>(s, 'queue:callNext', { requestId: rid() })));
      empty = 0;
      acks.forEach((ack, i) => {
        if (!ack.ok) {
          expect(ack.code).toBe('NO_WAITING_TICKET');
          empty++;
          return;
        }
        const list = calledBy.get(ack.data.ticket.number) ?? [];
        list.push(i + 1);
        calledBy.set(ack.data.ticket.number, list);
        expect(ack.data.ticket.windowId).toBe(i + 1);
      });
      await Promise.all(
        acks.map((ack, i) => (ack.ok ? must(consoles[i]!, 'ticket:finish', { requestId: rid(), matterId: 'A01' }) : null)),
      );
    }

    expect(calledBy.size).toBe(100);
    for (const [number, windows] of calledBy) expect(windows, number).toHaveLength(1);
    const served = server.db.prepare(`SELECT COUNT(*) FROM tickets WHERE state = 'finished'`).pluck().get();
    expect(served).toBe(100);
    const calls = server.db.prepare(`SELECT COUNT(*) FROM event_log WHERE type = 'TicketCalled'`).pluck().get();
    expect(calls).toBe(100);
  });
});
