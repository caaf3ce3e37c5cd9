import type { TicketSlip } from '../../../hardware/printer/ticket-slip';

export const SLIP: TicketSlip = {
  hallName: '某某市政务服务中心',
  number: 'A017',
  categoryName: '企业服务',
  matterName: '个体工商户设立登记',
  peopleAhead: 12,
  estimatedWaitMinutes: 25,
  issuedAt: new Date('2026-11-21T06:05:00Z'),
  timeZone: 'Asia/Shanghai',
  qrUrl: 'https://hall.example.gov.cn/t/A017?d=2026-11-21',
};
