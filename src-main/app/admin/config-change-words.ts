import type { HallConfig } from '../../contracts';
import type { ConfigChange } from './config-editor';

// What an admin changed, in words for the audit log (中文 / English): "窗口「社保医保二窗」名称：A → B"
// rather than "windows[2].name". The audit log is the record: its summary must read on its own, so the
// words are written with it and not looked up later from a config that may have changed since.

type Words = readonly [zh: string, en: string];

/** Settings by path, array positions written as []. A path not listed here is shown as it is. */
const FIELDS: Record<string, Words> = {
  name: ['大厅名称', 'hall name'],
  nameEn: ['大厅英文名称', 'hall English name'],
  timeZone: ['时区', 'time zone'],
  publicUrl: ['公网地址', 'public address'],
  notice: ['滚动公告', 'notice'],
  noticeEn: ['英文公告', 'English notice'],
  closedDates: ['节假日', 'closed dates'],
  pauseReasons: ['暂停原因', 'pause reasons'],
  'categories[].id': ['字母', 'letter'],
  'categories[].name': ['名称', 'name'],
  'categories[].nameEn': ['英文名称', 'English name'],
  'categories[].defaultServiceMinutes': ['预计办理时长', 'expected service minutes'],
  'categories[].dailyCap': ['每日上限', 'daily cap'],
  'categories[].matters[].id': ['编号', 'id'],
  'categories[].matters[].name': ['名称', 'name'],
  'categories[].matters[].nameEn': ['英文名称', 'English name'],
  'windows[].id': ['编号', 'number'],
  'windows[].name': ['名称', 'name'],
  'windows[].nameEn': ['英文名称', 'English name'],
  'windows[].categories': ['办理业务', 'categories served'],
  'windows[].strategy': ['叫号方式', 'calling order'],
  'priorityClasses[].id': ['编号', 'id'],
  'priorityClasses[].name': ['名称', 'name'],
  'priorityClasses[].nameEn': ['英文名称', 'English name'],
  'priorityClasses[].minAge': ['自动识别年龄', 'age recognised'],
  'queue.maxPriorityInRow': ['优先号连续叫号上限', 'priority calls in a row'],
  'queue.reactivationGraceMinutes': ['过号可重新激活时限', 'reactivation grace minutes'],
  'queue.reactivationBehind': ['重新激活后排在几人之后', 'places behind after reactivation'],
  'queue.serviceSamples': ['估算等候用的近期件数', 'services sampled for wait estimates'],
  'announcement.template': ['播报句式', 'announcement sentence'],
  'announcement.repeat': ['播报遍数', 'announcement repeats'],
  'announcement.prefer': ['播报方式', 'announcement voice'],
  'announcement.chime': ['播报前提示音', 'chime'],
  'announcement.volume': ['音量', 'volume'],
  'evaluation.timeoutSeconds': ['办结后可评价时限', 'rating time after service'],
  'evaluation.acceptHours': ['补评时限', 'hours a late rating is accepted'],
  'evaluation.lowReasons': ['差评原因选项', 'low-rating reasons'],
  'evaluation.cases.answerWorkingDays': ['差评整改时限（工作日）', 'case answer working days'],
  'evaluation.cases.warnWorkingDays': ['差评整改预警（工作日）', 'case warning working days'],
  'evaluation.cases.teams[].name': ['整改小组名称', 'case team name'],
  'evaluation.cases.teams[].nameEn': ['整改小组英文名称', 'case team English name'],
  'evaluation.cases.teams[].windows': ['整改小组窗口', 'case team windows'],
  'evaluation.cases.teams[].members': ['整改小组成员', 'case team members'],
  'evaluation.cases.teams[].supervisor': ['整改小组负责人', 'case team supervisor'],
  'supervision.waitYellowMinutes': ['等候黄色预警', 'wait yellow alert minutes'],
  'supervision.waitRedMinutes': ['等候红色告警', 'wait red alert minutes'],
  'supervision.serviceLimitMinutes': ['办理时限', 'service limit minutes'],
  'supervision.serviceLimitByCategory': ['按类别办理时限', 'service limits by category'],
  'supervision.pauseLimitMinutes': ['暂停时限', 'pause limit minutes'],
  'privacy.retentionDays': ['身份证号哈希保存天数', 'ID hash retention days'],
  'booking.slotMinutes': ['预约时段长度', 'booking slot minutes'],
  'booking.quotaPerSlot': ['每时段名额', 'bookings per slot'],
  'booking.quotaByCategory': ['按类别名额', 'bookings per slot by category'],
  'booking.daysAhead': ['可提前预约天数', 'days ahead bookable'],
  'booking.checkInEarlyMinutes': ['可提前签到时间', 'check-in early minutes'],
  'booking.lateCheckIn': ['迟到签到', 'late check-in'],
  'booking.strikes.limit': ['失约次数上限', 'missed bookings allowed'],
  'booking.strikes.windowDays': ['失约统计天数', 'missed bookings counted over days'],
  'booking.strikes.banDays': ['失约限制天数', 'booking ban days'],
  'booking.remoteShare': ['网上取号比例', 'share of remote numbers'],
  'booking.remoteNeedsCheckIn': ['网上取号须签到', 'remote numbers need check-in'],
  'booking.reminderMinutes': ['提前提醒时间', 'reminder minutes'],
  'notifications.webhook.url': ['通知地址', 'webhook address'],
  'notifications.webhook.secret': ['通知密钥', 'webhook secret'],
  'notifications.turnNearAhead': ['快到号提醒（前面人数）', 'turn-near reminder (people ahead)'],
  'accounts[].displayName': ['姓名', 'name'],
  'accounts[].role': ['角色', 'role'],
  'accounts[].password': ['密码', 'password'],
  'accounts[].passwordHash': ['密码', 'password'],
  'accounts[].disabled': ['停用', 'disabled'],
  'devices[].name': ['名称', 'name'],
  'devices[].kind': ['类型', 'kind'],
  'devices[].key': ['密钥', 'key'],
  'devices[].keyHash': ['密钥', 'key'],
  'devices[].windowId': ['所属窗口', 'window'],
};

