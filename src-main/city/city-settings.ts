// STUB — the city helper replaces this file: reads and checks the --city config file (YAML or JSON).
import type { CityConfig } from '../contracts';

export interface CitySettings {
  config: CityConfig;
  /** Per linked member: its link key (read from keyFile / keyEnv). */
  keys: ReadonlyMap<string, string>;
  /** The first catalogue (from config.catalogue), if any. */
  initialCatalogue: unknown;
}

export function readCitySettings(_file: string, _env: NodeJS.ProcessEnv): CitySettings {
  throw new Error('not implemented yet');
}
