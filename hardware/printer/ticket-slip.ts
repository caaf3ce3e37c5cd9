import { z } from 'zod';
import { printerError } from './printer-errors';
import { printableText } from './printable-text';

export const DEFAULT_MISSED_NUMBER_NOTICE = '过号请在30分钟内到自助机重新激活';

const printableAscii = /^[\x21-\x7e]+$/;

/** Printed text: control and format characters removed (printable-text.ts), then trimmed and measured. */
const slipText = (max: number) => z.string().transform(printableText).pipe(z.string().trim().min(1).max(max));

export const ticketSlipSchema = z.object({
  hallName: slipText(60),
  /** Prefix letter and sequence, e.g. A017. */
  number: z.string().regex(/^[A-Z]{1,2}\d{1,4}$/, 'a prefix letter and up to 4 digits, e.g. A017'),
  categoryName: slipText(40),
  matterName: slipText(80).optional(),
  peopleAhead: z.number().int().min(0),
  estimatedWaitMinutes: z.number().int().min(0).optional(),
  /** The moment the hall issued the ticket. */
  issuedAt: z.date(),
  /** The hall's IANA time zone, e.g. Asia/Shanghai: the slip shows local time. */
  timeZone: z.string().min(1),
  /** The ticket's live page; printers encode QR data as bytes, so ASCII only (percent-encode the rest). */
  qrUrl: z.string().max(500).regex(printableAscii, 'printable ASCII without spaces (percent-encode anything else)'),
  missedNumberNotice: slipText(120).optional(),
  /** e.g. 优先 for elderly citizens. */
  priorityLabel: slipText(12).optional(),
});

export type TicketSlip = z.input<typeof ticketSlipSchema>;
export type ValidTicketSlip = z.output<typeof ticketSlipSchema>;

/** Checks the slip before any byte goes to the printer; the error names every bad field. */
export function validateTicketSlip(slip: unknown): ValidTicketSlip {
  const result = ticketSlipSchema.safeParse(slip);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(slip)'}: ${issue.message}`);
  throw printerError('PRINTER_INVALID_TICKET', { problems }, { note: [problems.join('；'), problems.join('; ')] });
}
