import type { CompiledRules, HallState } from '../../domain';
import { CASE_CLOCK_RUNNING } from '../../domain';
import { reasonEn } from '../../domain/reason-words';

export interface SupervisionThresholds {
  waitYellowMinutes: number;
  waitRedMinutes: number;
  /** A service running longer than this (per category, else the default) raises an alert. */
  serviceLimitMinutes: number;
  serviceLimitByCategory: Record<string, number>;
  pauseLimitMinutes: number;
}

export const DEFAULT_SUPERVISION: SupervisionThresholds = {
  waitYellowMinutes: 30,
  waitRedMinutes: 60,
  serviceLimitMinutes: 30,
  serviceLimitByCategory: {},
  pauseLimitMinutes: 20,
};

export type ConditionKind = 'wait' | 'service' | 'pause' | 'device' | 'case';

/** Something wrong right now. `key` is stable while the condition lasts, so it is raised once. */
export interface Condition {
  key: string;
  kind: ConditionKind;
  level: 'yellow' | 'red';
  since: number;
  subject: string;
  message: string;
  messageEn: string;
}

export interface DeviceFault {
  deviceId: string;
  /** The device's name in the hall's config, when it has one (一楼自助取号机1). */
  name?: string | null;
  problem: string;
  problemEn: string;
  since: number;
}

const MINUTE = 60_000;

/** The hall's current problems (电子监察): long waits, overlong services, long pauses, device faults. */
export function conditionsOf(state: HallState, rules: CompiledRules, t: SupervisionThresholds, devices: readonly DeviceFault[], now: number): Condition[] {
  const out: Condition[] = [];
  for (const ids of state.waiting.values()) {
    for (const id of ids) {
      const ticket = state.tickets.get(id);
      if (!ticket) continue;
      const minutes = (now - ticket.issuedAt) / MINUTE;
      if (minutes <= t.waitYellowMinutes) continue;
      const red = minutes > t.waitRedMinutes;
      out.push({
        key: `wait:${ticket.id}`,
        kind: 'wait',
        level: red ? 'red' : 'yellow',
        since: ticket.issuedAt + (red ? t.waitRedMinutes : t.waitYellowMinutes) * MINUTE,
        subject: ticket.number,
        message: `${ticket.number} 已等候 ${Math.floor(minutes)} 分钟`,
        messageEn: `${ticket.number} has waited ${Math.floor(minutes)} min`,
      });
    }
  }
  for (const w of state.windows.values()) {
    const name = rules.window.get(w.id)?.name ?? `${w.id}号窗口`;
    const current = w.currentTicketId ? state.tickets.get(w.currentTicketId) : undefined;
    if (current && current.state === 'serving' && current.servingAt !== null) {
      const limit = t.serviceLimitByCategory[current.categoryId] ?? t.serviceLimitMinutes;
      const minutes = (now - current.servingAt) / MINUTE;
      if (minutes > limit) {
        out.push({
          key: `service:${current.id}`,
          kind: 'service',
          level: minutes > 2 * limit ? 'red' : 'yellow',
          since: current.servingAt + limit * MINUTE,
          subject: `${w.id}`,
          message: `${name} 办理 ${current.number} 已超时（${Math.floor(minutes)} 分钟）`,
          messageEn: `Window ${w.id} has been serving ${current.number} for ${Math.floor(minutes)} min`,
        });
      }
    }
    if (w.status === 'paused' && w.pausedAt !== null) {
      const minutes = (now - w.pausedAt) / MINUTE;
      if (minutes > t.pauseLimitMinutes) {
        out.push({
          key: `pause:${w.id}:${w.pausedAt}`,
          kind: 'pause',
          level: minutes > 2 * t.pauseLimitMinutes ? 'red' : 'yellow',
          since: w.pausedAt + t.pauseLimitMinutes * MINUTE,
          subject: `${w.id}`,
          message: `${name} 暂停服务已 ${Math.floor(minutes)} 分钟（${w.pauseReason ?? ''}）`,
          messageEn: `Window ${w.id} paused for ${Math.floor(minutes)} min (${reasonEn(w.pauseReason ?? '')})`,
        });
      }
    }
  }
  out.push(...caseConditions(state, rules, now));
  for (const d of devices) {
    out.push({
      key: `device:${d.deviceId}:${d.problem}`,
      kind: 'device',
      level: 'red',
      since: d.since,
      subject: d.deviceId,
      message: d.name ? `${d.name}（${d.deviceId}）：${d.problem}` : `${d.deviceId}：${d.problem}`,
      messageEn: d.name ? `${d.name} (${d.deviceId}): ${d.problemEn}` : `${d.deviceId}: ${d.problemEn}`,
    });
  }
  return out;
}

const LEVEL_WORDS = { dissatisfied: ['不满意', 'dissatisfied'], 'very-dissatisfied': ['非常不满意', 'very dissatisfied'] } as Record<string, [string, string]>;

/**
 * 差评整改 supervision: yellow from the start of the case's last working day(s) (warnAt), red once its
 * deadline has passed, while it is not answered. One key per case, so yellow escalates to red.
 */
export function caseConditions(state: HallState, rules: CompiledRules, now: number): Condition[] {
  const out: Condition[] = [];
  for (const c of state.cases.values()) {
    if (!CASE_CLOCK_RUNNING.has(c.state) || now < c.warnAt) continue;
    const red = now > c.dueAt;
    const window = rules.window.get(c.windowId)?.name ?? `${c.windowId}号窗口`;
    const [zh, en] = LEVEL_WORDS[c.level] ?? [c.level, c.level];
    out.push({
      key: `case:${c.id}`,
      kind: 'case',
      level: red ? 'red' : 'yellow',
      since: red ? c.dueAt : c.warnAt,
      subject: c.number,
      message: red ? `${window} ${c.number} 的${zh}评价已超过整改反馈期限` : `${window} ${c.number} 的${zh}评价即将到整改反馈期限`,
      messageEn: red ? `The ${en} rating of ${c.number} at window ${c.windowId} is past its deadline` : `The ${en} rating of ${c.number} at window ${c.windowId} is nearly due`,
    });
  }
  return out;
}
