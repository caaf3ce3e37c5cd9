import type { CheckInView, HallSnapshot, IssuedTicketView, JoinedTicketView, KioskCatalog, KioskCheckedIn, KioskReactivated, KioskTicket } from '../../src-main/contracts';

// For the web kiosk (a tablet without the Electron preload): the same shapes the kiosk service gives the
// page, built from what the hall sends. Mirrors src-main/kiosk/kiosk-views.ts, which pages may not import.

export function catalogFromSnapshot(snapshot: HallSnapshot): KioskCatalog {
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

export function ticketFromIssued(issued: IssuedTicketView, snapshot: HallSnapshot | null): KioskTicket {
  const category = snapshot?.categories.find((c) => c.id === issued.ticket.categoryId);
  const matter = category?.matters.find((m) => m.id === issued.ticket.matterId);
  return {
    number: issued.ticket.number,
    categoryId: issued.ticket.categoryId,
    categoryName: issued.categoryName,
    categoryNameEn: category?.nameEn ?? issued.categoryName,
    matterName: issued.matterName,
    matterNameEn: matter?.nameEn ?? issued.matterName,
    priorityClass: null,
    maskedName: null,
    ahead: issued.ahead,
    estimatedMinutes: issued.estimatedMinutes,
    issuedAt: issued.ticket.issuedAt,
    liveUrl: issued.liveUrl,
    hallName: issued.hallName,
    print: { state: 'no-printer' },
  };
}

/** A booking checked in at a tablet: its ticket (with the booked name, masked) on screen, no slip. */
export function checkedInFromView(view: CheckInView, snapshot: HallSnapshot | null): KioskCheckedIn {
  const ticket = { ...ticketFromIssued(view, snapshot), maskedName: view.ticket.citizen?.maskedName ?? null };
  return { kind: 'booking', ticket, late: view.late, slotLabel: view.slotLabel };
}

/** The hall's answer already says where the number stands now; the snapshot only names its category. */
export function reactivatedFromTicket(ticket: JoinedTicketView, snapshot: HallSnapshot | null): KioskReactivated {
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
