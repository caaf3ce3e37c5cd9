import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { HallConfig } from '../contracts';
import { ConfigError, readHallConfig } from './config-file';
import { createLogger } from './logger';
import { cityBanner, printBanner } from './banner';
import { startHallServer } from './server';
import { describeTransport, plainHttpProblem, TRANSPORT_FLAG_OPTIONS, transportSettingsFrom, TransportSettingsError } from './transport/transport-settings';
import { loadTlsFiles } from './transport/tls-files';
import { describeLiveConfig, StoredConfigError, withFileKeys } from './live-config';
import { IdHashKeyError } from './id-hash-key';
import { ClusterFlagError, clusterOptionsFrom, databaseUrl, redactUrl } from '../cluster/cluster-flags';
import { CitySettingsError, readCitySettings } from '../city/city-settings';
import { readUplinkSettings, UplinkSettingsError } from '../edge/uplink-settings';
import { ProvinceSettingsError, readProvinceSettings } from '../province/province-settings';
import { DEMO_CITY_FILE, provideDemoCityKeys } from './demo-links';

const DEFAULT_CONFIG = 'resources/halls/demo.yaml';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string', multiple: true },
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      'reset-config': { type: 'boolean' },
      database: { type: 'string' },
      'instance-id': { type: 'string' },
      'advertise-url': { type: 'string' },
      uplink: { type: 'string' },
      province: { type: 'string' },
      city: { type: 'string' },
      ...TRANSPORT_FLAG_OPTIONS,
    },
  });
  const files = values.config ?? (process.env.HALL_CONFIG ? process.env.HALL_CONFIG.split(',') : [DEFAULT_CONFIG]);
  const configs: HallConfig[] = [];
  for (const f of files) configs.push(readHallConfig(resolve(f)));
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port "${values.port ?? process.env.PORT}"`);
  // TLS, trusted proxies and allowed origins (transport/): a production hall refuses plain HTTP.
  const transport = transportSettingsFrom(values, process.env);
  const plainHttp = plainHttpProblem(transport, configs.some((c) => c.production) || process.env.NODE_ENV === 'production');
  if (plainHttp) throw new TransportSettingsError('transport', [plainHttp]);
  const tls = transport.tls ? loadTlsFiles(transport.tls) : null;
  const dbFile = resolve(values.data ?? process.env.DATA_FILE ?? 'data/hall.sqlite');
  // PostgreSQL (shared by the servers of a cluster) when given; otherwise the SQLite file above.
  const database = databaseUrl(values.database ?? process.env.DATABASE_URL);
  const cluster = database ? clusterOptionsFrom(values, process.env) : undefined;
  const staticDir = resolve('dist/renderer');
  const log = createLogger();
  // A township hall links to its city (--uplink); a city platform watches its member halls (--city).
  const uplinkFile = values.uplink ?? process.env.HALL_UPLINK;
  const uplink = uplinkFile ? readUplinkSettings(resolve(uplinkFile), process.env) : undefined;
  // Ratings and case results pushed to the province's 好差评 platform (--province).
  const provinceFile = values.province ?? process.env.HALL_PROVINCE;
  const province = provinceFile ? readProvinceSettings(resolve(provinceFile), process.env) : undefined;
  // The demo (no config named) is also the demo city's platform, with its two township halls' link keys.
  const demo = !values.config && !process.env.HALL_CONFIG;
  const cityFile = values.city ?? process.env.HALL_CITY ?? (demo && !database ? DEMO_CITY_FILE : undefined);
  if (cityFile && resolve(cityFile) === resolve(DEMO_CITY_FILE)) provideDemoCityKeys(dirname(dbFile), process.env);
  const city = cityFile ? readCitySettings(resolve(cityFile), process.env) : undefined;

  const server = await startHallServer({
    configs,
    dbFile,
    port,
    host: values.host ?? process.env.HOST,
    staticDir: existsSync(staticDir) ? staticDir : null,
    log,
    resetConfig: values['reset-config'] === true,
    tls: tls ?? undefined,
    trustProxy: transport.trustProxy,
    allowedOrigins: transport.allowedOrigins,
    projectorChunk: process.env.HALL_PROJECTOR_CHUNK ? Number(process.env.HALL_PROJECTOR_CHUNK) : undefined,
    // HALL_WRITER=inline writes in the hall's own thread (to compare with the writer thread in benchmarks).
    writer: process.env.HALL_WRITER === 'inline' ? 'inline' : 'thread',
    database,
    cluster,
    uplink,
    province,
    city,
  });
  // The live configs (the database's, unless just seeded or reset from the files) are what the banner shows.
  const live = configs.map((c) => withFileKeys(server.halls.get(c.id)?.config ?? c, c));
  const notes = configs.flatMap((c) => {
    const lc = server.liveConfigs.get(c.id);
    return lc ? [describeLiveConfig(c.id, lc)] : [];
  });
  const store = database ? `PostgreSQL ${redactUrl(database)} (instance ${server.instanceId}; runs ${[...server.halls.keys()].join(', ') || 'no hall yet'})` : dbFile;
  printBanner(server.url, live, store, existsSync(staticDir), [...notes, ...describeTransport(transport, tls)], city ? cityBanner(server.url, city) : []);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof TransportSettingsError || err instanceof StoredConfigError || err instanceof IdHashKeyError || err instanceof ClusterFlagError || err instanceof UplinkSettingsError || err instanceof ProvinceSettingsError || err instanceof CitySettingsError || (err instanceof Error && err.name === 'PgOpenError')) {
    console.error(err.message);
  } else {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  }
  process.exit(1);
});
