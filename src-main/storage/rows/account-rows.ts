import type { AccountRecord, DeviceRecord, SessionRecord } from '../../app/ports';

/** Rows of `accounts`, `devices` and `sessions`, as both stores read them. */
export interface AccountRow {
  hall_id: string;
  username: string;
  display_name: string;
  role: AccountRecord['role'];
  password_hash: string;
}

export interface DeviceRow {
  hall_id: string;
  id: string;
  kind: DeviceRecord['kind'];
  name: string | null;
  key_hash: string;
  window_id: number | null;
}

export interface SessionRow {
  token_hash: string;
  hall_id: string;
  username: string;
  created_at: number;
  expires_at: number;
}

export const rowToAccount = (r: AccountRow): AccountRecord => ({
  hallId: r.hall_id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  passwordHash: r.password_hash,
});

export const rowToDevice = (r: DeviceRow): DeviceRecord => ({ hallId: r.hall_id, id: r.id, kind: r.kind, name: r.name, keyHash: r.key_hash, windowId: r.window_id });

export const rowToSession = (r: SessionRow): SessionRecord => ({
  tokenHash: r.token_hash,
  hallId: r.hall_id,
  username: r.username,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});
