import type { HallEvent } from '../../domain';
import { bookingRef } from '../../contracts/admin';
import { RATING_LEVEL_NAMES } from '../../domain/rating-words';
import { reasonEn } from '../../domain/reason-words';

export interface EventWords {
  zh: string;
  en: string;
  ticketNumber: string | null;
}

/** A name in both languages (the English one is the Chinese one where the hall gave none). */
export type Named = readonly [zh: string, en: string];

/** What the audit's sentences name things by: the hall's own names, from its live config. */
export interface EventNames {
  window(id: number): Named;
  category(id: string): Named;
  priority(id: string): Named;
  /** A staff member's display name, or the username itself. */
  staff(username: string): string;
  /** A time of day in the hall's zone (09:30). */
  clock(at: number): string;
}


const numberOf = (ticketId: unknown): string | null => (typeof ticketId === 'string' ? (ticketId.split('/')[1] ?? ticketId) : null);

/** Levels inside a sentence: 'rated very satisfied'. */
const RATING: Record<string, Named> = Object.fromEntries(Object.entries(RATING_LEVEL_NAMES).map(([k, [zh, en]]) => [k, [zh, en.toLowerCase()]]));
const CHANNEL: Record<string, Named> = {
  window: ['窗口评价器', 'the window screen'],
  phone: ['手机', 'phone'],
  'slip-qr': ['号票二维码', 'the slip’s QR code'],
  booking: ['预约页面', 'the booking page'],
};
const SOURCE: Record<string, Named> = {
  kiosk: ['自助机取号', 'taken at a kiosk'],
  remote: ['网上取号', 'taken online'],
  appointment: ['预约取号', 'issued for an appointment'],
  counter: ['窗口取号', 'issued at a counter'],
};
const CALLBACK = RATING;

const word = (table: Record<string, Named>, key: unknown): Named => table[String(key)] ?? [String(key), String(key)];
const minutesOf = (ms: unknown) => Math.round((Number(ms) / 60_000) * 10) / 10;

/**
 * One line per queue event for the audit page, in both languages, naming windows, categories and priority
 * groups as the hall does. Fields are read loosely, so an event type added later still shows (by its type
 * name) without this file knowing it.
 */
