// STUB — the edge helper replaces this file: one Uplink per linked hall of this server.
import type { Clock } from '../app/ports';
import type { HallRegistry } from '../hall/hall-runtime';
import type { StoreSet } from '../hall/hall-host';
import type { Logger } from '../hall/logger';
import type { UplinkSettings } from './uplink-settings';

export interface UplinkDeps {
  settings: UplinkSettings;
  halls: HallRegistry;
  stores: StoreSet;
  clock: Clock;
  log: Logger;
}

export interface RunningUplinks {
  /** Per linked hall: connected or not, acknowledged seq, backlog, catalogue state, last error. */
  health(): Record<string, unknown>;
  stop(): Promise<void>;
}

export function startUplinks(_deps: UplinkDeps): RunningUplinks {
  throw new Error('not implemented yet');
}
