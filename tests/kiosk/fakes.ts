import { EventEmitter } from 'node:events';
import type { Ack, HallLinkState, HallSnapshot, IssuedTicketView, KioskProblem } from '../../src-main/contracts';
import type { HallLink, HallLinkEvents } from '../../src-main/kiosk/hall-link';
import type { KioskPrinter } from '../../src-main/kiosk/kiosk-service';
import type { PrinterStatus, PrintResult, TicketSlip } from '../../hardware';
import { blockingProblem, decodeStatus, encodeStatus, printerError } from '../../hardware';
import type { StatusState } from '../../hardware';

/** Enough of a snapshot for the kiosk: one category with a matter, the priority classes, the time zone. */
export function kioskSnapshot(seq = 1): HallSnapshot {
  const partial = {
    hallId: 'demo-county',
    seq,
    serverTime: 0,
    serviceDay: '2026-06-01',
    hall: { name: '示范县政务服务中心', nameEn: 'Demo County', timeZone: 'Asia/Shanghai', notice: '', noticeEn: '' },
    categories: [{ id: 'A', name: '企业服务', nameEn: 'Enterprise services', matters: [{ id: 'A01', name: '企业设立登记', nameEn: 'Company registration' }] }],
    queues: [{ categoryId: 'A', waiting: 2, priorityWaiting: 0, longestWaitMinutes: 3, estimatedMinutes: 30, averageServiceMinutes: 15, openWindows: 1, nextNumbers: ['A001', 'A002'], issuedToday: 2 }],
    windows: [],
    recentCalls: [],
    priorityClasses: [{ id: 'elderly', name: '老年人', nameEn: 'Senior citizen', minAge: 65 }],
    pauseReasons: [],
  } satisfies Partial<HallSnapshot>;
  return partial as HallSnapshot;
}

export function issued(number: string, extra: Partial<IssuedTicketView['ticket']> = {}): IssuedTicketView {
  return {
    ticket: {
      id: `2026-06-01/${number}`,
      number,
      serviceDay: '2026-06-01',
      categoryId: number.charAt(0),
      issuedCategoryId: number.charAt(0),
      matterId: null,
      source: 'kiosk',
      priorityClass: null,
      appointment: null,
      citizen: null,
      state: 'waiting',
      issuedAt: Date.parse('2026-06-01T02:00:00Z'),
      calledAt: null,
      callCount: 0,
      windowId: null,
      targetWindowId: null,
      servingAt: null,
      finishedAt: null,
      missedAt: null,
      matterHandled: null,
      transferCount: 0,
      ...extra,
    } as IssuedTicketView['ticket'],
    token: 'tok_abcdefghijklmnop',
    liveUrl: 'http://hall.example/t/tok_abcdefghijklmnop',
    ahead: 2,
    estimatedMinutes: 30,
    hallName: '示范县政务服务中心',
    categoryName: '企业服务',
    matterName: null,
  };
}

type Handler = (payload: unknown) => Ack<unknown> | Promise<Ack<unknown>>;

/** A hall link whose answers the test decides; records every request. */
export class FakeLink extends EventEmitter<HallLinkEvents> {
  state: HallLinkState = 'connected';
  problem: KioskProblem | null = null;
  reason: string | null = null;
  snapshot: HallSnapshot | null = kioskSnapshot();
  readonly url = 'http://hall.example';
  readonly sent: Array<{ event: string; payload: unknown }> = [];
  private readonly handlers = new Map<string, Handler>();

  answer(event: string, handler: Handler): this {
    this.handlers.set(event, handler);
    return this;
  }

  async request(event: string, payload: unknown): Promise<Ack<unknown>> {
    if (this.state !== 'connected') return { ok: false, code: 'HALL_UNREACHABLE', message: '无法连接', messageEn: 'unreachable' };
    this.sent.push({ event, payload });
    const handler = this.handlers.get(event);
    return handler ? handler(payload) : { ok: true, data: null };
  }

  goOffline(): void {
    this.state = 'unreachable';
    this.emit('state', 'unreachable');
  }

  comeBack(): void {
    this.state = 'connected';
    this.emit('state', 'connected');
    this.emit('snapshot', this.snapshot!);
  }

  asLink(): HallLink {
    return this as unknown as HallLink;
  }

  of(event: string): unknown[] {
    return this.sent.filter((s) => s.event === event).map((s) => s.payload);
  }
}

/** A printer whose paper the test controls. */
export class FakePrinter implements KioskPrinter {
  state: StatusState = {};
  readonly printed: TicketSlip[] = [];

  async queryStatus(): Promise<PrinterStatus> {
    return decodeStatus(encodeStatus(this.state));
  }

  async printTicket(slip: TicketSlip): Promise<PrintResult> {
    const before = await this.queryStatus();
    const problem = blockingProblem(before);
    if (problem) throw problem;
    this.printed.push(slip);
    return { before, warnings: before.paperNearEnd ? [printerError('PRINTER_PAPER_NEAR_END')] : [] };
  }
}
