import { accountSessions, type AccountSession, type Failure } from '../shared/account-session';

export type { Failure };
export type AdminSession = AccountSession<'supervisor' | 'admin'>;

export const NOT_ADMIN: Failure = {
  code: 'NOT_ADMIN',
  message: '该账号不是管理员或监察员账号，请使用窗口叫号台',
  messageEn: 'This account is neither an admin nor a supervisor; use the counter console',
};

/** Admins and supervisors use these pages; what each may do is the server's decision. */
export const sessions = accountSessions('hall.admin.session', ['supervisor', 'admin'] as const, NOT_ADMIN);
export const { loadSession, saveSession, clearSession, login, logout } = sessions;
