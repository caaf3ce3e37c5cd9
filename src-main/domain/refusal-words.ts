// The facts a refusal refers to, in words a citizen or a member of staff reads ("A017 的过号已超过 30 分钟"),
// never as "(number: A017)". A code with a sentence of its own uses it; any other code names its facts in
// a short phrase after the base words. Facts nobody can act on (internal ids) are left out of the words
// and stay in `details` for programs.

export type RefusalDetails = Readonly<Record<string, string | number>>;

interface Words {
  zh: string;
  en: string;
}

const TICKET_STATE: Record<string, Words> = {
  pending: { zh: '待签到', en: 'waiting for check-in' },
  waiting: { zh: '等候中', en: 'waiting' },
  called: { zh: '已叫号', en: 'called' },
  serving: { zh: '办理中', en: 'being served' },
  finished: { zh: '已办结', en: 'finished' },
  missed: { zh: '已过号', en: 'missed' },
  cancelled: { zh: '已取消', en: 'cancelled' },
  expired: { zh: '已失效', en: 'expired' },
  // Bookings
  booked: { zh: '已预约', en: 'booked' },
  'checked-in': { zh: '已签到', en: 'checked in' },
  'no-show': { zh: '预约未到', en: 'missed (no-show)' },
  // Bad-rating cases
  verifying: { zh: '待核实', en: 'being verified' },
  rectifying: { zh: '整改中', en: 'being rectified' },
  appealed: { zh: '申诉中', en: 'under appeal' },
  answered: { zh: '已反馈', en: 'answered' },
  reviewed: { zh: '已复核', en: 'reviewed' },
  closed: { zh: '已关闭', en: 'closed' },
};

const LEVEL: Record<string, Words> = {
  'very-satisfied': { zh: '非常满意', en: 'very satisfied' },
  satisfied: { zh: '满意', en: 'satisfied' },
  basic: { zh: '基本满意', en: 'basically satisfied' },
  dissatisfied: { zh: '不满意', en: 'dissatisfied' },
  'very-dissatisfied': { zh: '非常不满意', en: 'very dissatisfied' },
};

const stateWords = (s: string | number): Words => TICKET_STATE[String(s)] ?? { zh: String(s), en: String(s) };

/** One phrase per fact a refusal may carry; keys not listed here are not worded (ids, internal values). */
const FACT: Record<string, (v: string | number) => Words> = {
  number: (v) => ({ zh: `号码 ${v}`, en: `ticket ${v}` }),
  window: (v) => (v === '-' ? { zh: '未指明窗口', en: 'no window given' } : { zh: `${v} 号窗口`, en: `window ${v}` }),
  category: (v) => ({ zh: `业务类别 ${v}`, en: `category ${v}` }),
  matter: (v) => ({ zh: `事项 ${v}`, en: `matter ${v}` }),
  priorityClass: (v) => ({ zh: `优先类别 ${v}`, en: `priority class ${v}` }),
  state: (v) => ({ zh: `当前状态：${stateWords(v).zh}`, en: `it is ${stateWords(v).en}` }),
  day: (v) => ({ zh: `日期 ${v}`, en: `on ${v}` }),
  time: (v) => ({ zh: `现在是 ${v}`, en: `it is ${v} now` }),
  from: (v) => ({ zh: `${v} 起可以办理`, en: `possible from ${v}` }),
  until: (v) => ({ zh: `已于 ${v} 截止`, en: `ended at ${v}` }),
  cap: (v) => ({ zh: `每日 ${v} 个号`, en: `${v} numbers a day` }),
  share: (v) => ({ zh: `网上取号名额 ${v} 个`, en: `${v} remote numbers` }),
  minutes: (v) => ({ zh: `时限 ${v} 分钟`, en: `limit ${v} min` }),
  seconds: (v) => ({ zh: `时限 ${v} 秒`, en: `limit ${v} s` }),
  hours: (v) => ({ zh: `时限 ${v} 小时`, en: `limit ${v} h` }),
  level: (v) => ({ zh: `评价“${LEVEL[String(v)]?.zh ?? v}”`, en: `rating “${LEVEL[String(v)]?.en ?? v}”` }),
  reason: (v) => ({ zh: `原因“${v}”`, en: `reason “${v}”` }),
};

type Sentence = (d: RefusalDetails) => Words | null;

