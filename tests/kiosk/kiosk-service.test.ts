import { afterEach, describe, expect, it } from 'vitest';
import type { IssueTicketInput, KioskEvent, PrintFailedInput } from '../../src-main/contracts';
import { KioskService, PENDING_REUSE_MS } from '../../src-main/kiosk/kiosk-service';
import { createKioskLogger } from '../../src-main/kiosk/logger';
import { FakeLink, FakePrinter, issued } from './fakes';

// The service's own rules with a fake hall link and printer: retries, refusals, the outbox, status reports.

const services: KioskService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.stop();
});

function kiosk(link: FakeLink, printer: FakePrinter | null = new FakePrinter(), now = () => 1_000_000) {
  const service = new KioskService({ link: link.asLink(), printer, now, log: createKioskLogger('silent'), printerCheckMs: 60_000 });
  services.push(service);
  return service;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('taking a number', () => {
  it('retries an unanswered press under the same request id, so the hall cannot issue two numbers', async () => {
    let calls = 0;
    const link = new FakeLink().answer('ticket:issue', () =>
      ++calls === 1 ? { ok: false, code: 'HALL_NO_ANSWER', message: '未响应', messageEn: 'no answer' } : { ok: true, data: issued('A003') },
    );
    const service = kiosk(link);
    expect(await service.takeTicket({ categoryId: 'A' })).toMatchObject({ ok: false, code: 'HALL_NO_ANSWER' });
    const second = await service.takeTicket({ categoryId: 'A' });
    expect(second).toMatchObject({ ok: true, data: { number: 'A003' } });
    const ids = link.of('ticket:issue').map((p) => (p as IssueTicketInput).requestId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);

    // After success, the next press is a new request.
    await service.takeTicket({ categoryId: 'A' });
    expect((link.of('ticket:issue')[2] as IssueTicketInput).requestId).not.toBe(ids[0]);
  });

  it('does not reuse a pending id for a different choice or after the reuse window', async () => {
    let now = 1_000_000;
    const link = new FakeLink().answer('ticket:issue', () => ({ ok: false, code: 'HALL_NO_ANSWER', message: '未响应', messageEn: 'no answer' }));
    const service = kiosk(link, new FakePrinter(), () => now);
    await service.takeTicket({ categoryId: 'A' });
    await service.takeTicket({ categoryId: 'A', matterId: 'A01' });
    now += PENDING_REUSE_MS + 1;
    await service.takeTicket({ categoryId: 'A', matterId: 'A01' });
    const ids = link.of('ticket:issue').map((p) => (p as IssueTicketInput).requestId);
    expect(new Set(ids).size).toBe(3);
  });

  it('passes a hall refusal through in both languages and prints nothing', async () => {
    const printer = new FakePrinter();
    const link = new FakeLink().answer('ticket:issue', () => ({ ok: false, code: 'DAILY_CAP_REACHED', message: '今日号已取完', messageEn: 'No more numbers today' }));
    const ack = await kiosk(link, printer).takeTicket({ categoryId: 'A' });
    expect(ack).toEqual({ ok: false, code: 'DAILY_CAP_REACHED', message: '今日号已取完', messageEn: 'No more numbers today' });
    expect(printer.printed).toHaveLength(0);
  });

  it('answers a second press while the first is still working with KIOSK_BUSY', async () => {
    let release!: () => void;
    const link = new FakeLink().answer('ticket:issue', () => new Promise((resolve) => (release = () => resolve({ ok: true, data: issued('A001') }))));
    const service = kiosk(link);
    const first = service.takeTicket({ categoryId: 'A' });
    await flush();
    expect(await service.takeTicket({ categoryId: 'A' })).toMatchObject({ ok: false, code: 'KIOSK_BUSY' });
    release();
    expect((await first).ok).toBe(true);
  });

  it('refuses a card ticket without a reader, and bad input naming the field', async () => {
    const service = kiosk(new FakeLink());
    expect(await service.takeTicket({ categoryId: 'A', useCard: true })).toMatchObject({ ok: false, code: 'NO_READER' });
    expect(await service.takeTicket({ categoryId: 'a1' } as never)).toMatchObject({ ok: false, code: 'INVALID_KIOSK_CALL', messageEn: expect.stringContaining('category letter') });
  });

  it('prints the slip with the hall time zone, the live link and the priority label', async () => {
    const printer = new FakePrinter();
    const link = new FakeLink().answer('ticket:issue', () => ({ ok: true, data: { ...issued('A007', { priorityClass: 'elderly', matterId: 'A01' }), matterName: '企业设立登记' } }));
    const ack = await kiosk(link, printer).takeTicket({ categoryId: 'A', matterId: 'A01' });
    expect(ack).toMatchObject({ ok: true, data: { number: 'A007', matterNameEn: 'Company registration', priorityClass: { id: 'elderly', name: '老年人' }, print: { state: 'printed', warning: null } } });
    expect(printer.printed[0]).toMatchObject({ number: 'A007', timeZone: 'Asia/Shanghai', qrUrl: 'http://hall.example/t/tok_abcdefghijklmnop', priorityLabel: '老年人优先', peopleAhead: 2, estimatedWaitMinutes: 30, matterName: '企业设立登记' });
  });

  it('without a printer the ticket lives on screen', async () => {
    const link = new FakeLink().answer('ticket:issue', () => ({ ok: true, data: issued('A001') }));
    const ack = await kiosk(link, null).takeTicket({ categoryId: 'A' });
    expect(ack).toMatchObject({ ok: true, data: { print: { state: 'no-printer' } } });
    expect(await kiosk(link, null).reprint()).toMatchObject({ ok: false, code: 'NOTHING_TO_REPRINT' });
  });
});

describe('telling the hall about the printer', () => {
  it('reports a near-end roll as a warning with the printed ticket', async () => {
    const printer = new FakePrinter();
    printer.state = { paperNearEnd: true };
    const link = new FakeLink().answer('ticket:issue', () => ({ ok: true, data: issued('A001') }));
    const service = kiosk(link, printer);
    service.start();
    const ack = await service.takeTicket({ categoryId: 'A' });
    expect(ack).toMatchObject({ ok: true, data: { print: { state: 'printed', warning: { code: 'PRINTER_PAPER_NEAR_END' } } } });
    await flush();
    expect(link.of('kiosk:status').at(-1)).toEqual({ printer: 'near-end', reader: 'absent', detail: '打印纸即将用完' });
  });

  it('keeps a print failure until the hall is back, then reports it once', async () => {
    const printer = new FakePrinter();
    printer.state = { coverOpen: true };
    // The hall acknowledges the ticket, then the line drops before the failure can be told.
    const link = new FakeLink().answer('ticket:issue', () => {
      link.goOffline();
      return { ok: true, data: issued('A004') };
    });
    const service = kiosk(link, printer);
    service.start();
    const ack = await service.takeTicket({ categoryId: 'A' });
    expect(ack).toMatchObject({ ok: true, data: { number: 'A004', print: { state: 'failed', problem: { code: 'PRINTER_COVER_OPEN' } } } });
    await flush();
    expect(link.of('ticket:printFailed')).toEqual([]);

    link.comeBack();
    await flush();
    await flush();
    const reported = link.of('ticket:printFailed') as PrintFailedInput[];
    expect(reported.map((r) => [r.number, r.reason, r.detail])).toEqual([['A004', 'PRINTER_COVER_OPEN', '打印机盖未关好']]);
    expect(link.of('kiosk:status').at(-1)).toMatchObject({ printer: 'cover-open', detail: '打印机盖未关好' });
  });

  it('notices paper running out between tickets and tells the page and the hall', async () => {
    const printer = new FakePrinter();
    const link = new FakeLink();
    const service = kiosk(link, printer);
    const events: KioskEvent[] = [];
    service.onEvent((e) => events.push(e));
    service.start();
    await flush();
    printer.state = { paperEnd: true };
    await service.checkPrinter();
    expect(events.at(-1)).toMatchObject({ type: 'status', status: { printer: 'paper-out', printerProblem: { code: 'PRINTER_PAPER_END' } } });
    await flush();
    expect(link.of('kiosk:status').at(-1)).toEqual({ printer: 'paper-out', reader: 'absent', detail: '打印机缺纸' });
    // Nothing changed: nothing is sent again.
    const sent = link.of('kiosk:status').length;
    await service.checkPrinter();
    await flush();
    expect(link.of('kiosk:status')).toHaveLength(sent);
  });
});
