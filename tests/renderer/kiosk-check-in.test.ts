import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ack, ErrorAck, KioskCard, KioskCatalog, KioskCheckedIn, KioskCheckInInput, KioskDeviceStatus, KioskEvent, KioskTicket } from '../../src-main/contracts';
import { checkInProblem, codeCells, isCompleteCode, pressCodeKey } from '../../src-renderer/kiosk/check-in';
import type { KioskBackend } from '../../src-renderer/kiosk/kiosk-backend';
import type { FlowAction, FlowContext, FlowState } from '../../src-renderer/kiosk/kiosk-flow';
import { initialFlow, step } from '../../src-renderer/kiosk/kiosk-flow';
import { useKioskStore } from '../../src-renderer/kiosk/kiosk-store';

const catalog: KioskCatalog = {
  hall: { name: '示范县', nameEn: 'Demo', notice: '', noticeEn: '', timeZone: 'Asia/Shanghai' },
  categories: [{ id: 'C', name: '社保医保', nameEn: 'Insurance', matters: [], waiting: 0, estimatedMinutes: 0, openWindows: 1 }],
  remoteCheckIn: true,
};
const ctx: FlowContext = { catalog, hasReader: true };
const card: KioskCard = { kind: 'resident', maskedName: '张*丰', maskedId: '110105********002X', age: 76, priorityClass: null, usable: true, problem: null };
const ticket = { number: 'C002', print: { state: 'printed', warning: null } } as KioskTicket;
const refusal = (code: string, details?: Record<string, string>): ErrorAck => ({ ok: false, code, message: '原文', messageEn: 'original', details });

function run(actions: FlowAction[], from: FlowState = initialFlow(), context = ctx) {
  let state = from;
  let effect = null;
  for (const a of actions) ({ state, effect } = step(state, a, context));
  return { state, effect };
}

describe('check-in refusals', () => {
  it('too many wrong codes: how long to wait, and the ID card instead', () => {
    expect(checkInProblem(refusal('RATE_LIMITED', { retryAfterSeconds: '42', scope: 'device' }))).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringContaining('42 秒后再试，或刷身份证签到') as string,
      messageEn: expect.stringContaining('try again in 42 s, or check in with your ID card') as string,
    });
    expect(checkInProblem(refusal('RATE_LIMITED', { retryAfterSeconds: '1800', scope: 'device' })).message).toContain('30 分钟后再试');
  });
});

describe('check-in code pad', () => {
  it('takes six digits and nothing more; delete and clear edit it', () => {
    let v = '';
    for (const d of ['0', '4', '2', '9', '1', '7', '5']) v = pressCodeKey(v, { digit: d });
    expect(v).toBe('042917');
    expect(isCompleteCode(v)).toBe(true);
    expect(pressCodeKey(v, 'delete')).toBe('04291');
    expect(isCompleteCode('04291')).toBe(false);
    expect(pressCodeKey(v, 'clear')).toBe('');
    expect(pressCodeKey('1', { digit: 'x' })).toBe('1');
    expect(codeCells('042')).toEqual(['0', '4', '2', '_', '_', '_']);
  });
});

describe('check-in refusals in words that say what to do', () => {
  it('too early names the time check-in opens', () => {
    expect(checkInProblem(refusal('CHECK_IN_TOO_EARLY', { from: '09:30' }))).toEqual({
      code: 'CHECK_IN_TOO_EARLY',
      message: '还未到签到时间，请于 09:30 后签到',
      messageEn: 'Too early to check in; please check in after 09:30',
    });
    // Without the time the hall's own words stay.
    expect(checkInProblem(refusal('CHECK_IN_TOO_EARLY'))).toMatchObject({ message: '原文', messageEn: 'original' });
    expect(checkInProblem(refusal('CHECK_IN_TOO_EARLY', { day: '2026-11-24', from: '09:30' }))).toMatchObject({ message: '您的预约在 2026-11-24，请于当天 09:30 后签到' });
  });

  it('too late names when the slot ended and what to do instead', () => {
    const p = checkInProblem(refusal('CHECK_IN_TOO_LATE', { until: '10:30' }));
    expect(p.message).toBe('预约时段已于 10:30 结束，无法签到。请重新取号或重新预约');
    expect(p.messageEn).toContain('ended at 10:30');
  });

  it('an unknown code asks to check the six digits; other hall refusals pass through', () => {
    expect(checkInProblem(refusal('NO_SUCH_BOOKING')).message).toContain('请核对 6 位预约码');
    expect(checkInProblem(refusal('TICKET_NOT_PENDING')).messageEn).toContain('already checked in');
    expect(checkInProblem(refusal('HALL_UNREACHABLE'))).toEqual({ code: 'HALL_UNREACHABLE', message: '原文', messageEn: 'original' });
  });
});

