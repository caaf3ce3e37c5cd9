import { formatIssueTime } from './issue-time';
import { padEndToWidth, wrapToWidth } from './printed-width';
import type { ValidTicketSlip } from './ticket-slip';
import { DEFAULT_MISSED_NUMBER_NOTICE } from './ticket-slip';

export type Align = 'left' | 'center' | 'right';

/** What goes on the slip, in order; independent of ESC/POS so it can be checked as plain data. */
export type SlipBlock =
  | { kind: 'text'; text: string; align: Align; scale: 1 | 2; bold: boolean }
  | { kind: 'rule' }
  | { kind: 'qr'; data: string; cellSize: number }
  | { kind: 'feed'; lines: number };

export interface SlipLayout {
  readonly columns: number;
  readonly blocks: readonly SlipBlock[];
}

export interface LayoutOptions {
  /** Characters per line in font A: 48 on 80 mm paper, 32 on 58 mm. */
  columns?: number;
  /** QR module size in dots; 6 gives a ~4 cm code for a typical URL on a 203 dpi head. */
  qrCellSize?: number;
}

const LABEL_WIDTH = 10;

export function layoutTicket(slip: ValidTicketSlip, options: LayoutOptions = {}): SlipLayout {
  const columns = options.columns ?? 48;
  const blocks: SlipBlock[] = [];
  const text = (value: string, align: Align, scale: 1 | 2 = 1, bold = false) => {
    for (const line of wrapToWidth(value, Math.floor(columns / scale))) blocks.push({ kind: 'text', text: line, align, scale, bold });
  };
  const labelled = (label: string, value: string) => {
    const prefix = padEndToWidth(label, LABEL_WIDTH);
    const lines = wrapToWidth(value, columns - LABEL_WIDTH);
    lines.forEach((line, i) => blocks.push({ kind: 'text', text: `${i === 0 ? prefix : ' '.repeat(LABEL_WIDTH)}${line}`, align: 'left', scale: 1, bold: false }));
  };

  text(slip.hallName, 'center', 1, true);
  blocks.push({ kind: 'rule' });
  text('您的号码', 'center');
  text(slip.number, 'center', 2, true);
  if (slip.priorityLabel) text(`【${slip.priorityLabel}】`, 'center', 1, true);
  text(slip.categoryName, 'center');
  if (slip.matterName) text(slip.matterName, 'center');
  blocks.push({ kind: 'feed', lines: 1 });
  labelled('前面等候', `${slip.peopleAhead} 人`);
  if (slip.estimatedWaitMinutes !== undefined) labelled('预计等待', `约 ${slip.estimatedWaitMinutes} 分钟`);
  labelled('取号时间', formatIssueTime(slip.issuedAt, slip.timeZone));
  blocks.push({ kind: 'qr', data: slip.qrUrl, cellSize: options.qrCellSize ?? 6 });
  text('微信扫码查看实时排队进度', 'center');
  blocks.push({ kind: 'rule' });
  text(slip.missedNumberNotice ?? DEFAULT_MISSED_NUMBER_NOTICE, 'left');
  return { columns, blocks };
}
