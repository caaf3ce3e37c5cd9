import { errorFactory } from '../serial/device-error';

export const PRINTER_ERRORS = {
  PRINTER_PAPER_END: { message: '打印机缺纸', messageEn: 'The printer is out of paper' },
  PRINTER_COVER_OPEN: { message: '打印机盖未关好', messageEn: 'The printer cover is open' },
  PRINTER_OFFLINE: { message: '打印机离线', messageEn: 'The printer is offline' },
  PRINTER_MECHANICAL_ERROR: { message: '打印机机械故障', messageEn: 'The printer reports a mechanical error' },
  PRINTER_CUTTER_ERROR: { message: '打印机切刀故障', messageEn: 'The printer auto-cutter failed' },
  PRINTER_UNRECOVERABLE_ERROR: { message: '打印机发生不可恢复的故障', messageEn: 'The printer reports an unrecoverable error' },
  PRINTER_AUTO_RECOVERABLE_ERROR: { message: '打印机暂时故障（如打印头过热）', messageEn: 'The printer reports a temporary error such as an overheated head' },
  PRINTER_TIMEOUT: { message: '打印机无响应', messageEn: 'The printer did not answer' },
  PRINTER_BAD_STATUS: { message: '打印机返回的状态无法识别', messageEn: 'The printer returned a status byte that cannot be read' },
  PRINTER_PRINT_INTERRUPTED: { message: '打印中断，票据可能不完整', messageEn: 'Printing was interrupted; the ticket may be incomplete' },
  PRINTER_INVALID_TICKET: { message: '票据内容无效', messageEn: 'The ticket content is invalid' },
  PRINTER_INVALID_TEXT: { message: '文本无法编码为 GB18030', messageEn: 'The text cannot be encoded as GB18030' },
  /** A warning, not a failure: printing goes on, staff should change the roll soon. */
  PRINTER_PAPER_NEAR_END: { message: '打印纸即将用完', messageEn: 'The paper roll is nearly used up' },
} as const;

export type PrinterErrorCode = keyof typeof PRINTER_ERRORS;

export const printerError = errorFactory(PRINTER_ERRORS);