const has = (d: RefusalDetails, ...keys: string[]) => keys.every((k) => d[k] !== undefined && d[k] !== '');

/** Whole sentences for the refusals citizens meet most; null when the facts it needs are missing. */
const SENTENCE: Partial<Record<string, Sentence>> = {
  NO_SUCH_TICKET: (d) => (has(d, 'number') ? { zh: `今天没有 ${d.number} 这个号码`, en: `There is no ticket ${d.number} today` } : null),
  TICKET_NOT_MISSED: (d) => (has(d, 'number') ? { zh: `${d.number} 不是过号状态，无需重新激活`, en: `${d.number} is not a missed number; it needs no reactivation` } : null),
  GRACE_EXPIRED: (d) =>
    has(d, 'number', 'minutes')
      ? { zh: `${d.number} 过号已超过 ${d.minutes} 分钟，不能再激活，请重新取号`, en: `${d.number} was missed more than ${d.minutes} minutes ago and can no longer be reactivated; please take a new number` }
      : null,
  TICKET_NOT_PENDING: (d) => (has(d, 'number') ? { zh: `${d.number} 无需签到或已签到`, en: `${d.number} needs no check-in or is checked in already` } : null),
  TICKET_NOT_WAITING: (d) => (has(d, 'number', 'state') ? { zh: `${d.number} 不在等候中（${stateWords(d.state!).zh}）`, en: `${d.number} is not waiting (it is ${stateWords(d.state!).en})` } : null),
  TICKET_ALREADY_SERVING: (d) => (has(d, 'number') ? { zh: `${d.number} 已在办理中`, en: `${d.number} is already being served` } : null),
  ALREADY_RATED: (d) => (has(d, 'number') ? { zh: `${d.number} 已经评价过了`, en: `The service of ${d.number} has already been rated` } : null),
  TICKET_NOT_FINISHED: (d) => (has(d, 'number') ? { zh: `${d.number} 尚未办结，暂不能评价`, en: `${d.number} has not been finished yet, so it cannot be rated` } : null),
  RATING_EXPIRED: (d) =>
    has(d, 'number', 'hours')
      ? { zh: `${d.number} 已超过 ${d.hours} 小时的评价时限`, en: `The ${d.hours}-hour time for rating ${d.number} has passed` }
      : has(d, 'number', 'seconds')
        ? { zh: `${d.number} 已超过 ${d.seconds} 秒的评价时限`, en: `The ${d.seconds}-second time for rating ${d.number} has passed` }
        : null,
  OUTSIDE_HOURS: (d) => (has(d, 'time') ? { zh: `现在是 ${d.time}，不在办公时间内`, en: `It is ${d.time}: outside opening hours` } : null),
  AFTER_LAST_TICKET: (d) => (has(d, 'time') ? { zh: `现在是 ${d.time}，今日取号已截止`, en: `It is ${d.time}: ticket issuing has ended for today` } : null),
  HALL_CLOSED_TODAY: (d) => (has(d, 'day') ? { zh: `${d.day} 不办公`, en: `The hall is closed on ${d.day}` } : null),
  DAILY_CAP_REACHED: (d) =>
    has(d, 'category', 'cap') ? { zh: `业务类别 ${d.category} 今日 ${d.cap} 个号已全部取完`, en: `All ${d.cap} numbers for category ${d.category} are taken today` } : null,
  CHECK_IN_TOO_EARLY: (d) => (has(d, 'from') ? { zh: `还未到签到时间，${d.from} 起可以签到`, en: `Too early to check in: check-in opens at ${d.from}` } : null),
  CHECK_IN_TOO_LATE: (d) => (has(d, 'until') ? { zh: `预约时段已于 ${d.until} 结束，无法签到`, en: `The booked time slot ended at ${d.until}; check-in is closed` } : null),
};

/** The base words of a refusal completed with its facts, in both languages. */
export function refusalWords(code: string, base: Words, details: RefusalDetails | undefined): Words {
  if (!details) return base;
  const sentence = SENTENCE[code]?.(details);
  if (sentence) return sentence;
  const facts = Object.entries(details).flatMap(([k, v]) => {
    const word = FACT[k];
    return word && v !== '' ? [word(v)] : [];
  });
  if (facts.length === 0) return base;
  return { zh: `${base.zh}（${facts.map((f) => f.zh).join('，')}）`, en: `${base.en} (${facts.map((f) => f.en).join(', ')})` };
}
