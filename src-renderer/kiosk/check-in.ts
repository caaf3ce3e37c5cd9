import type { ErrorAck, KioskProblem } from '../../src-main/contracts';

// 签到 at the kiosk: the six-digit booking code pad, and the hall's refusals in words that tell the citizen
// what to do next (when to come back, what to check). Pure, tested without a screen.

export const CODE_LENGTH = 6;

export type CodeKey = { digit: string } | 'delete' | 'clear';

export function pressCodeKey(current: string, key: CodeKey): string {
  if (key === 'clear') return '';
  if (key === 'delete') return current.slice(0, -1);
  if (!/^\d$/.test(key.digit) || current.length >= CODE_LENGTH) return current;
  return current + key.digit;
}

export function isCompleteCode(value: string): boolean {
  return new RegExp(`^\\d{${CODE_LENGTH}}$`).test(value);
}

/** 0429 shown while typing as 0 4 2 9 _ _. */
export function codeCells(value: string): string[] {
  const cells = Array.from(value.slice(0, CODE_LENGTH));
  while (cells.length < CODE_LENGTH) cells.push('_');
  return cells;
}

const detail = (ack: ErrorAck, key: string): string | null => {
  const v = ack.details?.[key];
  return v === undefined || v === null ? null : String(v);
};

/** A refused check-in as the kiosk says it; codes without a better wording keep the hall's texts. */
export function checkInProblem(ack: ErrorAck): KioskProblem {
  const problem = (message: string, messageEn: string): KioskProblem => ({ code: ack.code, message, messageEn });
  switch (ack.code) {
    case 'CHECK_IN_TOO_EARLY': {
      const from = detail(ack, 'from');
      const day = detail(ack, 'day');
      if (day && from) return problem(`您的预约在 ${day}，请于当天 ${from} 后签到`, `Your booking is on ${day}; check in that day after ${from}`);
      return from
        ? problem(`还未到签到时间，请于 ${from} 后签到`, `Too early to check in; please check in after ${from}`)
        : problem(ack.message, ack.messageEn);
    }
    case 'CHECK_IN_TOO_LATE': {
      const until = detail(ack, 'until');
      return problem(
        `预约时段${until ? `已于 ${until} ` : '已'}结束，无法签到。请重新取号或重新预约`,
        `Your booked time slot ${until ? `ended at ${until}` : 'is over'}; check-in is closed. Please take a new number or book again`,
      );
    }
    case 'NO_SUCH_BOOKING':
      return problem(
        '没有找到今天的这个预约。请核对 6 位预约码（在手机预约页面上），签到只能在预约当天进行',
        'No booking for today with this code. Check the six-digit code on your booking page; check-in works on the booked day only',
      );
    case 'RATE_LIMITED': {
      // Too many wrong codes from this kiosk, or for this code: say how long, and offer the ID card.
      const seconds = detail(ack, 'retryAfterSeconds');
      const wait = seconds ? (Number(seconds) >= 120 ? `${Math.ceil(Number(seconds) / 60)} 分钟` : `${seconds} 秒`) : '片刻';
      const waitEn = seconds ? (Number(seconds) >= 120 ? `${Math.ceil(Number(seconds) / 60)} min` : `${seconds} s`) : 'a moment';
      return problem(
        `预约码输错次数过多，请 ${wait}后再试，或刷身份证签到；需要帮助请联系工作人员`,
        `Too many wrong booking codes; try again in ${waitEn}, or check in with your ID card. Staff can help`,
      );
    }
    case 'BOOKING_NOT_OPEN':
      return problem('该预约已签到、已取消或已失效，请在手机预约页面查看', 'This booking is already checked in, cancelled or over; see your booking page on your phone');
    case 'NO_SUCH_TICKET':
      return problem('没有找到这个号码，请核对手机上显示的号码', 'No such number today; check the number shown on your phone');
    case 'TICKET_NOT_PENDING':
      return problem('这个号码无需签到或已经签到，请留意叫号', 'This number needs no check-in or is already checked in; listen for your number');
    default:
      return { code: ack.code, message: ack.message, messageEn: ack.messageEn };
  }
}
