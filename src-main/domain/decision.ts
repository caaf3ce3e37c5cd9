import type { HallEvent } from './events';
import type { Refusal } from './refusals';
import type { CompiledRules } from './rules';

export interface DecideContext {
  /** Epoch ms, supplied by the caller's clock. */
  now: number;
  rules: CompiledRules;
}

export type Decision = { ok: true; events: HallEvent[] } | { ok: false; refusal: Refusal };

export const accept = (...events: HallEvent[]): Decision => ({ ok: true, events });
export const reject = (refusal: Refusal): Decision => ({ ok: false, refusal });
