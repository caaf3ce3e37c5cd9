// STUB — the city helper replaces this file: the city platform inside a hall server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../app/ports';
import type { HallHost, StoreSet } from '../hall/hall-host';
import type { Logger } from '../hall/logger';
import type { ReadSide } from '../hall/read-side/read-side';
import type { HallIo } from '../hall/socket-types';
import type { CitySettings } from './city-settings';

export interface CityDeps {
  settings: CitySettings;
  host: HallHost;
  stores: StoreSet;
  reads: ReadSide;
  clock: Clock;
  log: Logger;
  /** The client's address (behind trusted proxies: from X-Forwarded-For), for login limits and logs. */
  clientAddress: (req: IncomingMessage) => string;
}

export interface CityServer {
  /** Answers /api/city/… and /api/halls/<linked member>/uplink/…; false when the request is not the city's. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** The `/city` namespace of the hall server's socket.io. */
  attach(io: HallIo): void;
  health(): Record<string, unknown>;
  close(): Promise<void>;
}

export function openCity(_deps: CityDeps): Promise<CityServer> {
  throw new Error('not implemented yet');
}
