import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type {
  Ack,
  ErrorAck,
  KioskApi,
  KioskCatalog,
  KioskCheckedIn,
  KioskCheckInInput,
  KioskDeviceStatus,
  KioskEvent,
  KioskProblem,
  KioskReactivated,
  KioskTakeTicketInput,
  KioskTicket,
  PrinterState,
  PrintFailedInput,
  PrintOutcome,
} from '../contracts';
import { kioskCheckInInput, kioskReactivateInput, kioskTakeTicketInput } from '../contracts';
import type { CardReaderCommands, IdCard, PrinterStatus, PrintResult, TicketSlip } from '../../hardware';
import { blockingProblem, calendarDateInZone, CardPoller, printerError } from '../../hardware';
import type { CardIdentity } from './card-identity';
import { identifyCard } from './card-identity';
import type { HallLink } from './hall-link';
import { kioskProblem, ok, problemOf, problemOfAck, refuse } from './kiosk-problems';
import { catalogOf, kioskTicketOf, reactivatedOf, slipOf } from './kiosk-views';
import type { KioskLogger } from './logger';
import { createKioskLogger } from './logger';
import { printerStateOfError, printerStateOfStatus } from './printer-state';
import { isReaderFault, ReaderWatch } from './reader-watch';

/** What the service needs from a printer (TicketPrinter has it). */
export interface KioskPrinter {
  printTicket(slip: TicketSlip): Promise<PrintResult>;
  queryStatus(): Promise<PrinterStatus>;
}

export interface KioskServiceOptions {
  link: HallLink;
  /** The ID card reader's commands; none on a kiosk without a reader. */
  reader?: CardReaderCommands | null;
  printer?: KioskPrinter | null;
  /** Key of the keyed hash of ID numbers (a copy of the hall's ID hash key file); required with a reader. */
  idHashKey?: string | null;
  now?: () => number;
  log?: KioskLogger;
  pollIntervalMs?: number;
  /** How often the printer is asked for its status between tickets (paper running out, cover opened). */
  printerCheckMs?: number;
  /** For ages until the hall's snapshot names its time zone. */
  timeZone?: string;
}

/**
 * A press that got no answer is retried under the same request id for this long, so the hall hands back
 * the ticket it may already have issued instead of a second one.
 */
export const PENDING_REUSE_MS = 2 * 60_000;
export const DEFAULT_PRINTER_CHECK_MS = 20_000;

interface LastTicket {
  ticket: Omit<KioskTicket, 'print'>;
  slip: TicketSlip;
  print: PrintOutcome;
}

/**
 * The kiosk: talks to the hall as a device, drives the card reader and the ticket printer, and offers
 * the page a small typed API. A ticket is printed only after the hall acknowledged it; if printing fails
 * the page gets the number and live link to show, the hall is told, and the slip can be printed again.
 */