/** Sections whose leaves are not all listed: the section's name goes before the leaf's key. */
const SECTIONS: Record<string, Words> = {
  openingHours: ['营业时间', 'opening hours'],
  limits: ['限流', 'limits'],
  'booking.specialDays': ['特殊营业日', 'special days'],
  secrets: ['密钥设置', 'secret settings'],
};

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
/** The item's Chinese name, and its English one where it has one. */
const bilingual = (zh: unknown, en: unknown): Words => [str(zh), str(en) || str(zh)];

/** Things in lists, named by the item itself. */
const ITEMS: Record<string, { words: Words; label: (item: Record<string, unknown>) => Words }> = {
  categories: { words: ['业务类别', 'category'], label: (c) => bilingual(`${str(c.id)} ${str(c.name)}`, c.nameEn ? `${str(c.id)} ${str(c.nameEn)}` : '') },
  'categories[].matters': { words: ['事项', 'matter'], label: (m) => bilingual(m.name ?? m.id, m.nameEn) },
  windows: { words: ['窗口', 'window'], label: (w) => bilingual(w.name ?? w.id, w.nameEn) },
  priorityClasses: { words: ['优先人群', 'priority group'], label: (p) => bilingual(p.name ?? p.id, p.nameEn) },
  'evaluation.cases.teams': { words: ['整改小组', 'case team'], label: (t) => bilingual(t.name ?? t.id, t.nameEn) },
  accounts: { words: ['账号', 'account'], label: (a) => [`${str(a.username)}（${str(a.displayName)}）`, `${str(a.username)} (${str(a.displayName)})`] },
  devices: { words: ['设备', 'device'], label: (d) => (d.name ? [`${str(d.id)}（${str(d.name)}）`, `${str(d.id)} (${str(d.name)})`] : [str(d.id), str(d.id)]) },
};

