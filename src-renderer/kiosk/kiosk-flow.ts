import type { KioskCard, KioskCatalog, KioskCheckedIn, KioskCheckInInput, KioskProblem, KioskReactivated, KioskTakeTicketInput, KioskTicket } from '../../src-main/contracts';

// The kiosk's screens as a pure state machine: category → matter → ID card (or skip) → ticket, the
// number pad for a missed number, and 签到 (a booking's code or ID card, or a phone's number). Side
// effects (asking the kiosk for a ticket) come out as `effect`.

export type Screen =
  | { name: 'home' }
  | { name: 'matters'; categoryId: string }
  | { name: 'card'; categoryId: string; matterId: string | null }
  /** `checkIn`: the ticket of a booking just checked in (late: it became an ordinary number). */
  | { name: 'ticket'; ticket: KioskTicket; checkIn?: { slotLabel: string; late: boolean } | undefined }
  | { name: 'reactivate' }
  | { name: 'reactivated'; result: KioskReactivated }
  /** code: a booking's six-digit code (or the ID card); number: a phone's remote number. */
  | { name: 'check-in'; mode: CheckInMode }
  /** A phone's remote number checked in: it joined its queue. */
  | { name: 'joined'; result: KioskReactivated };

export type CheckInMode = 'code' | 'number';

export interface FlowState {
  screen: Screen;
  /** A request is under way: buttons wait. */
  busy: boolean;
  /** Shown on the current screen until the next step. */
  problem: KioskProblem | null;
}

export type FlowAction =
  | { type: 'category'; categoryId: string }
  | { type: 'matter'; matterId: string | null }
  /** A readable card was placed while the card screen shows: take the ticket with it. */
  | { type: 'card-in'; card: KioskCard }
  /** The card that was already on the reader, confirmed by a press. */
  | { type: 'use-card'; card: KioskCard }
  | { type: 'skip-card' }
  | { type: 'issued'; ticket: KioskTicket }
  | { type: 'reprinted'; ticket: KioskTicket }
  | { type: 'refused'; problem: KioskProblem }
  | { type: 'open-reactivate' }
  | { type: 'submit-number'; number: string }
  | { type: 'reactivated'; result: KioskReactivated }
  | { type: 'open-check-in' }
  | { type: 'check-in-mode'; mode: CheckInMode }
  | { type: 'submit-code'; code: string }
  | { type: 'submit-remote'; number: string }
  | { type: 'checked-in'; result: KioskCheckedIn }
  | { type: 'back' }
  | { type: 'home' };

export type FlowEffect = { kind: 'take'; input: KioskTakeTicketInput } | { kind: 'reactivate'; number: string } | { kind: 'check-in'; input: KioskCheckInInput };

export interface FlowContext {
  catalog: KioskCatalog | null;
  /** A kiosk with a working ID card reader asks for the card; a tablet goes straight to the ticket. */
  hasReader: boolean;
}

export interface Step {
  state: FlowState;
  effect: FlowEffect | null;
}

export function initialFlow(): FlowState {
  return { screen: { name: 'home' }, busy: false, problem: null };
}

const at = (screen: Screen): FlowState => ({ screen, busy: false, problem: null });
const stay = (state: FlowState): Step => ({ state, effect: null });

export function step(state: FlowState, action: FlowAction, ctx: FlowContext): Step {
  const { screen } = state;
  switch (action.type) {
    case 'home':
      return stay(at({ name: 'home' }));
    case 'back':
      if (state.busy) return stay(state);
      if (screen.name === 'card') {
        const hasMatters = (ctx.catalog?.categories.find((c) => c.id === screen.categoryId)?.matters.length ?? 0) > 0;
        return stay(at(hasMatters ? { name: 'matters', categoryId: screen.categoryId } : { name: 'home' }));
      }
      return stay(at({ name: 'home' }));
    case 'category': {
      if (screen.name !== 'home' || state.busy) return stay(state);
      const category = ctx.catalog?.categories.find((c) => c.id === action.categoryId);
      if (!category) return stay(state);
      if (category.matters.length > 0) return stay(at({ name: 'matters', categoryId: category.id }));
      return afterMatter(state, category.id, null, ctx);
    }
    case 'matter':
      if (screen.name !== 'matters' || state.busy) return stay(state);
      return afterMatter(state, screen.categoryId, action.matterId, ctx);
    case 'card-in':
    case 'use-card':
      if (screen.name === 'check-in' && screen.mode === 'code' && !state.busy) {
        if (!action.card.usable) return stay({ ...state, problem: action.card.problem });
        return checkIn(state, { useCard: true });
      }
      if (screen.name !== 'card' || state.busy) return stay(state);
      if (!action.card.usable) return stay({ ...state, problem: action.card.problem });
      return take({ ...state, problem: null }, { categoryId: screen.categoryId, matterId: screen.matterId, useCard: true });
    case 'skip-card':
      if (screen.name !== 'card' || state.busy) return stay(state);
      return take({ ...state, problem: null }, { categoryId: screen.categoryId, matterId: screen.matterId });
    case 'issued':
      return stay(at({ name: 'ticket', ticket: action.ticket }));
    case 'reprinted':
      return stay(screen.name === 'ticket' ? at({ ...screen, ticket: action.ticket }) : state);
    case 'refused':
      return stay({ ...state, busy: false, problem: action.problem });
    case 'open-reactivate':
      return stay(screen.name === 'home' ? at({ name: 'reactivate' }) : state);
    case 'submit-number':
      if (screen.name !== 'reactivate' || state.busy) return stay(state);
      return { state: { ...state, busy: true, problem: null }, effect: { kind: 'reactivate', number: action.number } };
    case 'reactivated':
      return stay(at({ name: 'reactivated', result: action.result }));
    case 'open-check-in':
      return stay(screen.name === 'home' ? at({ name: 'check-in', mode: 'code' }) : state);
    case 'check-in-mode':
      return stay(screen.name === 'check-in' && !state.busy ? at({ name: 'check-in', mode: action.mode }) : state);
    case 'submit-code':
      if (screen.name !== 'check-in' || screen.mode !== 'code' || state.busy) return stay(state);
      return checkIn(state, { code: action.code });
    case 'submit-remote':
      if (screen.name !== 'check-in' || screen.mode !== 'number' || state.busy) return stay(state);
      return checkIn(state, { number: action.number });
    case 'checked-in':
      if (action.result.kind === 'remote') return stay(at({ name: 'joined', result: action.result.joined }));
      return stay(at({ name: 'ticket', ticket: action.result.ticket, checkIn: { slotLabel: action.result.slotLabel, late: action.result.late } }));
    default:
      return assertNever(action);
  }
}

function afterMatter(state: FlowState, categoryId: string, matterId: string | null, ctx: FlowContext): Step {
  if (ctx.hasReader) return stay(at({ name: 'card', categoryId, matterId }));
  // No reader: the press that chose takes the number; the screen stays and shows that it is working.
  return take({ ...state, problem: null }, { categoryId, matterId });
}

function checkIn(state: FlowState, input: KioskCheckInInput): Step {
  return { state: { ...state, busy: true, problem: null }, effect: { kind: 'check-in', input } };
}

function take(state: FlowState, input: KioskTakeTicketInput): Step {
  return { state: { ...state, busy: true }, effect: { kind: 'take', input } };
}

function assertNever(value: never): never {
  throw new Error(`unhandled kiosk action ${JSON.stringify(value)}`);
}