export class KioskService implements KioskApi {
  private readonly emitter = new EventEmitter<{ event: [KioskEvent] }>();
  private readonly link: HallLink;
  private readonly printer: KioskPrinter | null;
  private readonly readerWatch: ReaderWatch | null;
  private readonly poller: CardPoller | null;
  private readonly now: () => number;
  private readonly log: KioskLogger;
  private readonly idHashKey: string;
  private readonly printerCheckMs: number;
  private readonly fallbackTimeZone: string;
  private printerState: PrinterState;
  private printerProblem: KioskProblem | null = null;
  private busy = false;
  private printing = false;
  private pendingIssue: { key: string; requestId: string; at: number } | null = null;
  private last: LastTicket | null = null;
  /** Print failures the hall has not acknowledged yet (it was unreachable): sent on reconnection. */
  private outbox: PrintFailedInput[] = [];
  private lastReported = '';
  private reportOnSnapshot = true;
  private printerTimer: ReturnType<typeof setInterval> | undefined;
  /** Device work under way; stop() waits for it so the ports are not closed under a request. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly detach: Array<() => void> = [];

  constructor(options: KioskServiceOptions) {
    if (options.reader && !options.idHashKey) throw new Error('a kiosk with an ID card reader needs idHashKey (a copy of the hall ID hash key file)');
    this.link = options.link;
    this.printer = options.printer ?? null;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? createKioskLogger();
    this.idHashKey = options.idHashKey ?? '';
    this.printerCheckMs = options.printerCheckMs ?? DEFAULT_PRINTER_CHECK_MS;
    this.fallbackTimeZone = options.timeZone ?? 'Asia/Shanghai';
    this.printerState = this.printer ? 'ok' : 'absent';
    this.readerWatch = options.reader ? new ReaderWatch(options.reader, () => this.statusChanged()) : null;
    this.poller = this.readerWatch
      ? new CardPoller(this.readerWatch, {
          intervalMs: options.pollIntervalMs,
          onListenerError: (error) => this.log.error({ err: error }, 'card listener failed'),
        })
      : null;
  }

  /** Starts card polling, printer checks and status reports. */
  start(): void {
    const onState = () => {
      if (this.link.state === 'connected') this.reportOnSnapshot = true;
      this.log.info({ hall: this.link.state, code: this.link.problem?.code ?? null, reason: this.link.reason }, 'hall link');
      this.statusChanged();
    };
    const onSnapshot = () => {
      // The first snapshot after (re)connecting means the hall is listening: tell it how the devices are.
      if (!this.reportOnSnapshot) return;
      this.reportOnSnapshot = false;
      this.lastReported = '';
      void this.reportStatus();
      void this.flushOutbox();
    };
    this.link.on('state', onState);
    this.link.on('snapshot', onSnapshot);
    this.detach.push(() => this.link.off('state', onState), () => this.link.off('snapshot', onSnapshot));
    if (this.link.snapshot && this.link.state === 'connected') onSnapshot();

    if (this.poller) {
      this.poller.on('card-in', (card) => this.cardIn(card));
      this.poller.on('card-out', () => this.publish({ type: 'card-out' }));
      this.poller.on('fault', (error) => {
        if (isReaderFault(error)) {
          this.log.debug({ code: error.code }, 'reader fault');
          return;
        }
        this.log.info({ code: error.code }, 'card could not be read');
        this.publish({ type: 'card-error', problem: problemOf(error) });
      });
      this.poller.start();
    }
    if (this.printer) {
      void this.checkPrinter();
      this.printerTimer = setInterval(() => void this.checkPrinter(), this.printerCheckMs);
      this.printerTimer.unref?.();
    }
  }

  /** Stops polling and timers; the owner closes the serial lines and the hall link afterwards. */
  async stop(): Promise<void> {
    clearInterval(this.printerTimer);
    for (const off of this.detach.splice(0)) off();
    await this.poller?.stop();
    this.poller?.removeAllListeners();
    await Promise.allSettled([...this.inFlight]);
  }

