import type pg from 'pg';
import type { AccountRecord, AccountStore, DeviceRecord, SessionRecord } from '../../app/ports';
import type { AccountRow, DeviceRow, SessionRow } from '../rows/account-rows';
import { rowToAccount, rowToDevice, rowToSession } from '../rows/account-rows';
import type { PgDb } from './pg-database';
import { inTransaction } from './pg-transaction';

/** Staff accounts, device keys and sessions, as SqliteAccountStore keeps them. */
export class PgAccountStore implements AccountStore {
  private readonly pool: pg.Pool;

  constructor(db: PgDb) {
    this.pool = db.pool;
  }

  async syncAccounts(hallId: string, accounts: AccountRecord[]): Promise<void> {
    const names = accounts.map((a) => a.username);
    await inTransaction(this.pool, async (c) => {
      await c.query(
        `INSERT INTO accounts (hall_id, username, display_name, role, password_hash)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])
         ON CONFLICT (hall_id, username) DO UPDATE SET display_name = EXCLUDED.display_name, role = EXCLUDED.role,
           password_hash = EXCLUDED.password_hash`,
        [hallId, names, accounts.map((a) => a.displayName), accounts.map((a) => a.role), accounts.map((a) => a.passwordHash)],
      );
      // The config is the list of who may log in: an account left out (or disabled) loses its sessions too.
      await c.query(`DELETE FROM sessions WHERE hall_id = $1 AND username <> ALL($2::text[])`, [hallId, names]);
      await c.query(`DELETE FROM accounts WHERE hall_id = $1 AND username <> ALL($2::text[])`, [hallId, names]);
    });
  }

  async findAccount(hallId: string, username: string): Promise<AccountRecord | undefined> {
    const { rows } = await this.pool.query<AccountRow>({ name: 'hq_find_account', text: `SELECT * FROM accounts WHERE hall_id = $1 AND username = $2`, values: [hallId, username] });
    return rows[0] ? rowToAccount(rows[0]) : undefined;
  }

  async listAccounts(hallId: string): Promise<AccountRecord[]> {
    // username is COLLATE "C": the byte order SQLite sorts by.
    const { rows } = await this.pool.query<AccountRow>(`SELECT * FROM accounts WHERE hall_id = $1 ORDER BY username`, [hallId]);
    return rows.map(rowToAccount);
  }

  async syncDevices(hallId: string, devices: DeviceRecord[]): Promise<void> {
    const ids = devices.map((d) => d.id);
    await inTransaction(this.pool, async (c) => {
      await c.query(
        `INSERT INTO devices (hall_id, id, kind, name, key_hash, window_id)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::integer[])
         ON CONFLICT (hall_id, id) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, key_hash = EXCLUDED.key_hash,
           window_id = EXCLUDED.window_id`,
        [hallId, ids, devices.map((d) => d.kind), devices.map((d) => d.name), devices.map((d) => d.keyHash), devices.map((d) => d.windowId)],
      );
      await c.query(`DELETE FROM devices WHERE hall_id = $1 AND id <> ALL($2::text[])`, [hallId, ids]);
    });
  }

  async findDevice(hallId: string, id: string): Promise<DeviceRecord | undefined> {
    const { rows } = await this.pool.query<DeviceRow>({ name: 'hq_find_device', text: `SELECT * FROM devices WHERE hall_id = $1 AND id = $2`, values: [hallId, id] });
    const r = rows[0];
    return r ? rowToDevice(r) : undefined;
  }

  async createSession(s: SessionRecord): Promise<void> {
    await this.pool.query({
      name: 'hq_create_session',
      text: `INSERT INTO sessions (token_hash, hall_id, username, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      values: [s.tokenHash, s.hallId, s.username, s.createdAt, s.expiresAt],
    });
  }

  async findSession(tokenHash: string): Promise<SessionRecord | undefined> {
    const { rows } = await this.pool.query<SessionRow>({ name: 'hq_find_session', text: `SELECT * FROM sessions WHERE token_hash = $1`, values: [tokenHash] });
    const r = rows[0];
    return r ? rowToSession(r) : undefined;
  }

  async deleteSessionsOf(hallId: string, username: string): Promise<void> {
    await this.pool.query(`DELETE FROM sessions WHERE hall_id = $1 AND username = $2`, [hallId, username]);
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.pool.query({ name: 'hq_delete_session', text: `DELETE FROM sessions WHERE token_hash = $1`, values: [tokenHash] });
  }
}
