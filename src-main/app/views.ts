import type { CategoryQueueView, CallView, HallConfig, HallSnapshot, PublicTicketView, TicketView, WindowView } from '../contracts';
import { NEXT_NUMBERS_SHOWN } from '../contracts';
import type { CompiledRules, HallState, Ticket, WindowState } from '../domain';
import { categoryStats, estimator, positionOf, waitingInOrder } from '../domain';
import type { CallRecord } from './ports';

const MINUTE = 60_000;

export function ticketView(t: Ticket): TicketView {
  return {
    id: t.id,
    number: t.number,
    serviceDay: t.serviceDay,
    categoryId: t.categoryId,
    issuedCategoryId: t.issuedCategoryId,
    matterId: t.matterId,
    source: t.source,
    priorityClass: t.priorityClass,
    appointment: t.appointment ? { slotStart: t.appointment.slotStart, slotEnd: t.appointment.slotEnd } : null,
    citizen: t.citizen ? { maskedName: t.citizen.maskedName, maskedId: t.citizen.maskedId } : null,
    state: t.state,
    issuedAt: t.issuedAt,
    calledAt: t.calledAt,
    callCount: t.callCount,
    windowId: t.windowId,
    targetWindowId: t.targetWindowId,
    servingAt: t.servingAt,
    finishedAt: t.finishedAt,
    missedAt: t.missedAt,
    matterHandled: t.matterHandled,
    transferCount: t.transferCount,
    rating: t.rating ? { level: t.rating.level, at: t.rating.at } : null,
  };
}

/** Names and texts the views need besides the rules. */
export interface HallLabels {
  config: HallConfig;
  staffNames: ReadonlyMap<string, string>;
}

export function windowView(state: HallState, rules: CompiledRules, labels: HallLabels, w: WindowState): WindowView {
  const rule = rules.window.get(w.id);
  const current = w.currentTicketId ? state.tickets.get(w.currentTicketId) : undefined;
  const { count: served, serviceMs } = state.servedToday.get(w.id) ?? { count: 0, serviceMs: 0 };
  return {
    id: w.id,
    name: rule?.name ?? `${w.id}号窗口`,
    nameEn: rule?.nameEn,
    categories: rule?.categories ?? [],
    status: w.status,
    staffId: w.staffId,
    staffName: w.staffId ? (labels.staffNames.get(w.staffId) ?? w.staffId) : null,
    pauseReason: w.pauseReason,
    currentNumber: current?.number ?? null,
    currentTicketState: current?.state ?? null,
    servedToday: served,
    averageServiceMinutes: served > 0 ? Math.round((serviceMs / served / MINUTE) * 10) / 10 : null,
  };
}

export function queueViews(state: HallState, rules: CompiledRules, now: number): CategoryQueueView[] {
  return rules.categories.map((c) => {
    const s = categoryStats(state, rules, c.id, now);
    return {
      categoryId: c.id,
      waiting: s.waiting,
      priorityWaiting: s.priorityWaiting,
      longestWaitMinutes: Math.floor(s.longestWaitMs / MINUTE),
      estimatedMinutes: s.estimatedMinutes,
      averageServiceMinutes: Math.round((s.averageServiceMs / MINUTE) * 10) / 10,
      openWindows: s.openWindows,
      nextNumbers: s.waitingNumbers.slice(0, NEXT_NUMBERS_SHOWN),
      issuedToday: s.issuedToday,
    };
  });
}

export function callView(state: HallState, rules: CompiledRules, call: CallRecord): CallView {
  const t = state.tickets.get(call.ticketId);
  const number = call.ticketId.split('/')[1] ?? call.ticketId;
  return {
    seq: call.seq,
    number,
    categoryId: t?.categoryId ?? number.charAt(0),
    windowId: call.windowId,
    windowName: rules.window.get(call.windowId)?.name ?? `${call.windowId}号窗口`,
    callCount: call.callCount,
    recall: call.recall,
    at: call.at,
  };
}

