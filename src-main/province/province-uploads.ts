import type { Clock, HallStore } from '../app/ports';
import type { ProvinceUploadStore } from '../app/province-ports';
import type { ProvinceUploadView } from '../contracts/province';
import type { HallRegistry } from '../hall/hall-runtime';
import type { Logger } from '../hall/logger';
import { ProvinceClient } from './province-client';
import type { ProvinceSettings } from './province-settings';
import { ProvinceUploader } from './uploader';

// One ProvinceUploader per uploaded hall of this server (--province): the halls the settings name, or
// every hall of the server's configs. A hall this server does not run (yet: a PostgreSQL server runs the
// halls it holds the lease of) is uploaded once the server runs it, from the position in the table.

export interface ProvinceUploadDeps {
  settings: ProvinceSettings;
  /** The halls of the server's configs (used when the settings name none). */
  hallIds: readonly string[];
  halls: HallRegistry;
  hallStore: Pick<HallStore, 'readEvents'>;
  store: ProvinceUploadStore;
  clock: Clock;
  log: Logger;
}

export interface RunningProvinceUploads {
  /** Per uploaded hall, from memory: for /health. */
  health(): Record<string, ProvinceUploadView>;
  /** One hall's upload (from the table when another server runs it); undefined when it is not uploaded. */
  describe(hallId: string): Promise<ProvinceUploadView | undefined>;
  stop(): Promise<void>;
}

export function startProvinceUploads(deps: ProvinceUploadDeps): RunningProvinceUploads {
  const { settings, log } = deps;
  const client = new ProvinceClient(settings.url, settings.key, deps.clock, settings.ca);
  const halls = settings.halls ?? deps.hallIds.map((id) => ({ id, regionCode: settings.regionCode, organisationCode: settings.organisationCode }));
  const uploaders = new Map(
    halls.map((h) => [h.id, new ProvinceUploader({ hall: h, settings, client, halls: deps.halls, hallStore: deps.hallStore, store: deps.store, clock: deps.clock, log })]),
  );
  const unknown = halls.filter((h) => !deps.hallIds.includes(h.id)).map((h) => h.id);
  if (unknown.length > 0) log.warn({ halls: unknown }, 'the province settings name halls this server has no config for: they are never uploaded from here');
  for (const u of uploaders.values()) u.start();
  log.info({ url: settings.url, halls: [...uploaders.keys()] }, 'provincial 好差评 upload started');
  let stopped: Promise<void> | null = null;
  return {
    health: () => Object.fromEntries([...uploaders].map(([id, u]) => [id, u.view()])),
    describe: async (hallId) => uploaders.get(hallId)?.describe(),
    stop: () =>
      (stopped ??= Promise.all([...uploaders.values()].map((u) => u.stop())).then(() => {
        client.close();
      })),
  };
}