describe('check-in screens', () => {
  it('home → code pad → a complete code checks in; the booking ticket shows with its slot', () => {
    const pad = run([{ type: 'open-check-in' }]);
    expect(pad.state.screen).toEqual({ name: 'check-in', mode: 'code' });
    const sent = step(pad.state, { type: 'submit-code', code: '042917' }, ctx);
    expect(sent.effect).toEqual({ kind: 'check-in', input: { code: '042917' } });
    expect(sent.state.busy).toBe(true);
    expect(step(sent.state, { type: 'submit-code', code: '042917' }, ctx).effect).toBeNull();
    const done = step(sent.state, { type: 'checked-in', result: { kind: 'booking', ticket, late: false, slotLabel: '10:00–10:30' } }, ctx);
    expect(done.state).toEqual({ screen: { name: 'ticket', ticket, checkIn: { slotLabel: '10:00–10:30', late: false } }, busy: false, problem: null });
    // A reprint keeps the check-in note.
    const reprinted = step(done.state, { type: 'reprinted', ticket }, ctx);
    expect(reprinted.state.screen).toMatchObject({ name: 'ticket', checkIn: { slotLabel: '10:00–10:30' } });
  });

  it('an ID card placed on the code pad checks in with the card; an unusable card says why', () => {
    const pad = run([{ type: 'open-check-in' }]).state;
    expect(step(pad, { type: 'card-in', card }, ctx).effect).toEqual({ kind: 'check-in', input: { useCard: true } });
    const problem = { code: 'CARD_ID_INVALID', message: '校验未通过', messageEn: 'failed' };
    const bad = step(pad, { type: 'card-in', card: { ...card, usable: false, problem } }, ctx);
    expect(bad.effect).toBeNull();
    expect(bad.state.problem).toEqual(problem);
  });

  it('a remote number is checked in from the number mode and shows it joined the queue', () => {
    const pad = run([{ type: 'open-check-in' }, { type: 'check-in-mode', mode: 'number' }]).state;
    expect(pad.screen).toEqual({ name: 'check-in', mode: 'number' });
    // A code is not taken in number mode, nor a card (that is for bookings).
    expect(step(pad, { type: 'submit-code', code: '123456' }, ctx).effect).toBeNull();
    expect(step(pad, { type: 'card-in', card }, ctx).effect).toBeNull();
    const sent = step(pad, { type: 'submit-remote', number: 'C017' }, ctx);
    expect(sent.effect).toEqual({ kind: 'check-in', input: { number: 'C017' } });
    const joined = { number: 'C017', categoryId: 'C', categoryName: '社保医保', categoryNameEn: 'Insurance', state: 'waiting' as const, ahead: 2 };
    expect(step(sent.state, { type: 'checked-in', result: { kind: 'remote', joined } }, ctx).state.screen).toEqual({ name: 'joined', result: joined });
  });

  it('the check-in entry only opens from the first screen', () => {
    const matters = run([{ type: 'category', categoryId: 'C' }]).state;
    expect(step(matters, { type: 'open-check-in' }, ctx).state).toBe(matters);
  });
});

describe('kiosk store check-in', () => {
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => useKioskStore().stop());

  const status: KioskDeviceStatus = { hall: 'connected', hallProblem: null, printer: 'ok', printerProblem: null, reader: 'ok', readerProblem: null, card: null };
  function backend(answer: (input: KioskCheckInInput) => Ack<KioskCheckedIn>) {
    let push: (e: KioskEvent) => void = () => {};
    const ok = <T>(data: T): Promise<Ack<T>> => Promise.resolve({ ok: true, data });
    const b: KioskBackend = {
      mode: 'device',
      listCategories: () => ok(catalog),
      takeTicket: () => Promise.reject(new Error('not used')),
      reactivate: () => Promise.reject(new Error('not used')),
      reprint: () => Promise.reject(new Error('not used')),
      deviceStatus: () => ok(status),
      checkIn: vi.fn((input: KioskCheckInInput) => Promise.resolve(answer(input))),
      onEvent(listener) {
        push = listener;
        return () => {};
      },
    };
    return { b, push: (e: KioskEvent) => push(e) };
  }
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('turns a too-early refusal into the time to come back, and stays on the pad', async () => {
    const { b } = backend(() => refusal('CHECK_IN_TOO_EARLY', { from: '09:30' }));
    const kiosk = useKioskStore();
    await kiosk.start(b);
    kiosk.dispatch({ type: 'open-check-in' });
    kiosk.dispatch({ type: 'submit-code', code: '042917' });
    await settle();
    expect(b.checkIn).toHaveBeenCalledWith({ code: '042917' });
    expect(kiosk.flow).toMatchObject({ busy: false, screen: { name: 'check-in' }, problem: { code: 'CHECK_IN_TOO_EARLY', message: '还未到签到时间，请于 09:30 后签到' } });
  });

  it('checks in with the card placed on the pad and shows the printed ticket', async () => {
    const { b, push } = backend((input) => ({ ok: true, data: { kind: 'booking', ticket, late: 'useCard' in input, slotLabel: '10:00–10:30' } }));
    const kiosk = useKioskStore();
    await kiosk.start(b);
    kiosk.dispatch({ type: 'open-check-in' });
    push({ type: 'card-in', card });
    await settle();
    expect(b.checkIn).toHaveBeenCalledWith({ useCard: true });
    expect(kiosk.flow.screen).toEqual({ name: 'ticket', ticket, checkIn: { slotLabel: '10:00–10:30', late: true } });
  });
});
