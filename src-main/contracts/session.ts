import { z } from 'zod';

// The end of a staff, supervisor or admin session, pushed to every live connection of it. A connection
// whose session has ended answers any further event with the error code SESSION_ENDED, then closes.

/** Why a session ended. */
export const sessionEndReason = z.enum(['logout', 'password-reset', 'role-changed', 'account-disabled', 'account-removed', 'expired']);
export type SessionEndReason = z.infer<typeof sessionEndReason>;

/** The `session:ended` notice (server → client). */
export const sessionEndedNotice = z
  .object({
    code: z.literal('SESSION_ENDED'),
    reason: sessionEndReason,
    /** Chinese, shown first. */
    message: z.string().min(1),
    messageEn: z.string().min(1),
    at: z.number().int(),
  })
  .strict();
export type SessionEndedNotice = z.infer<typeof sessionEndedNotice>;

const WORDS: Record<SessionEndReason, [string, string]> = {
  logout: ['该登录已退出，请重新登录', 'This session was logged out; log in again'],
  'password-reset': ['账号密码已被重置，请用新密码重新登录', 'The account password was reset; log in again with the new password'],
  'role-changed': ['账号角色已变更，请重新登录', "The account's role was changed; log in again"],
  'account-disabled': ['账号已被停用，请联系管理员', 'The account was disabled; ask an administrator'],
  'account-removed': ['账号已被删除，请联系管理员', 'The account was removed; ask an administrator'],
  expired: ['登录已超过有效期（12 小时），请重新登录', 'The session expired (12 hours); log in again'],
};

export function sessionEndedWords(reason: SessionEndReason): { message: string; messageEn: string } {
  const [message, messageEn] = WORDS[reason];
  return { message, messageEn };
}