type Segment = string | number;

function segmentsOf(path: string): Segment[] {
  const out: Segment[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const i of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(i[1]));
  }
  return out;
}

const patternOf = (segments: readonly Segment[]): string =>
  segments.map((s) => (typeof s === 'number' ? '[]' : s)).join('.').replace(/\.\[\]/g, '[]');

function at(root: unknown, segments: readonly Segment[]): unknown {
  let v = root;
  for (const s of segments) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[s];
  }
  return v;
}

/**
 * One change in words. `before` and `after` are the whole configs, to name the window, category or account a
 * change is in (from after, or before when the item was removed).
 */
export function changeWords(change: ConfigChange, before: HallConfig, after: HallConfig): { zh: string; en: string } {
  const segments = segmentsOf(change.path);
  // Every list item on the path names where the change is: 业务类别「A 企业服务」事项「企业设立登记」.
  const levels: Array<{ end: number; words: Words; named: Words | null }> = [];
  segments.forEach((s, i) => {
    const item = typeof s === 'number' ? ITEMS[patternOf(segments.slice(0, i))] : undefined;
    if (!item) return;
    const value = (at(after, segments.slice(0, i + 1)) ?? at(before, segments.slice(0, i + 1))) as Record<string, unknown> | undefined;
    levels.push({ end: i, words: item.words, named: value && typeof value === 'object' ? item.label(value) : null });
  });
  const place = (l: (typeof levels)[number]) => ({
    zh: `${l.words[0]}「${l.named?.[0] ?? `第 ${Number(segments[l.end]) + 1} 项`}」`,
    en: `${l.words[1]} "${l.named?.[1] ?? `#${Number(segments[l.end]) + 1}`}"`,
  });
  const who = levels.length > 0 ? { zh: levels.map((l) => place(l).zh).join(''), en: levels.map((l) => place(l).en).join(', ') } : null;
  const innermost = levels.at(-1);

  // A whole item added or removed.
  if (innermost && innermost.end === segments.length - 1) {
    if (change.before === '—') return { zh: `新增${who!.zh}`, en: `added ${who!.en}` };
    if (change.after === '—') return { zh: `删除${who!.zh}`, en: `removed ${who!.en}` };
  }
  const field = fieldWords(segments);
  const values = { zh: `${change.before} → ${change.after}`, en: `${change.before} → ${change.after}` };
  return {
    zh: `${who ? `${who.zh}` : ''}${field[0]}：${values.zh}`,
    en: `${who ? `${who.en} ` : ''}${field[1]}: ${values.en}`,
  };
}

function fieldWords(segments: readonly Segment[]): Words {
  const pattern = patternOf(segments);
  const known = FIELDS[pattern];
  if (known) return known;
  for (const [section, words] of Object.entries(SECTIONS)) {
    if (pattern.startsWith(`${section}.`)) {
      const rest = pattern.slice(section.length + 1);
      return [`${words[0]} ${rest}`, `${words[1]} ${rest}`];
    }
  }
  return [pattern, pattern];
}

const SHOWN = 4;

/** The summary of a whole change: its first few changes in words, and how many more. */
export function changesSummary(changes: readonly ConfigChange[], before: HallConfig, after: HallConfig): { zh: string; en: string } {
  if (changes.length === 0) return { zh: '无变化', en: 'no change' };
  const words = changes.slice(0, SHOWN).map((c) => changeWords(c, before, after));
  const more = changes.length - words.length;
  return {
    zh: `${words.map((w) => w.zh).join('；')}${more > 0 ? `；等共 ${changes.length} 项` : ''}`,
    en: `${words.map((w) => w.en).join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
  };
}