export function describeEvent(event: HallEvent, names: EventNames): EventWords {
  const e = event as unknown as Record<string, unknown> & { type: string };
  const n = numberOf(e.ticketId);
  const caseNo = numberOf(e.caseId);
  const [win, winEn] = typeof e.windowId === 'number' ? names.window(e.windowId) : ['', ''];
  const both = (zh: string, en: string, ticketNumber: string | null = n): EventWords => ({ zh, en: en.charAt(0).toUpperCase() + en.slice(1), ticketNumber });
  switch (e.type) {
    case 'TicketIssued': {
      const t = e.ticket as { number: string; source: string; categoryId: string; priorityClass: string | null; citizen: { maskedName: string } | null };
      const [source, sourceEn] = word(SOURCE, t.source);
      const [cat, catEn] = names.category(t.categoryId);
      const [pri, priEn] = t.priorityClass ? names.priority(t.priorityClass) : ['', ''];
      const who = t.citizen ? `（${t.citizen.maskedName}）` : '';
      return both(
        `${source} ${t.number}，${cat}${pri ? `，优先：${pri}` : ''}${who}`,
        `${t.number} ${sourceEn}, ${catEn}${priEn ? `, priority: ${priEn}` : ''}${t.citizen ? ` (${t.citizen.maskedName})` : ''}`,
        t.number,
      );
    }
    case 'TicketCalled':
      return both(`${win} 叫号 ${n}`, `${winEn} called ${n}`);
    case 'TicketRecalled':
      return both(`${win} 重呼 ${n}（第 ${String(e.callCount)} 次）`, `${winEn} called ${n} again (call ${String(e.callCount)})`);
    case 'ServiceStarted':
      return both(`${win} 开始办理 ${n}`, `${winEn} started serving ${n}`);
    case 'ServiceFinished':
      return both(`${win} 办结 ${n}（${minutesOf(e.serviceMs)} 分钟）`, `${winEn} finished ${n} (${minutesOf(e.serviceMs)} min)`);
    case 'TicketMissed':
      return both(`${win} 过号 ${n}`, `${winEn} marked ${n} as not present`);
    case 'TicketReactivated':
      return both(`重新激活 ${n}`, `${n} reactivated`);
    case 'TicketTransferred': {
      const to = e.to as { categoryId?: string; windowId?: number };
      const [from, fromEn] = names.window(Number(e.fromWindowId));
      const [target, targetEn] = to.windowId !== undefined ? names.window(to.windowId) : names.category(to.categoryId ?? '');
      return both(`${from} 将 ${n} 转至 ${target}`, `${fromEn} transferred ${n} to ${targetEn}`);
    }
    case 'TicketCancelled':
      return both(`取消 ${n}`, `${n} cancelled`);
    case 'TicketCheckedIn':
      return both(`预约签到 ${n}`, `${n} checked in for the appointment`);
    case 'DayClosed': {
      const expired = Array.isArray(e.expiredTicketIds) ? e.expiredTicketIds.length : 0;
      return both(
        `服务日结束 ${String(e.closedDay ?? '')} → ${String(e.newDay)}，${expired} 个号码过期`,
        `service day ${String(e.closedDay ?? '')} closed → ${String(e.newDay)}, ${expired} tickets expired`,
        null,
      );
    }
    case 'WindowOpened': {
      const who = names.staff(String(e.staffId));
      return both(`${who} 登录 ${win}`, `${who} signed in at ${winEn}`, null);
    }
    case 'WindowClosed':
      return both(`${win} 退出服务`, `${winEn} closed`, null);
    case 'WindowPaused':
      return both(`${win} 暂停服务（${String(e.reason)}）`, `${winEn} paused (${reasonEn(String(e.reason))})`, null);
    case 'WindowResumed':
      return both(`${win} 恢复服务`, `${winEn} resumed`, null);
    case 'ServiceRated': {
      const reasons = Array.isArray(e.reasons) ? e.reasons.map(String) : [];
      const [level, levelEn] = word(RATING, e.level);
      const [via, viaEn] = e.channel && e.channel !== 'window' ? word(CHANNEL, e.channel) : ['', ''];
      return both(
        `${n} 评价 ${level}${reasons.length > 0 ? `：${reasons.join('、')}` : ''}${via ? `（${via}）` : ''}`,
        `${n} rated ${levelEn}${reasons.length > 0 ? `: ${reasons.map(reasonEn).join(', ')}` : ''}${viaEn ? ` (via ${viaEn})` : ''}`,
      );
    }
    case 'CaseOpened': {
      const c = e.case as { id: string; level: string; windowId: number; mobile: string | null };
      const cn = numberOf(c.id);
      const [level, levelEn] = word(RATING, c.level);
      const [w, wEn] = names.window(c.windowId);
      return both(`${cn} 差评立案（${level}，${w}，${c.mobile ? '实名' : '匿名'}）`, `case opened for ${cn} (${levelEn}, ${wEn}, ${c.mobile ? 'with a phone number' : 'anonymous'})`, cn);
    }
    case 'CaseVerified':
      return both(`${caseNo} 差评核实：${String(e.note)}`, `case ${caseNo} verified: ${String(e.note)}`, caseNo);
    case 'CaseAppealed':
      return both(`${caseNo} 差评申诉：${String(e.reason)}`, `case ${caseNo} appealed: ${String(e.reason)}`, caseNo);
    case 'CaseAppealDecided':
      return e.upheld
        ? both(`${caseNo} 申诉成立，差评不计：${String(e.note)}`, `case ${caseNo}: appeal upheld, the rating does not count: ${String(e.note)}`, caseNo)
        : both(`${caseNo} 申诉不成立，继续整改：${String(e.note)}`, `case ${caseNo}: appeal refused, to be rectified: ${String(e.note)}`, caseNo);
    case 'CaseAnswered': {
      const cb = e.callback as { answer: string } | null;
      const [answer, answerEn] = cb ? word(CALLBACK, cb.answer) : ['', ''];
      return both(
        `${caseNo} 整改反馈：${String(e.rectification)}${cb ? `，回访：${answer}` : '，匿名无法回访'}`,
        `case ${caseNo} answered: ${String(e.rectification)}${cb ? `; callback: ${answerEn}` : '; anonymous, no callback'}`,
        caseNo,
      );
    }
    case 'CaseReviewed':
      return e.approved
        ? both(`${caseNo} 复核通过：${String(e.note)}`, `case ${caseNo} review approved: ${String(e.note)}`, caseNo)
        : both(`${caseNo} 复核退回整改：${String(e.note)}`, `case ${caseNo} sent back for rectification: ${String(e.note)}`, caseNo);
    case 'CaseClosed':
      return both(`${caseNo} 差评办结关闭${e.note ? `：${String(e.note)}` : ''}`, `case ${caseNo} closed${e.note ? `: ${String(e.note)}` : ''}`, caseNo);
    case 'BookingMade': {
      const b = e.booking as { id: string; categoryId: string; day: string; slotStart: number; slotEnd: number; maskedName: string };
      const [cat, catEn] = names.category(b.categoryId);
      const slot = `${b.day} ${names.clock(b.slotStart)}–${names.clock(b.slotEnd)}`;
      return both(`${b.maskedName} 预约 ${cat} ${slot}（预约 ${bookingRef(b.id)}）`, `${b.maskedName} booked ${catEn} ${slot} (booking ${bookingRef(b.id)})`, null);
    }
    case 'BookingCancelled':
      return both(`取消预约 ${bookingRef(String(e.bookingId))}`, `booking ${bookingRef(String(e.bookingId))} cancelled`, null);
    case 'BookingRescheduled': {
      const slot = `${String(e.day)} ${names.clock(Number(e.slotStart))}–${names.clock(Number(e.slotEnd))}`;
      return both(`预约 ${bookingRef(String(e.bookingId))} 改到 ${slot}`, `booking ${bookingRef(String(e.bookingId))} moved to ${slot}`, null);
    }
    case 'BookingCheckedIn':
      return both(
        `预约 ${bookingRef(String(e.bookingId))} 签到，取得 ${n}${e.late ? '（迟到，按普通号排队）' : ''}`,
        `booking ${bookingRef(String(e.bookingId))} checked in as ${n}${e.late ? ' (late: queued as an ordinary number)' : ''}`,
      );
    case 'BookingMissed':
      return both(`预约 ${bookingRef(String(e.bookingId))} 失约`, `booking ${bookingRef(String(e.bookingId))} missed`, null);
    case 'BookingReminded':
      return both(`预约 ${bookingRef(String(e.bookingId))} 已发提醒`, `booking ${bookingRef(String(e.bookingId))}: reminder sent`, null);
    default:
      return both(e.type, e.type);
  }
}
