import type { AuditListInput } from '../../src-main/contracts';

// The audit page's filter form → the audit:list query.

export const EVENT_TYPES = [
  'TicketIssued', 'TicketCalled', 'TicketRecalled', 'ServiceStarted', 'ServiceFinished', 'TicketMissed', 'TicketReactivated',
  'TicketTransferred', 'TicketCancelled', 'TicketCheckedIn', 'ServiceRated', 'WindowOpened', 'WindowClosed', 'WindowPaused', 'WindowResumed', 'DayClosed',
  'CaseOpened', 'CaseVerified', 'CaseAppealed', 'CaseAppealDecided', 'CaseAnswered', 'CaseReviewed', 'CaseClosed',
  'BookingMade', 'BookingCancelled', 'BookingRescheduled', 'BookingCheckedIn', 'BookingMissed', 'BookingReminded',
] as const;

export const ADMIN_ACTIONS = [
  'config.update', 'config.import', 'config.seed', 'config.reset', 'account.create', 'account.update', 'account.disable', 'account.enable',
  'account.resetPassword', 'device.create', 'device.rotateKey', 'device.remove', 'alert.ack', 'privacy.purge', 'catalogue.apply',
] as const;

/** Groups offered in the type filter, each a list of types. */
export const TYPE_GROUPS: Record<string, readonly string[]> = {
  all: [],
  tickets: ['TicketIssued', 'TicketCalled', 'TicketRecalled', 'ServiceStarted', 'ServiceFinished', 'TicketMissed', 'TicketReactivated', 'TicketTransferred', 'TicketCancelled', 'TicketCheckedIn'],
  bookings: ['BookingMade', 'BookingCancelled', 'BookingRescheduled', 'BookingCheckedIn', 'BookingMissed', 'BookingReminded', 'TicketCheckedIn'],
  ratings: ['ServiceRated'],
  cases: ['CaseOpened', 'CaseVerified', 'CaseAppealed', 'CaseAppealDecided', 'CaseAnswered', 'CaseReviewed', 'CaseClosed'],
  windows: ['WindowOpened', 'WindowClosed', 'WindowPaused', 'WindowResumed'],
  admin: ADMIN_ACTIONS,
  alerts: ['alert.ack'],
};

export interface AuditFilter {
  group: string;
  /** One exact type, overriding the group when set. */
  type: string;
  actor: string;
  /** datetime-local values (the browser's zone), or empty. */
  from: string;
  to: string;
  number: string;
}

export const emptyFilter = (): AuditFilter => ({ group: 'all', type: '', actor: '', from: '', to: '', number: '' });

export const PAGE_SIZE = 50;

/** The query for a page (`cursor`: the previous page's `next`); bad entries (a number that is not like A017) are left for the server to name. */
export function auditQuery(f: AuditFilter, cursor?: string | null): AuditListInput {
  const q: AuditListInput = { limit: PAGE_SIZE };
  if (cursor) q.cursor = cursor;
  const types = f.type ? [f.type] : (TYPE_GROUPS[f.group] ?? []);
  if (types.length > 0) q.types = [...types];
  if (f.actor.trim()) q.actor = f.actor.trim();
  const from = f.from ? new Date(f.from).getTime() : NaN;
  const to = f.to ? new Date(f.to).getTime() : NaN;
  if (!Number.isNaN(from)) q.from = from;
  if (!Number.isNaN(to)) q.to = to;
  if (f.number.trim()) q.number = f.number.trim().toUpperCase();
  return q;
}

/**
 * Pages are walked by cursor (newest first): the cursors of the pages already seen are kept, so "newer"
 * goes back exactly to the page shown before.
 */
export class AuditPager {
  /** cursors[i] opens page i; page 0 (the newest) needs none. */
  private cursors: Array<string | null> = [null];
  page = 0;

  cursor(): string | null {
    return this.cursors[this.page] ?? null;
  }

  /** After a page arrived: remember where the next older one starts. */
  loaded(next: string | null): void {
    this.cursors.length = this.page + 1;
    if (next) this.cursors.push(next);
  }

  hasOlder(): boolean {
    return this.page + 1 < this.cursors.length;
  }

  older(): void {
    if (this.hasOlder()) this.page++;
  }

  newer(): void {
    if (this.page > 0) this.page--;
  }

  reset(): void {
    this.cursors = [null];
    this.page = 0;
  }
}
