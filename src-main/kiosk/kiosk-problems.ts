import type { Ack, ErrorAck, KioskProblem } from '../contracts';
import { isDeviceError } from '../../hardware';

// The kiosk's own refusals, in the words a citizen at the machine needs. Hall refusals and device errors
// already come in both languages and are passed through unchanged.

export const KIOSK_PROBLEMS = {
  HALL_UNREACHABLE: {
    message: '暂时无法连接大厅服务器，未出号。请稍后再试或到咨询台取号',
    messageEn: 'The hall server cannot be reached, so no number was issued. Please try again shortly or ask at the information desk',
  },
  HALL_NO_ANSWER: {
    message: '大厅服务器未及时响应。请再按一次，不会重复取号',
    messageEn: 'The hall server did not answer in time. Please press again; you will not get a second number',
  },
  CARD_NOT_PRESENT: { message: '读卡区没有身份证，请放好身份证或选择不刷卡取号', messageEn: 'There is no card on the reader; place your ID card or take a number without it' },
  CARD_ID_INVALID: {
    message: '身份证号码校验未通过，请重新放置身份证或选择不刷卡取号',
    messageEn: 'The ID number on the card failed its check; place the card again or take a number without it',
  },
  NO_READER: { message: '本机没有身份证阅读器', messageEn: 'This kiosk has no ID card reader' },
  NO_PRINTER: { message: '本机没有打印机，请扫码或拍照保存号码', messageEn: 'This kiosk has no printer; scan the code or take a photo of your number' },
  NOTHING_TO_REPRINT: { message: '没有需要重新打印的号票', messageEn: 'There is no ticket to print again' },
  KIOSK_BUSY: { message: '正在处理上一个操作，请稍候', messageEn: 'Still working on the previous request; please wait' },
  INVALID_KIOSK_CALL: { message: '请求数据无效', messageEn: 'Invalid request' },
  KIOSK_ERROR: { message: '取号机内部错误，请到咨询台', messageEn: 'Internal kiosk error; please ask at the information desk' },
} as const satisfies Record<string, { message: string; messageEn: string }>;

export type KioskProblemCode = keyof typeof KIOSK_PROBLEMS;

export function kioskProblem(code: KioskProblemCode, note?: { zh: string; en: string }): KioskProblem {
  const text = KIOSK_PROBLEMS[code];
  return note ? { code, message: `${text.message}（${note.zh}）`, messageEn: `${text.messageEn} (${note.en})` } : { code, ...text };
}

export function refuse(problem: KioskProblem, extra: Partial<ErrorAck> = {}): ErrorAck {
  return { ok: false, ...problem, ...extra };
}

export function ok<T>(data: T): Ack<T> {
  return { ok: true, data };
}

/** Any thrown value as a problem: device errors keep their code and texts, the rest is an internal error. */
export function problemOf(error: unknown): KioskProblem {
  if (isDeviceError(error)) return { code: error.code, message: error.message, messageEn: error.messageEn };
  const reason = error instanceof Error ? error.message : String(error);
  return kioskProblem('KIOSK_ERROR', { zh: reason, en: reason });
}

export function problemOfAck(ack: ErrorAck): KioskProblem {
  return { code: ack.code, message: ack.message, messageEn: ack.messageEn };
}
