export { TicketPrinter, DEFAULT_PRINT_TIMEOUT_MS, DEFAULT_STATUS_TIMEOUT_MS } from './ticket-printer';
export type { PrintResult, TicketPrinterOptions } from './ticket-printer';
export { PRINTER_ERRORS, printerError } from './printer-errors';
export type { PrinterErrorCode } from './printer-errors';
export {
  STATUS_QUERIES,
  blockingProblem,
  decodePaperSensorInOrder,
  decodeStatus,
  encodePaperSensorInOrder,
  encodeStatus,
  isStatusByte,
} from './printer-status';
export type { PrinterStatus, RawStatus, StatusQueryName, StatusState } from './printer-status';
export { DEFAULT_MISSED_NUMBER_NOTICE, ticketSlipSchema, validateTicketSlip } from './ticket-slip';
export type { TicketSlip, ValidTicketSlip } from './ticket-slip';
export { layoutTicket } from './ticket-layout';
export type { Align, LayoutOptions, SlipBlock, SlipLayout } from './ticket-layout';
export { slipBytes, writeSlip } from './slip-writer';
export type { PrinterInterface } from './slip-writer';
export { decodeGb18030, encodeGb18030 } from './gb18030';
export { isPrintableText, printableText } from './printable-text';
export { charWidth, padEndToWidth, padStartToWidth, printedWidth, spreadToWidth, truncateToWidth, wrapToWidth } from './printed-width';
export { formatIssueTime } from './issue-time';
export { CHINESE_MODE_OFF, CHINESE_MODE_ON, INITIALIZE, PAPER_STATUS_IN_ORDER, feedLines, realTimeStatusQuery } from './escpos-bytes';
