import { accountSessions, type AccountSession, type Failure } from '../shared/account-session';

export type { Failure };
export type StaffSession = AccountSession<'staff'>;

export const NOT_STAFF: Failure = {
  code: 'NOT_STAFF',
  message: '该账号不是窗口工作人员账号，请使用管理页面',
  messageEn: 'This account is not a window staff account; use the admin pages',
};

/** Only window staff accounts use the console. */
export const sessions = accountSessions('hall.counter.session', ['staff'] as const, NOT_STAFF);
export const { loadSession, saveSession, clearSession, login, logout } = sessions;
