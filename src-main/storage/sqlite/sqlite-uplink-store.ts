// STUB — the edge helper implements this (table uplink_state, migration 8).
import type { UplinkState, UplinkStateStore } from '../../app/link-ports';
import type { Db } from './open-database';

export class SqliteUplinkStore implements UplinkStateStore {
  constructor(private readonly db: Db) {}

  load(_hallId: string): UplinkState | undefined {
    throw new Error('not implemented yet');
  }

  save(_state: UplinkState): void {
    throw new Error('not implemented yet');
  }
}
