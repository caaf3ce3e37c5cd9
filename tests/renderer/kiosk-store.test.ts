import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ack, KioskCard, KioskDeviceStatus, KioskEvent, KioskTicket } from '../../src-main/contracts';
import type { KioskBackend } from '../../src-renderer/kiosk/kiosk-backend';
import { deviceBackend } from '../../src-renderer/kiosk/kiosk-backend';
import { useKioskStore } from '../../src-renderer/kiosk/kiosk-store';
import { kioskSnapshot } from '../kiosk/fakes';
import { catalogFromSnapshot } from '../../src-renderer/kiosk/web-kiosk-views';

const status: KioskDeviceStatus = { hall: 'connected', hallProblem: null, printer: 'ok', printerProblem: null, reader: 'ok', readerProblem: null, card: null };
const elder: KioskCard = { kind: 'resident', maskedName: '张*国', maskedId: '110101********0018', age: 75, priorityClass: { id: 'elderly', name: '老年人', nameEn: 'Senior citizen' }, usable: true, problem: null };
const ticket: KioskTicket = {
  number: 'A007',
  categoryId: 'A',
  categoryName: '企业服务',
  categoryNameEn: 'Enterprise services',
  matterName: '企业设立登记',
  matterNameEn: 'Company registration',
  priorityClass: elder.priorityClass,
  maskedName: '张*国',
  ahead: 2,
  estimatedMinutes: 30,
  issuedAt: 0,
  liveUrl: 'http://hall.example/t/tok_abcdefghijklmnop',
  hallName: '示范县政务服务中心',
  print: { state: 'failed', problem: { code: 'PRINTER_PAPER_END', message: '打印机缺纸', messageEn: 'The printer is out of paper' } },
};

function fakeBackend() {
  let push: (e: KioskEvent) => void = () => {};
  const ok = <T>(data: T): Promise<Ack<T>> => Promise.resolve({ ok: true, data });
  const backend: KioskBackend = {
    mode: 'device',
    listCategories: vi.fn(() => ok(catalogFromSnapshot(kioskSnapshot()))),
    takeTicket: vi.fn(() => ok(ticket)),
    reactivate: vi.fn(() => Promise.resolve({ ok: false as const, code: 'NO_SUCH_TICKET', message: '没有', messageEn: 'none' })),
    reprint: vi.fn(() => ok({ ...ticket, print: { state: 'printed' as const, warning: null } })),
    deviceStatus: vi.fn(() => ok(status)),
    checkIn: vi.fn(() => Promise.resolve({ ok: false as const, code: 'NO_SUCH_BOOKING', message: '没有', messageEn: 'none' })),
    onEvent(listener) {
      push = listener;
      return () => {};
    },
  };
  return { backend, push: (e: KioskEvent) => push(e) };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('kiosk store', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => useKioskStore().stop());

  it('takes the number with the card the moment it is placed on the card screen', async () => {
    const { backend, push } = fakeBackend();
    const kiosk = useKioskStore();
    await kiosk.start(backend);
    kiosk.dispatch({ type: 'category', categoryId: 'A' });
    kiosk.dispatch({ type: 'matter', matterId: 'A01' });
    expect(kiosk.flow.screen.name).toBe('card');
    push({ type: 'card-in', card: elder });
    expect(kiosk.card).toEqual(elder);
    await settle();
    expect(backend.takeTicket).toHaveBeenCalledWith({ categoryId: 'A', matterId: 'A01', useCard: true });
    expect(kiosk.flow.screen).toMatchObject({ name: 'ticket', ticket: { number: 'A007' } });
  });

  it('follows device status events: the reader breaking makes the next citizen skip the card screen', async () => {
    const { backend, push } = fakeBackend();
    const kiosk = useKioskStore();
    await kiosk.start(backend);
    push({ type: 'status', status: { ...status, reader: 'error' } });
    expect(kiosk.hasReader).toBe(false);
    kiosk.dispatch({ type: 'category', categoryId: 'A' });
    kiosk.dispatch({ type: 'matter', matterId: null });
    await settle();
    expect(backend.takeTicket).toHaveBeenCalledWith({ categoryId: 'A', matterId: null });
  });

  it('a preload that throws or answers nothing becomes a clear error, not a stuck screen', async () => {
    const wrapped = deviceBackend({
      listCategories: () => Promise.reject(new Error('IPC gone')),
      takeTicket: () => Promise.resolve(undefined as never),
      reactivate: () => Promise.reject(new Error('x')),
      reprint: () => Promise.reject(new Error('x')),
      deviceStatus: () => Promise.reject(new Error('x')),
      checkIn: () => Promise.reject(new Error('x')),
      onEvent: () => () => {},
    });
    expect(await wrapped.listCategories()).toMatchObject({ ok: false, code: 'KIOSK_SERVICE_UNREACHABLE' });
    expect(await wrapped.takeTicket({ categoryId: 'A' })).toMatchObject({ ok: false, code: 'KIOSK_SERVICE_UNREACHABLE' });
    expect(await wrapped.checkIn({ code: '123456' })).toMatchObject({ ok: false, code: 'KIOSK_SERVICE_UNREACHABLE' });
  });
});

describe('reprint from the ticket screen', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => useKioskStore().stop());

  it('prints again after a failure and shows the new print state', async () => {
    const { backend } = fakeBackend();
    const kiosk = useKioskStore();
    await kiosk.start(backend);
    kiosk.dispatch({ type: 'issued', ticket });
    await kiosk.reprint();
    expect(backend.reprint).toHaveBeenCalledTimes(1);
    expect(kiosk.flow).toMatchObject({ busy: false, screen: { name: 'ticket', ticket: { number: 'A007', print: { state: 'printed' } } } });
  });
});
