import type { HallSnapshot, IssuedTicketView, JoinedTicketView, KioskCatalog, KioskReactivated, KioskTicket, PriorityClassView } from '../contracts';
import type { TicketSlip } from '../../hardware';

// Pure mappings from what the hall sends to what the kiosk page shows and the printer prints.

export function catalogOf(snapshot: HallSnapshot): KioskCatalog {
  const queues = new Map(snapshot.queues.map((q) => [q.categoryId, q]));
  const { name, nameEn, notice, noticeEn, timeZone } = snapshot.hall;
  return {
    hall: { name, nameEn, notice, noticeEn, timeZone },
    categories: snapshot.categories.map((c) => {
      const q = queues.get(c.id);
      return { ...c, waiting: q?.waiting ?? 0, estimatedMinutes: q?.estimatedMinutes ?? null, openWindows: q?.openWindows ?? 0 };
    }),
    remoteCheckIn: snapshot.mobile?.remoteNeedsCheckIn ?? false,
  };
}

/** The ticket as the page shows it, before printing. */
export function kioskTicketOf(
  issued: IssuedTicketView,
  snapshot: HallSnapshot | null,
  holder: { maskedName: string; priorityClass: PriorityClassView | null } | null,
): Omit<KioskTicket, 'print'> {
  const category = snapshot?.categories.find((c) => c.id === issued.ticket.categoryId);
  const matter = category?.matters.find((m) => m.id === issued.ticket.matterId);
  const priorityId = issued.ticket.priorityClass;
  const configured = priorityId ? snapshot?.priorityClasses.find((p) => p.id === priorityId) : undefined;
  const priorityClass = priorityId ? (configured ? { id: configured.id, name: configured.name, nameEn: configured.nameEn } : (holder?.priorityClass ?? { id: priorityId, name: priorityId, nameEn: priorityId })) : null;
  return {
    number: issued.ticket.number,
    categoryId: issued.ticket.categoryId,
    categoryName: issued.categoryName,
    categoryNameEn: category?.nameEn ?? issued.categoryName,
    matterName: issued.matterName,
    matterNameEn: matter?.nameEn ?? issued.matterName,
    priorityClass,
    maskedName: holder?.maskedName ?? null,
    ahead: issued.ahead,
    estimatedMinutes: issued.estimatedMinutes,
    issuedAt: issued.ticket.issuedAt,
    liveUrl: issued.liveUrl,
    hallName: issued.hallName,
  };
}

/** The paper slip: the hall's name and time zone, the number, the QR of the live page; `mark` replaces the priority line (e.g. 预约10:00). */
export function slipOf(ticket: Omit<KioskTicket, 'print'>, timeZone: string, mark?: string): TicketSlip {
  return {
    hallName: ticket.hallName,
    number: ticket.number,
    categoryName: ticket.categoryName,
    matterName: ticket.matterName ?? undefined,
    peopleAhead: ticket.ahead,
    estimatedWaitMinutes: ticket.estimatedMinutes ?? undefined,
    issuedAt: new Date(ticket.issuedAt),
    timeZone,
    qrUrl: ticket.liveUrl,
    // 【老年人优先】 on paper; the class name alone would not say why it matters.
    priorityLabel: mark ? mark.slice(0, 12) : ticket.priorityClass ? `${ticket.priorityClass.name}优先`.slice(0, 12) : undefined,
  };
}

export function reactivatedOf(ticket: JoinedTicketView, snapshot: HallSnapshot | null): KioskReactivated {
  const category = snapshot?.categories.find((c) => c.id === ticket.categoryId);
  return {
    number: ticket.number,
    categoryId: ticket.categoryId,
    categoryName: category?.name ?? ticket.categoryId,
    categoryNameEn: category?.nameEn ?? ticket.categoryId,
    state: ticket.state,
    ahead: ticket.ahead,
  };
}
