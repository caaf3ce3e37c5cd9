import { describe, expect, it } from 'vitest';
import type { KioskCard, KioskCatalog, KioskTicket } from '../../src-main/contracts';
import type { FlowAction, FlowContext, FlowState } from '../../src-renderer/kiosk/kiosk-flow';
import { initialFlow, step } from '../../src-renderer/kiosk/kiosk-flow';

const catalog: KioskCatalog = {
  hall: { name: '示范县', nameEn: 'Demo', notice: '', noticeEn: '', timeZone: 'Asia/Shanghai' },
  categories: [
    { id: 'A', name: '企业服务', nameEn: 'Enterprise', matters: [{ id: 'A01', name: '企业设立登记' }], waiting: 0, estimatedMinutes: 0, openWindows: 1 },
    { id: 'F', name: '咨询', nameEn: 'Enquiries', matters: [], waiting: 0, estimatedMinutes: null, openWindows: 0 },
  ],
};
const kiosk: FlowContext = { catalog, hasReader: true };
const tablet: FlowContext = { catalog, hasReader: false };
const elder: KioskCard = { kind: 'resident', maskedName: '张*国', maskedId: '110101********0018', age: 75, priorityClass: { id: 'elderly', name: '老年人', nameEn: 'Senior' }, usable: true, problem: null };
const ticket = { number: 'A001' } as KioskTicket;

function run(actions: FlowAction[], ctx = kiosk, from: FlowState = initialFlow()) {
  let state = from;
  let effect = null;
  for (const a of actions) ({ state, effect } = step(state, a, ctx));
  return { state, effect };
}

describe('kiosk screen flow', () => {
  it('category → matter → card screen on a kiosk with a reader', () => {
    const { state, effect } = run([{ type: 'category', categoryId: 'A' }, { type: 'matter', matterId: 'A01' }]);
    expect(state.screen).toEqual({ name: 'card', categoryId: 'A', matterId: 'A01' });
    expect(effect).toBeNull();
  });

  it('a card placed on the card screen takes the number with the card', () => {
    const { state, effect } = run([{ type: 'category', categoryId: 'A' }, { type: 'matter', matterId: 'A01' }, { type: 'card-in', card: elder }]);
    expect(effect).toEqual({ kind: 'take', input: { categoryId: 'A', matterId: 'A01', useCard: true } });
    expect(state.busy).toBe(true);
    const second = step(state, { type: 'card-in', card: elder }, kiosk);
    expect(second.effect).toBeNull();
  });

  it('skipping the card takes a number without it', () => {
    const { effect } = run([{ type: 'category', categoryId: 'A' }, { type: 'matter', matterId: null }, { type: 'skip-card' }]);
    expect(effect).toEqual({ kind: 'take', input: { categoryId: 'A', matterId: null } });
  });

  it('an unusable card shows its problem and takes nothing', () => {
    const bad = { ...elder, usable: false, problem: { code: 'CARD_ID_INVALID', message: '校验未通过', messageEn: 'check failed' } };
    const { state, effect } = run([{ type: 'category', categoryId: 'A' }, { type: 'matter', matterId: 'A01' }, { type: 'card-in', card: bad }]);
    expect(effect).toBeNull();
    expect(state.problem?.code).toBe('CARD_ID_INVALID');
  });

  it('a card on the home screen does nothing: only the card screen reacts', () => {
    expect(run([{ type: 'card-in', card: elder }]).effect).toBeNull();
  });

  it('a tablet without reader takes the number on the matter press; a category without matters on the tile press', () => {
    expect(run([{ type: 'category', categoryId: 'A' }, { type: 'matter', matterId: 'A01' }], tablet).effect).toEqual({ kind: 'take', input: { categoryId: 'A', matterId: 'A01' } });
    const direct = run([{ type: 'category', categoryId: 'F' }], tablet);
    expect(direct.effect).toEqual({ kind: 'take', input: { categoryId: 'F', matterId: null } });
    expect(direct.state.screen.name).toBe('home');
  });

  it('shows the ticket when issued, and a refusal where it happened', () => {
    const card = run([{ type: 'category', categoryId: 'A' }, { type: 'matter', matterId: 'A01' }, { type: 'skip-card' }]);
    const refused = step(card.state, { type: 'refused', problem: { code: 'HALL_UNREACHABLE', message: '无法连接', messageEn: 'unreachable' } }, kiosk).state;
    expect(refused).toMatchObject({ screen: { name: 'card' }, busy: false, problem: { code: 'HALL_UNREACHABLE' } });
    expect(step(card.state, { type: 'issued', ticket }, kiosk).state).toEqual({ screen: { name: 'ticket', ticket }, busy: false, problem: null });
  });

  it('goes back one step, to the matters or home, but not while busy', () => {
    const card = run([{ type: 'category', categoryId: 'A' }, { type: 'matter', matterId: 'A01' }]).state;
    expect(step(card, { type: 'back' }, kiosk).state.screen).toEqual({ name: 'matters', categoryId: 'A' });
    const noMatters = run([{ type: 'category', categoryId: 'F' }]).state;
    expect(noMatters.screen.name).toBe('card');
    expect(step(noMatters, { type: 'back' }, kiosk).state.screen).toEqual({ name: 'home' });
    const busy = run([{ type: 'skip-card' }], kiosk, card).state;
    expect(step(busy, { type: 'back' }, kiosk).state).toBe(busy);
  });

  it('reactivation: the pad submits the number and shows the result', () => {
    const pad = run([{ type: 'open-reactivate' }]).state;
    expect(pad.screen).toEqual({ name: 'reactivate' });
    const submitted = step(pad, { type: 'submit-number', number: 'C017' }, kiosk);
    expect(submitted.effect).toEqual({ kind: 'reactivate', number: 'C017' });
    const result = { number: 'C017', categoryId: 'C', categoryName: '社保医保', categoryNameEn: 'Insurance', state: 'waiting' as const, ahead: 3 };
    expect(step(submitted.state, { type: 'reactivated', result }, kiosk).state.screen).toEqual({ name: 'reactivated', result });
  });

  it('home resets everything, from anywhere', () => {
    const busy = run([{ type: 'category', categoryId: 'A' }, { type: 'matter', matterId: 'A01' }, { type: 'skip-card' }]).state;
    expect(step(busy, { type: 'home' }, kiosk).state).toEqual(initialFlow());
  });
});
