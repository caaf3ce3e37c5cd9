import type { AccountRecord, AccountStore, DeviceRecord, SessionRecord } from '../../app/ports';
import type { AccountRow, DeviceRow, SessionRow } from '../rows/account-rows';
import { rowToAccount, rowToDevice, rowToSession } from '../rows/account-rows';
import type { Db } from './open-database';

export class SqliteAccountStore implements AccountStore {
  constructor(private readonly db: Db) {}

  syncAccounts(hallId: string, accounts: AccountRecord[]): void {
    const upsert = this.db.prepare(
      `INSERT INTO accounts (hall_id, username, display_name, role, password_hash) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (hall_id, username) DO UPDATE SET display_name = excluded.display_name, role = excluded.role,
         password_hash = excluded.password_hash`,
    );
    this.db.transaction(() => {
      for (const a of accounts) upsert.run(hallId, a.username, a.displayName, a.role, a.passwordHash);
      // The config is the list of who may log in: an account left out (or disabled) loses its sessions too.
      const keep = JSON.stringify(accounts.map((a) => a.username));
      this.db.prepare(`DELETE FROM sessions WHERE hall_id = ? AND username NOT IN (SELECT value FROM json_each(?))`).run(hallId, keep);
      this.db.prepare(`DELETE FROM accounts WHERE hall_id = ? AND username NOT IN (SELECT value FROM json_each(?))`).run(hallId, keep);
    })();
  }

  findAccount(hallId: string, username: string): AccountRecord | undefined {
    const row = this.db.prepare(`SELECT * FROM accounts WHERE hall_id = ? AND username = ?`).get(hallId, username) as AccountRow | undefined;
    return row ? rowToAccount(row) : undefined;
  }

  listAccounts(hallId: string): AccountRecord[] {
    return (this.db.prepare(`SELECT * FROM accounts WHERE hall_id = ? ORDER BY username`).all(hallId) as AccountRow[]).map(rowToAccount);
  }

  syncDevices(hallId: string, devices: DeviceRecord[]): void {
    const upsert = this.db.prepare(
      `INSERT INTO devices (hall_id, id, kind, name, key_hash, window_id) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (hall_id, id) DO UPDATE SET kind = excluded.kind, name = excluded.name, key_hash = excluded.key_hash,
         window_id = excluded.window_id`,
    );
    this.db.transaction(() => {
      for (const d of devices) upsert.run(hallId, d.id, d.kind, d.name, d.keyHash, d.windowId);
      this.db.prepare(`DELETE FROM devices WHERE hall_id = ? AND id NOT IN (SELECT value FROM json_each(?))`).run(hallId, JSON.stringify(devices.map((d) => d.id)));
    })();
  }

  findDevice(hallId: string, id: string): DeviceRecord | undefined {
    const r = this.db.prepare(`SELECT * FROM devices WHERE hall_id = ? AND id = ?`).get(hallId, id) as DeviceRow | undefined;
    return r ? rowToDevice(r) : undefined;
  }

  createSession(s: SessionRecord): void {
    this.db
      .prepare(`INSERT INTO sessions (token_hash, hall_id, username, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`)
      .run(s.tokenHash, s.hallId, s.username, s.createdAt, s.expiresAt);
  }

  findSession(tokenHash: string): SessionRecord | undefined {
    const r = this.db.prepare(`SELECT * FROM sessions WHERE token_hash = ?`).get(tokenHash) as SessionRow | undefined;
    return r ? rowToSession(r) : undefined;
  }

  deleteSessionsOf(hallId: string, username: string): void {
    this.db.prepare(`DELETE FROM sessions WHERE hall_id = ? AND username = ?`).run(hallId, username);
  }

  deleteSession(tokenHash: string): void {
    this.db.prepare(`DELETE FROM sessions WHERE token_hash = ?`).run(tokenHash);
  }
}