  onEvent(listener: (event: KioskEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  async listCategories(): Promise<Ack<KioskCatalog>> {
    // The last snapshot still lists the categories during a network blip; taking a number then says why not.
    const snapshot = this.link.snapshot;
    if (!snapshot) return refuse(this.unreachable());
    return ok(catalogOf(snapshot));
  }

  async deviceStatus(): Promise<Ack<KioskDeviceStatus>> {
    return ok(this.status());
  }

  takeTicket(payload: KioskTakeTicketInput): Promise<Ack<KioskTicket>> {
    return this.exclusive(async () => {
      const parsed = kioskTakeTicketInput.safeParse(payload);
      if (!parsed.success) return refuse(kioskProblem('INVALID_KIOSK_CALL', { zh: parsed.error.message, en: parsed.error.message }));
      const input = parsed.data;
      if (this.link.state !== 'connected' || !this.link.snapshot) return refuse(this.unreachable());

      let identity: CardIdentity | null = null;
      if (input.useCard) {
        if (!this.poller) return refuse(kioskProblem('NO_READER'));
        const card = this.poller.current;
        if (!card) return refuse(kioskProblem('CARD_NOT_PRESENT'));
        identity = this.identify(card);
        if (!identity.card.usable) return refuse(identity.card.problem ?? kioskProblem('CARD_ID_INVALID'));
      }

      const matterId = input.matterId ?? null;
      const requestId = this.requestIdFor(JSON.stringify([input.categoryId, matterId, identity?.citizen.idHash ?? null]));
      const ack = await this.link.request('ticket:issue', {
        requestId,
        categoryId: input.categoryId,
        matterId,
        priorityClass: identity?.priorityClass?.id ?? null,
        citizen: identity?.citizen ?? null,
      });
      if (!ack.ok) return this.issueRefused(ack);
      this.pendingIssue = null;

      const snapshot = this.link.snapshot;
      const ticket = kioskTicketOf(ack.data, snapshot, identity ? { maskedName: identity.card.maskedName, priorityClass: identity.priorityClass } : null);
      const slip = slipOf(ticket, snapshot?.hall.timeZone ?? this.fallbackTimeZone);
      this.log.info({ number: ticket.number, category: ticket.categoryId, matter: matterId, priority: ticket.priorityClass?.id ?? null, ahead: ticket.ahead }, 'ticket issued');
      const print = await this.print(ticket.number, slip);
      this.last = { ticket, slip, print };
      return ok({ ...ticket, print });
    });
  }

  reprint(): Promise<Ack<KioskTicket>> {
    return this.exclusive(async () => {
      const last = this.last;
      if (!last || last.print.state !== 'failed') return refuse(kioskProblem('NOTHING_TO_REPRINT'));
      const print = await this.print(last.ticket.number, last.slip);
      this.last = { ...last, print };
      this.log.info({ number: last.ticket.number, printed: print.state === 'printed' }, 'reprint');
      return ok({ ...last.ticket, print });
    });
  }

  reactivate(payload: { number: string }): Promise<Ack<KioskReactivated>> {
    return this.exclusive(async () => {
      const parsed = kioskReactivateInput.safeParse(payload);
      if (!parsed.success) return refuse(kioskProblem('INVALID_KIOSK_CALL', { zh: parsed.error.message, en: parsed.error.message }));
      if (this.link.state !== 'connected') return refuse(this.unreachable());
      const number = parsed.data.number.toUpperCase();
      const ack = await this.link.request('ticket:reactivate', { requestId: newRequestId(), number });
      if (!ack.ok) return ack.code === 'HALL_NO_ANSWER' || this.link.state !== 'connected' ? refuse(this.networkProblem(ack)) : ack;
      // The answer carries the number's new place in its queue, decided with the reactivation itself.
      this.log.info({ number }, 'ticket reactivated');
      return ok(reactivatedOf(ack.data, this.link.snapshot));
    });
  }

  /**
   * 签到. A booking (by code, or by the ID card that booked it) becomes a ticket that is printed like any
   * other, marked with its slot; a remote number that needs check-in just joins its queue.
   */
  checkIn(payload: KioskCheckInInput): Promise<Ack<KioskCheckedIn>> {
    return this.exclusive(async () => {
      const parsed = kioskCheckInInput.safeParse(payload);
      if (!parsed.success) return refuse(kioskProblem('INVALID_KIOSK_CALL', { zh: parsed.error.message, en: parsed.error.message }));
      const input = parsed.data;
      if (this.link.state !== 'connected' || !this.link.snapshot) return refuse(this.unreachable());
      if ('number' in input) return this.checkInRemote(input.number.toUpperCase());

      let by: { code: string } | { citizen: CardIdentity['citizen'] };
      if ('useCard' in input) {
        if (!this.poller) return refuse(kioskProblem('NO_READER'));
        const card = this.poller.current;
        if (!card) return refuse(kioskProblem('CARD_NOT_PRESENT'));
        const identity = this.identify(card);
        if (!identity.card.usable) return refuse(identity.card.problem ?? kioskProblem('CARD_ID_INVALID'));
        by = { citizen: identity.citizen };
      } else {
        by = { code: input.code };
      }
      const requestId = this.requestIdFor(JSON.stringify(['check-in', 'code' in by ? by.code : by.citizen.idHash]));
      const ack = await this.link.request('booking:checkIn', { requestId, ...by });
      if (!ack.ok) return this.issueRefused(ack);
      this.pendingIssue = null;

      const snapshot = this.link.snapshot;
      const holder = ack.data.ticket.citizen ? { maskedName: ack.data.ticket.citizen.maskedName, priorityClass: null } : null;
      const ticket = kioskTicketOf(ack.data, snapshot, holder);
      // On time the slip says which slot it was booked for; a late check-in is an ordinary number.
      const mark = ack.data.late ? undefined : `预约${ack.data.slotLabel.slice(0, 5)}`;
      const slip = slipOf(ticket, snapshot?.hall.timeZone ?? this.fallbackTimeZone, mark);
      this.log.info({ number: ticket.number, category: ticket.categoryId, late: ack.data.late, by: 'code' in by ? 'code' : 'card' }, 'booking checked in');
      const print = await this.print(ticket.number, slip);
      this.last = { ticket, slip, print };
      return ok({ kind: 'booking' as const, ticket: { ...ticket, print }, late: ack.data.late, slotLabel: ack.data.slotLabel });
    });
  }

  private async checkInRemote(number: string): Promise<Ack<KioskCheckedIn>> {
    const ack = await this.link.request('ticket:checkIn', { requestId: newRequestId(), number });
    if (!ack.ok) return ack.code === 'HALL_NO_ANSWER' || this.link.state !== 'connected' ? refuse(this.networkProblem(ack)) : ack;
    this.log.info({ number }, 'remote ticket checked in');
    return ok({ kind: 'remote' as const, joined: reactivatedOf(ack.data, this.link.snapshot) });
  }

  /** Device and hall state as the page shows it. */
  status(): KioskDeviceStatus {
    const reader = this.readerWatch?.health;
    const card = this.poller?.current;
    return {
      hall: this.link.state,
      // While still connecting there is nothing to explain yet.
      hallProblem: this.link.state === 'unreachable' ? (this.link.problem ?? this.unreachable()) : null,
      printer: this.printerState,
      printerProblem: this.printerProblem,
      reader: reader?.state ?? 'absent',
      readerProblem: reader?.problem ?? null,
      card: card ? this.identify(card).card : null,
    };
  }

  /** Asks the printer how it is, unless a ticket is printing (its own check covers that). */
  checkPrinter(): Promise<void> {
    return this.track(this.askPrinter());
  }

  private async askPrinter(): Promise<void> {
    if (!this.printer || this.printing) return;
    try {
      const status = await this.printer.queryStatus();
      const problem = blockingProblem(status) ?? (status.paperNearEnd ? printerError('PRINTER_PAPER_NEAR_END') : undefined);
      this.setPrinter(printerStateOfStatus(status), problem ? problemOf(problem) : null);
    } catch (error) {
      this.setPrinter(printerStateOfError(error), problemOf(error));
    }
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work)).catch(() => undefined);
    return work;
  }