export function publicTicketView(state: HallState, rules: CompiledRules, t: Ticket, now: number, seq: number): PublicTicketView {
  return publicView(rules, t, positionOf(state, rules, t, now), seq);
}

/** Every waiting ticket of a category with its position, from one sort of the queue. */
export function waitingPublicViews(state: HallState, rules: CompiledRules, categoryId: string, now: number, seq: number): Map<string, PublicTicketView> {
  const out = new Map<string, PublicTicketView>();
  const estimate = estimator(state, rules, categoryId);
  waitingInOrder(state, categoryId, now).forEach((t, ahead) => {
    out.set(t.id, publicView(rules, t, { ahead, estimatedMinutes: estimate(ahead) }, seq));
  });
  return out;
}

function publicView(rules: CompiledRules, t: Ticket, position: { ahead: number; estimatedMinutes: number | null } | null, seq: number): PublicTicketView {
  return {
    number: t.number,
    categoryId: t.categoryId,
    categoryName: rules.category.get(t.categoryId)?.name ?? t.categoryId,
    state: t.state,
    issuedAt: t.issuedAt,
    ahead: position?.ahead ?? null,
    estimatedMinutes: position?.estimatedMinutes ?? null,
    windowId: t.windowId,
    windowName: t.windowId !== null ? (rules.window.get(t.windowId)?.name ?? null) : null,
    callCount: t.callCount,
    seq,
  };
}

export function baseSnapshot(
  state: HallState,
  rules: CompiledRules,
  labels: HallLabels,
  seq: number,
  now: number,
  recentCalls: readonly CallRecord[],
): HallSnapshot {
  const { config } = labels;
  return {
    hallId: state.hallId,
    seq,
    serverTime: now,
    serviceDay: state.serviceDay,
    hall: { name: config.name, nameEn: config.nameEn, timeZone: config.timeZone, notice: config.notice, noticeEn: config.noticeEn },
    categories: config.categories.map((c) => ({ id: c.id, name: c.name, nameEn: c.nameEn, matters: c.matters })),
    queues: queueViews(state, rules, now),
    windows: [...state.windows.values()].map((w) => windowView(state, rules, labels, w)),
    recentCalls: recentCalls.map((c) => callView(state, rules, c)),
    priorityClasses: config.priorityClasses,
    pauseReasons: config.pauseReasons,
    announcement: { ...config.announcement },
    evaluation: { timeoutSeconds: rules.evaluation.timeoutSeconds, lowReasons: [...rules.evaluation.lowReasons] },
    mobile: {
      turnNearAhead: config.notifications.turnNearAhead,
      reactivationGraceMinutes: config.queue.reactivationGraceMinutes,
      remoteNeedsCheckIn: config.booking.remoteNeedsCheckIn,
    },
  };
}

/**
 * The snapshot anyone may read (GET /api/halls/:id/snapshot, citizens' phones): windows by their names and
 * numbers only, with no account (username) and no staff member's name.
 */
export function publicSnapshot(snapshot: HallSnapshot): HallSnapshot {
  return { ...snapshot, windows: snapshot.windows.map((w) => ({ ...w, staffId: null, staffName: null })) };
}

/** Open tickets of the day for staff screens: waiting, called and serving. */
export function openTicketViews(state: HallState, include: (t: Ticket) => boolean = () => true): TicketView[] {
  const out: TicketView[] = [];
  for (const t of state.tickets.values()) {
    if ((t.state === 'waiting' || t.state === 'called' || t.state === 'serving' || t.state === 'missed') && include(t)) out.push(ticketView(t));
  }
  return out.sort((a, b) => a.issuedAt - b.issuedAt);
}

/**
 * Links a citizen opens from a slip's QR code or a notice: the page for a ticket (/t/) or a booking (/b/),
 * naming the hall, since one server may carry several.
 */
export function citizenLink(baseUrl: string, kind: 't' | 'b', token: string, hallId: string): string {
  return `${baseUrl}/${kind}/${token}?hall=${encodeURIComponent(hallId)}`;
}
