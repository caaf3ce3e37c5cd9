import type { ServerEvents } from '../contracts';

/** Every server → client event, as a runtime list (the docs test checks each is documented). */
export const SERVER_EVENT_NAMES = ['hall:snapshot', 'ticket:called', 'ticket:changed', 'ticket:status', 'window:changed', 'queue:changed', 'evaluation:invite', 'evaluation:closed', 'device:status', 'alert:changed', 'server:load', 'session:ended', 'case:changed', 'rating:changed'] as const satisfies ReadonlyArray<keyof ServerEvents>;

// Compile-time check that the list is complete.
type Missing = Exclude<keyof ServerEvents, (typeof SERVER_EVENT_NAMES)[number]>;
const complete: Missing extends never ? true : Missing = true;
void complete;