  private print(number: string, slip: TicketSlip): Promise<PrintOutcome> {
    return this.track(this.printSlip(number, slip));
  }

  private async printSlip(number: string, slip: TicketSlip): Promise<PrintOutcome> {
    if (!this.printer) return { state: 'no-printer' };
    this.printing = true;
    try {
      const result = await this.printer.printTicket(slip);
      const warning = result.warnings[0] ? problemOf(result.warnings[0]) : null;
      this.setPrinter(warning ? 'near-end' : 'ok', warning);
      return { state: 'printed', warning };
    } catch (error) {
      const problem = problemOf(error);
      this.log.warn({ number, code: problem.code }, 'ticket not printed');
      this.setPrinter(printerStateOfError(error), problem);
      this.outbox.push({ requestId: newRequestId(), number, reason: problem.code, detail: problem.message.slice(0, 200) });
      void this.flushOutbox();
      return { state: 'failed', problem };
    } finally {
      this.printing = false;
    }
  }

  private cardIn(card: IdCard): void {
    const { card: view } = this.identify(card);
    // Kind and age only: names and numbers stay out of logs.
    this.log.info({ kind: view.kind, age: view.age, priority: view.priorityClass?.id ?? null, usable: view.usable }, 'card read');
    this.publish({ type: 'card-in', card: view });
  }

