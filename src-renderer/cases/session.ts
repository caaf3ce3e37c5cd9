import { accountSessions, type AccountSession, type Failure } from '../shared/account-session';

export type CaseRole = 'staff' | 'supervisor' | 'admin';
export type CaseSession = AccountSession<CaseRole>;

export const NOT_CASE_ACCOUNT: Failure = {
  code: 'NOT_CASE_ACCOUNT',
  message: '该账号不能使用差评整改页面',
  messageEn: 'This account cannot use the bad-rating cases page',
};

/** Window staff handle their team's cases; supervisors and admins also decide appeals, review and close. */
export const sessions = accountSessions('hall.cases.session', ['staff', 'supervisor', 'admin'] as const, NOT_CASE_ACCOUNT);

/** The connection role of an account: staff connect as a counter (without opening a window). */
export function connectionRole(role: CaseRole): 'counter' | 'supervisor' | 'admin' {
  return role === 'staff' ? 'counter' : role;
}
