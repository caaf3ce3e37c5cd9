import { BOOKING_REFUSALS } from './booking/booking-refusals';
import { refusalWords } from './refusal-words';

// Every way the engine can say no, with the words staff and citizens see. Codes are stable API.

export const REFUSALS = {
  HALL_CLOSED_TODAY: { zh: '今日不办公', en: 'The hall is closed today' },
  OUTSIDE_HOURS: { zh: '当前不在办公时间内', en: 'Outside opening hours' },
  AFTER_LAST_TICKET: { zh: '今日取号已截止', en: 'Ticket issuing has ended for today' },
  DAILY_CAP_REACHED: { zh: '该业务今日号源已满', en: 'All numbers for this category are taken today' },
  UNKNOWN_CATEGORY: { zh: '没有这个业务类别', en: 'No such category' },
  UNKNOWN_MATTER: { zh: '没有这个事项', en: 'No such matter' },
  MATTER_NOT_IN_CATEGORY: { zh: '该事项不属于所选业务类别', en: 'The matter does not belong to the category' },
  MATTER_REQUIRED: { zh: '请选择所办理的事项', en: 'Choose the matter that was handled' },
  UNKNOWN_PRIORITY_CLASS: { zh: '没有这个优先类别', en: 'No such priority class' },
  UNKNOWN_WINDOW: { zh: '没有这个窗口', en: 'No such window' },
  WINDOW_CLOSED: { zh: '窗口尚未登录开启', en: 'The window is not open' },
  WINDOW_PAUSED: { zh: '窗口已暂停服务', en: 'The window is paused' },
  WINDOW_NOT_PAUSED: { zh: '窗口未暂停', en: 'The window is not paused' },
  WINDOW_BUSY: { zh: '请先办结、过号或转移当前号码', en: 'Finish, mark no-show or transfer the current ticket first' },
  WINDOW_TAKEN: { zh: '该窗口已由其他工作人员登录', en: 'Another staff member is signed in at this window' },
  STAFF_AT_OTHER_WINDOW: { zh: '您已在其他窗口登录', en: 'You are signed in at another window' },
  NO_ACTIVE_TICKET: { zh: '窗口当前没有号码', en: 'The window has no current ticket' },
  NO_WAITING_TICKET: { zh: '当前没有等候的号码', en: 'Nobody is waiting' },
  NO_SUCH_TICKET: { zh: '没有这个号码', en: 'No such ticket' },
  TICKET_NOT_WAITING: { zh: '该号码不在等候中', en: 'The ticket is not waiting' },
  TICKET_NOT_CALLED: { zh: '该号码尚未被叫到', en: 'The ticket has not been called' },
  TICKET_ALREADY_SERVING: { zh: '该号码已在办理中', en: 'The ticket is already being served' },
  TICKET_NOT_MISSED: { zh: '该号码不是过号状态', en: 'The ticket is not a missed number' },
  GRACE_EXPIRED: { zh: '过号已超过可重新激活的时限', en: 'The grace period for a missed number has passed' },
  TICKET_RESERVED_FOR_WINDOW: { zh: '该号码已转给其他窗口', en: 'The ticket was transferred to another window' },
  CATEGORY_NOT_SERVED: { zh: '本窗口不办理该业务类别', en: 'This window does not serve that category' },
  TRANSFER_TARGET_INVALID: { zh: '转移目标无效', en: 'Invalid transfer target' },
  NUMBERS_EXHAUSTED: { zh: '该业务今日号码已用完', en: 'No numbers left for this category today' },
  TICKET_NOT_FINISHED: { zh: '该号码尚未办结，暂不能评价', en: 'The service has not been finished yet, so it cannot be rated' },
  ALREADY_RATED: { zh: '该号码已经评价过了', en: 'This service has already been rated' },
  RATING_EXPIRED: { zh: '已超过评价时限', en: 'The time for rating this service has passed' },
  RATING_WRONG_WINDOW: { zh: '只能在办结该号码的窗口评价', en: 'A service can only be rated at the window that finished it' },
  RATING_REASON_INVALID: { zh: '评价原因不在本大厅的原因列表中', en: 'The reason is not in the hall’s list of reasons' },
  RATING_REASONS_NOT_ALLOWED: { zh: '只有“不满意”和“非常不满意”可以选择原因', en: 'Only dissatisfied ratings may give reasons' },
  NO_SUCH_CASE: { zh: '没有这个差评工单', en: 'No such bad-rating case' },
  CASE_NOT_YOURS: { zh: '该工单不属于您或您所在的窗口团队', en: 'This case belongs to another window team' },
  CASE_SUPERVISOR_ONLY: { zh: '申诉裁定、复核和关闭须由督办人员操作', en: 'Only a supervisor may decide appeals, review and close cases' },
  CASE_WRONG_STATE: { zh: '工单当前状态不能进行此操作', en: 'The case is not in a state that allows this' },
  CASE_CALLBACK_REQUIRED: { zh: '实名差评须先回访群众并记录其意见', en: 'A real-name rating needs a recorded callback with the citizen’s answer' },
  CASE_ANONYMOUS: { zh: '匿名评价无法回访，请不要填写回访结果', en: 'An anonymous rating cannot be called back; leave the callback out' },
  TICKET_NOT_PENDING: { zh: '该号码无需签到或已签到', en: 'That number needs no check-in or is checked in already' },
  ...BOOKING_REFUSALS,
} as const satisfies Record<string, { zh: string; en: string }>;

export type RefusalCode = keyof typeof REFUSALS;

export interface Refusal {
  code: RefusalCode;
  message: string;
  messageEn: string;
  /** Facts the message refers to, e.g. { number: 'A017' }. */
  details?: Record<string, string | number> | undefined;
}

export function refuse(code: RefusalCode, details?: Record<string, string | number>): Refusal {
  const words = refusalWords(code, REFUSALS[code], details);
  return { code, message: words.zh, messageEn: words.en, details };
}
