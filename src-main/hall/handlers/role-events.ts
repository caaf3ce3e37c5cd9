import type { CaseStaffClientEvents, CaseSupervisorClientEvents, ClientEventsByRole, Role } from '../../contracts';

const CASE_STAFF_EVENTS = ['case:list', 'case:get', 'case:verify', 'case:appeal', 'case:answer'] as const satisfies ReadonlyArray<keyof CaseStaffClientEvents>;
const CASE_SUPERVISOR_EVENTS = [...CASE_STAFF_EVENTS, 'case:decideAppeal', 'case:review', 'case:close'] as const satisfies ReadonlyArray<keyof CaseSupervisorClientEvents>;

/** Which client events each role may send; the rest are answered FORBIDDEN. Typed against the contract. */
export const ROLE_EVENTS: { [R in Role]: ReadonlyArray<keyof ClientEventsByRole[R] & string> } = {
  kiosk: ['hall:snapshot', 'ticket:issue', 'ticket:reactivate', 'kiosk:status', 'ticket:printFailed', 'booking:checkIn', 'ticket:checkIn'],
  counter: [
    'hall:snapshot',
    'window:open',
    'window:close',
    'window:pause',
    'window:resume',
    'queue:callNext',
    'queue:callNumber',
    'ticket:recall',
    'ticket:noShow',
    'ticket:start',
    'ticket:finish',
    'ticket:transfer',
    'ticket:cancel',
    ...CASE_STAFF_EVENTS,
  ],
  // ticket:rate only from a window display; a hall screen sending it is refused in the handler.
  display: ['hall:snapshot', 'ticket:rate', 'display:status'],
  mobile: ['hall:snapshot', 'ticket:watch', 'booking:slots', 'booking:make', 'booking:get', 'booking:cancel', 'booking:reschedule', 'ticket:remote', 'rating:give', 'rating:get'],
  supervisor: ['hall:snapshot', 'ticket:cancel', 'alert:ack', 'alert:list', 'audit:list', ...CASE_SUPERVISOR_EVENTS],
  admin: [
    'hall:snapshot',
    'ticket:cancel',
    'alert:ack',
    'alert:list',
    'audit:list',
    ...CASE_SUPERVISOR_EVENTS,
    'config:get',
    'config:update',
    'account:create',
    'account:update',
    'account:resetPassword',
    'device:create',
    'device:rotateKey',
    'device:remove',
  ],
};

export const ALL_EVENTS: ReadonlySet<string> = new Set(Object.values(ROLE_EVENTS).flat());