  private identify(card: IdCard): CardIdentity {
    const snapshot = this.link.snapshot;
    const today = calendarDateInZone(new Date(this.now()), snapshot?.hall.timeZone ?? this.fallbackTimeZone);
    return identifyCard(card, { today, priorityClasses: snapshot?.priorityClasses ?? [], idHashKey: this.idHashKey });
  }

  private requestIdFor(key: string): string {
    const now = this.now();
    const pending = this.pendingIssue;
    if (pending && pending.key === key && now - pending.at < PENDING_REUSE_MS) return pending.requestId;
    this.pendingIssue = { key, requestId: newRequestId(), at: now };
    return this.pendingIssue.requestId;
  }

  /** A network failure keeps the pending request id for the retry; a refusal by the hall ends it. */
  private issueRefused(ack: ErrorAck): ErrorAck {
    if (ack.code === 'HALL_NO_ANSWER' || this.link.state !== 'connected') {
      this.log.warn({ code: ack.code }, 'ticket not issued: hall unreachable');
      return refuse(this.networkProblem(ack));
    }
    this.pendingIssue = null;
    this.log.info({ code: ack.code }, 'ticket refused by the hall');
    return ack;
  }

  private networkProblem(ack: ErrorAck): KioskProblem {
    return ack.code === 'HALL_NO_ANSWER' ? problemOfAck(ack) : this.unreachable();
  }

  private unreachable(): KioskProblem {
    const why = this.link.problem;
    return why && why.code !== 'HALL_UNREACHABLE' ? kioskProblem('HALL_UNREACHABLE', { zh: why.message, en: why.messageEn }) : kioskProblem('HALL_UNREACHABLE');
  }

  private async exclusive<T>(work: () => Promise<Ack<T>>): Promise<Ack<T>> {
    if (this.busy) return refuse(kioskProblem('KIOSK_BUSY'));
    this.busy = true;
    try {
      return await work();
    } catch (error) {
      this.log.error({ err: error }, 'kiosk request failed');
      return refuse(problemOf(error));
    } finally {
      this.busy = false;
    }
  }

  private setPrinter(state: PrinterState, problem: KioskProblem | null): void {
    if (state === this.printerState && problem?.code === this.printerProblem?.code) return;
    this.printerState = state;
    this.printerProblem = problem;
    this.log.info({ printer: state, code: problem?.code ?? null }, 'printer status');
    this.statusChanged();
  }

  private statusChanged(): void {
    this.publish({ type: 'status', status: this.status() });
    void this.reportStatus();
  }

  /** Tells the hall when what staff see would change. */
  private async reportStatus(): Promise<void> {
    if (this.link.state !== 'connected') return;
    const reader = this.readerWatch?.health;
    const detail = [this.printerProblem?.message, reader?.problem?.message].filter(Boolean).join('；').slice(0, 200) || null;
    const report = { printer: this.printerState, reader: reader?.state ?? 'absent', detail } as const;
    const key = JSON.stringify(report);
    if (key === this.lastReported) return;
    this.lastReported = key;
    const ack = await this.link.request('kiosk:status', report);
    if (!ack.ok) {
      // Said again on the next change or reconnection.
      this.lastReported = '';
      this.log.warn({ code: ack.code }, 'device status not delivered');
    }
  }

  private async flushOutbox(): Promise<void> {
    while (this.outbox.length > 0 && this.link.state === 'connected') {
      const report = this.outbox[0]!;
      const ack = await this.link.request('ticket:printFailed', report);
      if (!ack.ok && (ack.code === 'HALL_NO_ANSWER' || this.link.state !== 'connected')) return;
      if (!ack.ok) this.log.warn({ code: ack.code, number: report.number }, 'print failure report refused');
      this.outbox.shift();
    }
  }

  private publish(event: KioskEvent): void {
    for (const listener of this.emitter.listeners('event')) {
      try {
        listener(event);
      } catch (error) {
        this.log.error({ err: error }, 'kiosk event listener failed');
      }
    }
  }
}

export function newRequestId(): string {
  return randomBytes(12).toString('hex');
}

