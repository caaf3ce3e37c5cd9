import { describe, expect, it } from 'vitest';
import type { HallSnapshot, IssuedTicketView } from '../../src-main/contracts';
import { catalogFromSnapshot, reactivatedFromTicket, ticketFromIssued } from '../../src-renderer/kiosk/web-kiosk-views';
import { issued, kioskSnapshot } from '../kiosk/fakes';

// The web kiosk builds the same shapes as the kiosk service, from what the hall sends.

describe('web kiosk views', () => {
  const snapshot: HallSnapshot = kioskSnapshot();

  it('lists categories with their queues', () => {
    expect(catalogFromSnapshot(snapshot).categories).toEqual([
      { id: 'A', name: '企业服务', nameEn: 'Enterprise services', matters: [{ id: 'A01', name: '企业设立登记', nameEn: 'Company registration' }], waiting: 2, estimatedMinutes: 30, openWindows: 1 },
    ]);
  });

  it('shows an issued ticket on screen: no printer, the live link for the QR', () => {
    const view: IssuedTicketView = { ...issued('A003', { matterId: 'A01' }), matterName: '企业设立登记' };
    expect(ticketFromIssued(view, snapshot)).toMatchObject({
      number: 'A003',
      categoryNameEn: 'Enterprise services',
      matterName: '企业设立登记',
      matterNameEn: 'Company registration',
      ahead: 2,
      liveUrl: 'http://hall.example/t/tok_abcdefghijklmnop',
      print: { state: 'no-printer' },
    });
  });

  it("takes a reactivated number's place from the hall's answer, not from a snapshot that may lag", () => {
    const t = issued('A002').ticket;
    expect(reactivatedFromTicket({ ...t, ahead: 3, estimatedMinutes: 12 }, snapshot)).toMatchObject({ number: 'A002', categoryName: '企业服务', ahead: 3 });
    expect(reactivatedFromTicket({ ...t, number: 'A099', ahead: null, estimatedMinutes: null }, snapshot).ahead).toBeNull();
  });
});
