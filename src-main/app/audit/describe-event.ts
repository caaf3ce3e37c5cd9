import type { HallEvent } from '../../domain';

export interface EventWords {
  zh: string;
  en: string;
  ticketNumber: string | null;
}

const numberOf = (ticketId: unknown): string | null => (typeof ticketId === 'string' ? (ticketId.split('/')[1] ?? ticketId) : null);

const RATING_ZH: Record<string, string> = { 'very-satisfied': '非常满意', satisfied: '满意', basic: '基本满意', dissatisfied: '不满意', 'very-dissatisfied': '非常不满意' };
const CALLBACK_ZH: Record<string, string> = { satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' };
const CHANNEL_ZH: Record<string, string> = { window: '窗口评价器', phone: '手机', 'slip-qr': '号票二维码', booking: '预约页面' };
const SOURCE_ZH: Record<string, string> = { kiosk: '自助机', remote: '网上', appointment: '预约', counter: '窗口' };

/**
 * One line per queue event for the audit page, in both languages. Fields are read loosely, so an event
 * type added later still shows (by its type name) without this file knowing it.
 */
export function describeEvent(event: HallEvent, windowName: (id: number) => string): EventWords {
  const e = event as unknown as Record<string, unknown> & { type: string };
  const n = numberOf(e.ticketId);
  const caseNo = numberOf(e.caseId);
  const w = typeof e.windowId === 'number' ? e.windowId : null;
  const win = w === null ? '' : windowName(w);
  const winEn = w === null ? '' : `window ${w}`;
  switch (e.type) {
    case 'TicketIssued': {
      const t = e.ticket as { number: string; source: string; matterId: string | null; priorityClass: string | null; citizen: { maskedName: string } | null };
      const who = t.citizen ? `（${t.citizen.maskedName}）` : '';
      return {
        zh: `${SOURCE_ZH[t.source] ?? t.source}取号 ${t.number}${t.priorityClass ? ` 优先:${t.priorityClass}` : ''}${who}`,
        en: `${t.source} ticket ${t.number}${t.priorityClass ? ` priority ${t.priorityClass}` : ''}`,
        ticketNumber: t.number,
      };
    }
    case 'TicketCalled':
      return { zh: `${win} 叫号 ${n}`, en: `${winEn} called ${n}`, ticketNumber: n };
    case 'TicketRecalled':
      return { zh: `${win} 重呼 ${n}（第 ${String(e.callCount)} 次）`, en: `${winEn} recalled ${n} (call ${String(e.callCount)})`, ticketNumber: n };
    case 'ServiceStarted':
      return { zh: `${win} 开始办理 ${n}`, en: `${winEn} started serving ${n}`, ticketNumber: n };
    case 'ServiceFinished': {
      const minutes = Math.round((Number(e.serviceMs) / 60_000) * 10) / 10;
      return { zh: `${win} 办结 ${n}（${minutes} 分钟）`, en: `${winEn} finished ${n} (${minutes} min)`, ticketNumber: n };
    }
    case 'TicketMissed':
      return { zh: `${win} 过号 ${n}`, en: `${winEn} marked ${n} as no-show`, ticketNumber: n };
    case 'TicketReactivated':
      return { zh: `重新激活 ${n}`, en: `reactivated ${n}`, ticketNumber: n };
    case 'TicketTransferred': {
      const to = e.to as { categoryId?: string; windowId?: number };
      const target = to.windowId !== undefined ? windowName(to.windowId) : `${to.categoryId ?? ''} 类`;
      const targetEn = to.windowId !== undefined ? `window ${to.windowId}` : `category ${to.categoryId ?? ''}`;
      return { zh: `${windowName(Number(e.fromWindowId))} 将 ${n} 转至 ${target}`, en: `window ${String(e.fromWindowId)} transferred ${n} to ${targetEn}`, ticketNumber: n };
    }
    case 'TicketCancelled':
      return { zh: `取消 ${n}`, en: `cancelled ${n}`, ticketNumber: n };
    case 'TicketCheckedIn':
      return { zh: `预约签到 ${n}`, en: `appointment check-in ${n}`, ticketNumber: n };
    case 'DayClosed': {
      const expired = Array.isArray(e.expiredTicketIds) ? e.expiredTicketIds.length : 0;
      return {
        zh: `服务日结束 ${String(e.closedDay ?? '')} → ${String(e.newDay)}，${expired} 个号码过期`,
        en: `service day ${String(e.closedDay ?? '')} closed → ${String(e.newDay)}, ${expired} tickets expired`,
        ticketNumber: null,
      };
    }
    case 'WindowOpened':
      return { zh: `${String(e.staffId)} 登录 ${win}`, en: `${String(e.staffId)} opened ${winEn}`, ticketNumber: null };
    case 'WindowClosed':
      return { zh: `${win} 退出服务`, en: `${winEn} closed`, ticketNumber: null };
    case 'WindowPaused':
      return { zh: `${win} 暂停服务（${String(e.reason)}）`, en: `${winEn} paused (${String(e.reason)})`, ticketNumber: null };
    case 'WindowResumed':
      return { zh: `${win} 恢复服务`, en: `${winEn} resumed`, ticketNumber: null };
    case 'ServiceRated': {
      const reasons = Array.isArray(e.reasons) && e.reasons.length > 0 ? `：${e.reasons.join('、')}` : '';
      const via = e.channel && e.channel !== 'window' ? `（${CHANNEL_ZH[String(e.channel)] ?? String(e.channel)}）` : '';
      return { zh: `${n} 评价 ${RATING_ZH[String(e.level)] ?? String(e.level)}${reasons}${via}`, en: `${n} rated ${String(e.level)}${via ? ` via ${String(e.channel)}` : ''}`, ticketNumber: n };
    }
    case 'CaseOpened': {
      const c = e.case as { id: string; level: string; windowId: number; mobile: string | null; dueAt: number };
      const cn = numberOf(c.id);
      return {
        zh: `${cn} 差评立案（${RATING_ZH[c.level] ?? c.level}，${windowName(c.windowId)}，${c.mobile ? '实名' : '匿名'}）`,
        en: `case opened for ${cn} (${c.level}, window ${c.windowId}, ${c.mobile ? 'real-name' : 'anonymous'})`,
        ticketNumber: cn,
      };
    }
    case 'CaseVerified':
      return { zh: `${caseNo} 差评核实：${String(e.note)}`, en: `case ${caseNo} verified: ${String(e.note)}`, ticketNumber: caseNo };
    case 'CaseAppealed':
      return { zh: `${caseNo} 差评申诉：${String(e.reason)}`, en: `case ${caseNo} appealed: ${String(e.reason)}`, ticketNumber: caseNo };
    case 'CaseAppealDecided':
      return e.upheld
        ? { zh: `${caseNo} 申诉成立，差评不计：${String(e.note)}`, en: `case ${caseNo} appeal upheld: ${String(e.note)}`, ticketNumber: caseNo }
        : { zh: `${caseNo} 申诉不成立，继续整改：${String(e.note)}`, en: `case ${caseNo} appeal refused: ${String(e.note)}`, ticketNumber: caseNo };
    case 'CaseAnswered': {
      const cb = e.callback as { answer: string } | null;
      const callback = cb ? `，回访：${CALLBACK_ZH[cb.answer] ?? cb.answer}` : '，匿名无法回访';
      return { zh: `${caseNo} 整改反馈：${String(e.rectification)}${callback}`, en: `case ${caseNo} answered${cb ? `, callback: ${cb.answer}` : ' (anonymous)'}`, ticketNumber: caseNo };
    }
    case 'CaseReviewed':
      return e.approved
        ? { zh: `${caseNo} 复核通过：${String(e.note)}`, en: `case ${caseNo} review approved: ${String(e.note)}`, ticketNumber: caseNo }
        : { zh: `${caseNo} 复核退回整改：${String(e.note)}`, en: `case ${caseNo} sent back: ${String(e.note)}`, ticketNumber: caseNo };
    case 'CaseClosed':
      return { zh: `${caseNo} 差评办结关闭${e.note ? `：${String(e.note)}` : ''}`, en: `case ${caseNo} closed`, ticketNumber: caseNo };
    default:
      return { zh: e.type, en: e.type, ticketNumber: n };
  }
}
