import type { KioskCard, KioskCatalog, KioskProblem, KioskReactivated, KioskTakeTicketInput, KioskTicket } from '../../src-main/contracts';

// The kiosk's screens as a pure state machine: category → matter → ID card (or skip) → ticket, and the
// number pad for a missed number. Side effects (asking the kiosk for a ticket) come out as `effect`.

export type Screen =
  | { name: 'home' }
  | { name: 'matters'; categoryId: string }
  | { name: 'card'; categoryId: string; matterId: string | null }
  | { name: 'ticket'; ticket: KioskTicket }
  | { name: 'reactivate' }
  | { name: 'reactivated'; result: KioskReactivated };

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
  | { type: 'back' }
  | { type: 'home' };

export type FlowEffect = { kind: 'take'; input: KioskTakeTicketInput } | { kind: 'reactivate'; number: string };

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
      if (screen.name !== 'card' || state.busy) return stay(state);
      if (!action.card.usable) return stay({ ...state, problem: action.card.problem });
      return take({ ...state, problem: null }, { categoryId: screen.categoryId, matterId: screen.matterId, useCard: true });
    case 'skip-card':
      if (screen.name !== 'card' || state.busy) return stay(state);
      return take({ ...state, problem: null }, { categoryId: screen.categoryId, matterId: screen.matterId });
    case 'issued':
      return stay(at({ name: 'ticket', ticket: action.ticket }));
    case 'reprinted':
      return stay(screen.name === 'ticket' ? at({ name: 'ticket', ticket: action.ticket }) : state);
    case 'refused':
      return stay({ ...state, busy: false, problem: action.problem });
    case 'open-reactivate':
      return stay(screen.name === 'home' ? at({ name: 'reactivate' }) : state);
    case 'submit-number':
      if (screen.name !== 'reactivate' || state.busy) return stay(state);
      return { state: { ...state, busy: true, problem: null }, effect: { kind: 'reactivate', number: action.number } };
    case 'reactivated':
      return stay(at({ name: 'reactivated', result: action.result }));
    default:
      return assertNever(action);
  }
}

function afterMatter(state: FlowState, categoryId: string, matterId: string | null, ctx: FlowContext): Step {
  if (ctx.hasReader) return stay(at({ name: 'card', categoryId, matterId }));
  // No reader: the press that chose takes the number; the screen stays and shows that it is working.
  return take({ ...state, problem: null }, { categoryId, matterId });
}

function take(state: FlowState, input: KioskTakeTicketInput): Step {
  return { state: { ...state, busy: true }, effect: { kind: 'take', input } };
}

function assertNever(value: never): never {
  throw new Error(`unhandled kiosk action ${JSON.stringify(value)}`);
}
