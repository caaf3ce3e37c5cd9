import type { Clock } from '../app/ports';
import type { HallRegistry } from '../hall/hall-runtime';
import type { StoreSet } from '../hall/hall-host';
import type { Logger } from '../hall/logger';
import { HttpTransport, LinkClient } from './link-client';
import type { UplinkHealth } from './uplink';
import { Uplink } from './uplink';
import type { UplinkSettings } from './uplink-settings';

// One Uplink per linked hall of this server (--uplink): each pushes its hall's event log to the city and
// takes the city's catalogue. A hall the settings name that this server does not run (yet: a PostgreSQL
// server runs the halls it holds the lease of) is linked once the server runs it.

export interface UplinkDeps {
  settings: UplinkSettings;
  halls: HallRegistry;
  stores: StoreSet;
  clock: Clock;
  log: Logger;
}

export interface RunningUplinks {
  /** Per linked hall: connected or not, acknowledged seq, backlog, catalogue state, last error. */
  health(): Record<string, UplinkHealth>;
  stop(): Promise<void>;
}

export function startUplinks(deps: UplinkDeps): RunningUplinks {
  const { settings, log } = deps;
  const transport = new HttpTransport(settings.cityUrl, settings.ca);
  const city = new URL(settings.cityUrl);
  if (city.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(city.hostname)) {
    log.warn({ city: settings.cityUrl }, 'the city link uses plain HTTP: signed, but readable on the way; use https:// for a real deployment');
  }
  const uplinks = settings.halls.map(
    (h) =>
      new Uplink({
        hallId: h.id,
        client: new LinkClient(transport, h.id, h.key, deps.clock),
        halls: deps.halls,
        hallStore: deps.stores.hall,
        stateStore: deps.stores.links.uplink,
        clock: deps.clock,
        log,
      }),
  );
  const notRun = settings.halls.filter((h) => !deps.halls.has(h.id)).map((h) => h.id);
  if (notRun.length > 0) log.warn({ halls: notRun }, 'the uplink settings name halls this server does not run (yet): they are linked once it runs them');
  for (const u of uplinks) u.start();
  let stopped: Promise<void> | null = null;
  return {
    health: () => Object.fromEntries(uplinks.map((u) => [u.hallId, u.health()])),
    stop: () =>
      (stopped ??= Promise.all(uplinks.map((u) => u.stop())).then(() => {
        transport.close();
      })),
  };
}
