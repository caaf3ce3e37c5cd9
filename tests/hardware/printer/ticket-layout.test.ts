import { describe, expect, it } from 'vitest';
import { formatIssueTime } from '../../../hardware/printer/issue-time';
import { printedWidth } from '../../../hardware/printer/printed-width';
import { slipBytes } from '../../../hardware/printer/slip-writer';
import { layoutTicket } from '../../../hardware/printer/ticket-layout';
import type { TicketSlip } from '../../../hardware/printer/ticket-slip';
import { validateTicketSlip } from '../../../hardware/printer/ticket-slip';
import { bytes } from '../helpers/bytes';
import { SLIP } from '../helpers/ticket-slip';


function texts(slip: TicketSlip, columns = 48) {
  return layoutTicket(validateTicketSlip(slip), { columns }).blocks.flatMap((b) => (b.kind === 'text' ? [b] : []));
}

describe('issue time', () => {
  it('is shown in the hall time zone, not UTC', () => {
    expect(formatIssueTime(new Date('2026-11-21T06:05:00Z'), 'Asia/Shanghai')).toBe('2026-11-21 14:05');
    expect(formatIssueTime(new Date('2026-11-21T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-22 00:30');
    expect(formatIssueTime(new Date('2026-11-21T16:30:00Z'), 'Asia/Urumqi')).toBe('2026-11-21 22:30');
  });

  it('refuses an unknown zone by name', () => {
    expect(() => formatIssueTime(new Date(), 'Mars/Olympus')).toThrow(expect.objectContaining({ code: 'PRINTER_INVALID_TICKET', details: { field: 'timeZone', timeZone: 'Mars/Olympus' } }));
  });
});

describe('ticket layout', () => {
  it('has the hall, the big number, category, matter, wait, time, QR and notice in order', () => {
    const layout = layoutTicket(validateTicketSlip(SLIP));
    const summary = layout.blocks.map((b) => (b.kind === 'text' ? b.text.replace(/\s+/g, ' ') : b.kind === 'qr' ? `QR ${b.data}` : b.kind));
    expect(summary).toEqual([
      '某某市政务服务中心',
      'rule',
      '您的号码',
      'A017',
      '企业服务',
      '个体工商户设立登记',
      'feed',
      '前面等候 12 人',
      '预计等待 约 25 分钟',
      '取号时间 2026-11-21 14:05',
      'QR https://hall.example.gov.cn/t/A017?d=2026-11-21',
      '微信扫码查看实时排队进度',
      'rule',
      '过号请在30分钟内到自助机重新激活',
    ]);
    expect(texts(SLIP).find((b) => b.text === 'A017')).toMatchObject({ scale: 2, bold: true, align: 'center' });
  });

  it('aligns the values after their labels by width', () => {
    const lines = texts(SLIP).filter((b) => b.align === 'left').map((b) => b.text);
    expect(lines).toContain('前面等候  12 人');
    expect(lines).toContain('取号时间  2026-11-21 14:05');
  });

  it('keeps every line within the paper on 58 mm and 80 mm rolls', () => {
    const long = { ...SLIP, hallName: '某某省某某市某某区人民政府政务服务中心（市民之家）综合受理大厅', matterName: '建设工程规划许可证核发（建筑类）及施工图审查合格书备案一件事' };
    for (const columns of [32, 48]) {
      for (const block of texts(long, columns)) expect(printedWidth(block.text) * block.scale).toBeLessThanOrEqual(columns);
    }
  });

  it('adds a priority label when given', () => {
    expect(texts({ ...SLIP, priorityLabel: '优先' }).map((b) => b.text)).toContain('【优先】');
  });

  it.each([
    [{ qrUrl: 'https://hall.example.gov.cn/t/票' }, 'qrUrl'],
    [{ number: 'a17' }, 'number'],
    [{ peopleAhead: -1 }, 'peopleAhead'],
    [{ hallName: '' }, 'hallName'],
  ])('refuses %o, naming the field', (change, field) => {
    expect(() => validateTicketSlip({ ...SLIP, ...change })).toThrow(
      expect.objectContaining({ code: 'PRINTER_INVALID_TICKET', details: { problems: [expect.stringMatching(new RegExp(`^${field}: `))] } }),
    );
  });
});

describe('ticket bytes', () => {
  const data = slipBytes(layoutTicket(validateTicketSlip({ ...SLIP, hallName: '王䶮政务服务中心' })));

  it('switches the printer to Chinese mode first', () => {
    expect(data.subarray(0, 4)).toEqual(bytes('1B 40 1C 26'));
  });

  it('sends Chinese as GB18030, including 䶮', () => {
    expect(data.includes(bytes('CD F5 FE 9F D5 FE CE F1'))).toBe(true);
  });

  it('prints the number at double width and height (GS ! 0x11)', () => {
    expect(data.includes(Buffer.concat([bytes('1D 21 11'), bytes('1B 45 01'), Buffer.from('A017')]))).toBe(true);
  });

  it('stores the QR data with GS ( k and prints it', () => {
    const url = Buffer.from(SLIP.qrUrl);
    const store = Buffer.concat([bytes('1D 28 6B'), Buffer.of(url.length + 3, 0), bytes('31 50 30'), url]);
    expect(data.includes(store)).toBe(true);
    expect(data.includes(bytes('1D 28 6B 03 00 31 51 30'))).toBe(true);
    expect(data.includes(bytes('1D 28 6B 03 00 31 43 06'))).toBe(true);
  });

  it('ends with a full cut', () => {
    expect(data.includes(bytes('1D 56 00'))).toBe(true);
    expect(data.lastIndexOf(bytes('1D 56 00'))).toBeGreaterThan(data.lastIndexOf(bytes('1D 28 6B 03 00 31 51 30')));
  });
});
